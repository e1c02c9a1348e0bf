-- Automatic triage on every case, and the working-time settings deadlines are counted on.

ALTER TABLE cases ADD COLUMN due_first_response TEXT;
ALTER TABLE cases ADD COLUMN triage_confidence REAL;
ALTER TABLE cases ADD COLUMN triage_reasons TEXT;      -- JSON list of {kind, code, text}
ALTER TABLE cases ADD COLUMN triage_source TEXT;       -- 'auto' (engine) or 'staff' (confirmed/corrected)

-- Dated overrides of the working week: statutory holidays off, 调休 make-up days on.
-- Empty means the calendar shipped in the domain crate (WorkCalendar::china_default).
CREATE TABLE calendar_days (
    day  TEXT PRIMARY KEY,                              -- YYYY-MM-DD, Asia/Shanghai
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    note TEXT
);

-- Editable settings as JSON: 'work_periods' ([{start, end}]) and 'commitment' ({rows: [...]}).
-- A missing key means the domain default.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
