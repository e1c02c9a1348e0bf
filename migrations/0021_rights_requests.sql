-- A person's request about their own information (个人信息保护法 art. 44–47; domain::rights):
-- a case of its own kind, numbered PI-YYYYMMDD-NNNN, followed by its token, answered once by
-- the administrator.
CREATE TABLE rights_seq (
    day TEXT PRIMARY KEY,
    n INTEGER NOT NULL
);

CREATE TABLE rights_requests (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    token TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('access', 'correct', 'erase', 'withdraw')),
    contact_name TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    uscc TEXT,
    case_no TEXT,
    detail TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'refused')),
    submitted_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    answer TEXT,
    answered_at TEXT,
    answered_by INTEGER REFERENCES staff_users (id),
    UNIQUE (day, seq)
);

CREATE INDEX rights_requests_by_status ON rights_requests (status, due_at);
