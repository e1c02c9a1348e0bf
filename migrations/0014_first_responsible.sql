-- 首问负责 (issue 19): the first member of staff who acts on a case stays its named
-- first-responsible person, whoever handles it later. Set once by the first staff change
-- (functions/src/cases/store.rs, by domain::coordination::first_contact); cases already acted on
-- take the first staff member in their event log (administrators never become one).
ALTER TABLE cases ADD COLUMN first_responsible_id INTEGER REFERENCES staff_users (id);
UPDATE cases SET first_responsible_id = (
    SELECT CAST(substr(e.actor, 7) AS INTEGER) FROM case_events e
    WHERE e.case_id = cases.id AND e.actor LIKE 'staff:%' AND coalesce(e.role, '') <> 'admin'
    ORDER BY e.id LIMIT 1
) WHERE first_responsible_id IS NULL;
