-- 督办 and 决策 (issue 19): at level 3 the task force issues supervision orders — to which unit,
-- what (its own words, or the sweep's standard code), by when — which a handler of that unit
-- answers; at level 4 the leadership group's decision is recorded. Rules:
-- domain::coordination::supervision.
CREATE TABLE supervision_orders (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    unit        TEXT NOT NULL,
    code        TEXT,
    text        TEXT,
    due_at      TEXT NOT NULL,
    issued_by   INTEGER REFERENCES staff_users (id),   -- NULL: the overdue sweep
    issued_at   TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'replied')),
    reply       TEXT,
    replied_by  INTEGER REFERENCES staff_users (id),
    replied_at  TEXT,
    CHECK (code IS NOT NULL OR text IS NOT NULL)
);
CREATE INDEX supervision_orders_case ON supervision_orders (case_id);
CREATE TABLE decisions (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases (id),
    text     TEXT NOT NULL,
    by_id    INTEGER NOT NULL REFERENCES staff_users (id),
    at       TEXT NOT NULL
);
CREATE INDEX decisions_case ON decisions (case_id);
