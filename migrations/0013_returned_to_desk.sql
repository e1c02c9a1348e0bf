-- 退回 (issue 19): a unit's handler gives a case outside its remit back to the front desk with a
-- reason (an internal `returned` event). The case keeps its deadlines; until the desk routes it
-- again it carries when and from which unit it came back, and the desk's queue lists it first.
ALTER TABLE cases ADD COLUMN returned_at TEXT;
ALTER TABLE cases ADD COLUMN returned_from TEXT;
CREATE INDEX cases_returned ON cases (returned_at) WHERE returned_at IS NOT NULL;
