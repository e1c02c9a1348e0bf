-- Cases as enterprises file them, numbered per service day, with an append-only event log.

CREATE TABLE case_seq (
    day TEXT PRIMARY KEY,          -- YYYYMMDD in Asia/Shanghai
    n   INTEGER NOT NULL
);

CREATE TABLE cases (
    id              INTEGER PRIMARY KEY,
    day             TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    token           TEXT NOT NULL UNIQUE,
    idempotency_key TEXT UNIQUE,
    fingerprint     TEXT NOT NULL,
    enterprise_name TEXT NOT NULL,
    uscc            TEXT NOT NULL,
    contact_name    TEXT NOT NULL,
    contact_phone   TEXT NOT NULL,
    port            TEXT NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    channel         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'submitted',
    category        TEXT,
    importance      TEXT,
    urgency         TEXT,
    level           INTEGER,
    department      TEXT,
    due_at          TEXT,
    submitted_at    TEXT NOT NULL,  -- RFC 3339, UTC
    updated_at      TEXT NOT NULL,
    UNIQUE (day, seq)
);

CREATE INDEX cases_status ON cases (status, submitted_at);
CREATE INDEX cases_phone ON cases (contact_phone);

CREATE TABLE case_events (
    id      INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,          -- 'enterprise', 'system' or a staff user
    kind    TEXT NOT NULL,
    public  INTEGER NOT NULL,       -- 1: the enterprise sees it on the status page
    before  TEXT,
    after   TEXT,
    note    TEXT
);

CREATE INDEX case_events_case ON case_events (case_id, id);
