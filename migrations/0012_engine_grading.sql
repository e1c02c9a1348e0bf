-- What the automatic grading said (engine and routing rules), kept beside what the staff
-- confirmed or corrected it to: the administrator's agreement table compares the two.
ALTER TABLE cases ADD COLUMN engine_category TEXT;
ALTER TABLE cases ADD COLUMN engine_department TEXT;

-- Cases filed before: the grading before the first staff triage is the engine's; a case never
-- triaged by staff still holds it.
UPDATE cases SET
    engine_category = coalesce((SELECT json_extract(e.before, '$.category') FROM case_events e
        WHERE e.case_id = cases.id AND e.kind IN ('triaged', 'regraded') AND e.before IS NOT NULL
        ORDER BY e.id LIMIT 1), category),
    engine_department = coalesce((SELECT json_extract(e.before, '$.department') FROM case_events e
        WHERE e.case_id = cases.id AND e.kind IN ('triaged', 'regraded') AND e.before IS NOT NULL
        ORDER BY e.id LIMIT 1), department);
