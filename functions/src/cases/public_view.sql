-- The public status page in one statement (`GET /api/cases/status/{token}`): the case's shown
-- columns, its public events in order and its latest answer, as one JSON value built by SQLite.
-- Also read by the bench's JavaScript baseline, so both run the very same query.
SELECT json_object(
    'day', day, 'seq', seq, 'status', status, 'port', port, 'department', department,
    'enterprise_name', enterprise_name, 'contact_name', contact_name, 'contact_phone', contact_phone,
    'title', title, 'description', description, 'due_at', due_at, 'submitted_at', submitted_at,
    'category', category, 'importance', importance, 'urgency', urgency, 'level', level,
    'first_responsible_role', (SELECT role FROM staff_users WHERE id = cases.first_responsible_id),
    'orders', (SELECT count(*) FROM supervision_orders WHERE case_id = cases.id),
    'decisions', (SELECT count(*) FROM decisions WHERE case_id = cases.id),
    'assisting', json((SELECT json_group_array(unit) FROM (SELECT unit FROM assist_tasks
        WHERE case_id = cases.id AND status <> 'withdrawn' ORDER BY id))),
    'events', json((
        SELECT json_group_array(json_object('at', e.at, 'kind', e.kind, 'note', e.note))
        FROM (SELECT at, kind, note FROM case_events
              WHERE case_id = cases.id AND public = 1 ORDER BY id) e)),
    'answer', json((
        SELECT json_object('id', e.id, 'at', e.at, 'rated', EXISTS (
            SELECT 1 FROM ratings r WHERE r.case_id = e.case_id AND r.answer_event_id = e.id))
        FROM case_events e WHERE e.case_id = cases.id AND e.kind IN ('answered', 'explained')
        ORDER BY e.id DESC LIMIT 1))
) AS view
FROM cases WHERE token = ?1
