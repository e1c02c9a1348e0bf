-- The queue sorts, counts and pages in D1 over every unfinished case: this index holds exactly
-- its order (domain::queue::order_sql), over exactly the rows it reads (domain::queue::UNFINISHED_SQL).
CREATE INDEX cases_queue ON cases (
    (CASE WHEN importance IN ('A', 'B') AND urgency IN ('A', 'B') THEN 0 ELSE 1 END),
    due_at IS NULL,
    due_at,
    coalesce(received_at, submitted_at),
    id
) WHERE status NOT IN ('closed', 'merged');

-- Answered cases the sweep closes when the enterprise has not rated them in time.
CREATE INDEX cases_answered ON cases (status, answered_at);

-- Counters that must hold under parallel requests: D1 runs one statement at a time, so an
-- UPSERT … RETURNING is atomic. 'lookup:<client>' counts status lookups in a window ending at
-- `until`; 'login:<user id>:<client>' counts wrong passwords from one client for one account
-- (`until`: locked until then).
CREATE TABLE counters (
    key   TEXT PRIMARY KEY,
    n     INTEGER NOT NULL,
    until TEXT
);

-- A batch's answer is given once; a correction replaces it on every case and is recorded.
ALTER TABLE batches ADD COLUMN corrected_at TEXT;
ALTER TABLE batches ADD COLUMN corrected_by INTEGER REFERENCES staff_users (id);
