-- What the ledger and the statistics read without walking every case's events: when a case was
-- first answered, how long that took in working time (pauses excluded), and its latest 好差评.

ALTER TABLE cases ADD COLUMN answered_at TEXT;
ALTER TABLE cases ADD COLUMN handling_minutes INTEGER;
ALTER TABLE cases ADD COLUMN rating INTEGER;

UPDATE cases SET answered_at = (
    SELECT min(e.at) FROM case_events e WHERE e.case_id = cases.id AND e.kind = 'answered'
);
UPDATE cases SET rating = (
    SELECT r.score FROM ratings r WHERE r.case_id = cases.id ORDER BY r.id DESC LIMIT 1
);

CREATE INDEX cases_submitted ON cases (submitted_at, id);
