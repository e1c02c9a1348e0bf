-- Staff accounts, assignment, batches, reply templates and what the scheduled sweep needs.

CREATE TABLE staff_users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('front_desk', 'handler', 'supervisor', 'leader', 'admin')),
    department    TEXT,                     -- required for handlers: the unit they act for
    pw_salt       TEXT NOT NULL,            -- base64url, 16 random bytes
    pw_hash       TEXT NOT NULL,            -- base64url PBKDF2-SHA256
    pw_iterations INTEGER NOT NULL,
    failures      INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL
);

ALTER TABLE cases ADD COLUMN assignee_id INTEGER REFERENCES staff_users (id);
ALTER TABLE cases ADD COLUMN first_response_at TEXT;
ALTER TABLE cases ADD COLUMN paused_at TEXT;            -- set while waiting on the enterprise
ALTER TABLE cases ADD COLUMN received_at TEXT;          -- when the enterprise raised it (intake on behalf)
ALTER TABLE cases ADD COLUMN escalated_for_due TEXT;    -- the due time the sweep already escalated for
ALTER TABLE cases ADD COLUMN flagged_48h_at TEXT;
ALTER TABLE cases ADD COLUMN batch_id INTEGER;
ALTER TABLE cases ADD COLUMN mark TEXT;                 -- a sweep run's id, to log exactly what it changed

ALTER TABLE case_events ADD COLUMN role TEXT;
ALTER TABLE case_events ADD COLUMN reason TEXT;

CREATE INDEX cases_due ON cases (status, due_at);
CREATE INDEX cases_department ON cases (department, status);
CREATE INDEX cases_mark ON cases (mark);

CREATE TABLE batches (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    answer      TEXT,
    created_by  INTEGER NOT NULL REFERENCES staff_users (id),
    created_at  TEXT NOT NULL,
    answered_at TEXT
);

CREATE TABLE reply_templates (
    id         INTEGER PRIMARY KEY,
    category   TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES staff_users (id)
);
