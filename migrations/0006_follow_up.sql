-- 好差评, rectification, return visits, and the notification outbox.

ALTER TABLE cases ADD COLUMN rectify_due TEXT;

CREATE TABLE ratings (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    answer_event_id INTEGER NOT NULL,        -- the answer being rated: one rating per answer
    at              TEXT NOT NULL,
    score           INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment         TEXT,
    bad             INTEGER NOT NULL,        -- 1 for 差评 (score 1–2)
    review          TEXT,                    -- for 差评: pending, rectify, explain, appeal
    reviewed_by     INTEGER REFERENCES staff_users (id),
    reviewed_at     TEXT,
    review_note     TEXT,
    UNIQUE (case_id, answer_event_id)
);
CREATE INDEX ratings_bad ON ratings (bad, review);

CREATE TABLE return_visits (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    rating_id INTEGER REFERENCES ratings (id),
    at        TEXT NOT NULL,
    by_user   INTEGER NOT NULL REFERENCES staff_users (id),
    channel   TEXT NOT NULL,                 -- phone, visit, wechat
    outcome   TEXT NOT NULL,                 -- satisfied, unsatisfied, unreachable
    note      TEXT
);
CREATE INDEX return_visits_case ON return_visits (case_id);

-- Every public event becomes a notification, whoever wrote it: a trigger, not a convention.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL UNIQUE REFERENCES case_events (id),
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    status          TEXT NOT NULL DEFAULT 'pending',   -- pending, sent, failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TRIGGER case_events_to_outbox AFTER INSERT ON case_events
WHEN NEW.public = 1
BEGIN
    INSERT INTO outbox (event_id, case_id, next_attempt_at, created_at)
    VALUES (NEW.id, NEW.case_id, NEW.at, NEW.at);
END;
