-- 决策 is recorded once per case: a second decision is refused (409) and this index holds it
-- under any path.
CREATE UNIQUE INDEX decisions_one_per_case ON decisions (case_id);
