-- 会同 (issue 19): the lead unit (the case's department) asks other units for help. Each
-- assisting unit has its own task: what is asked, a sub-deadline inside the case's, and its
-- reply; the desk or the task force may withdraw it. Rules: domain::coordination::assist.
CREATE TABLE assist_tasks (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    unit         TEXT NOT NULL,
    ask          TEXT NOT NULL,
    due_at       TEXT NOT NULL,
    asked_by     INTEGER NOT NULL REFERENCES staff_users (id),
    asked_at     TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replied', 'withdrawn')),
    reply        TEXT,
    replied_by   INTEGER REFERENCES staff_users (id),
    replied_at   TEXT,
    withdrawn_by INTEGER REFERENCES staff_users (id),
    withdrawn_at TEXT
);
CREATE INDEX assist_tasks_case ON assist_tasks (case_id);
CREATE INDEX assist_tasks_unit ON assist_tasks (unit, status, case_id);
