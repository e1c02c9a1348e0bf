-- The queue puts work on staff's desk before cases waiting on the enterprise (asked for
-- information, or answered and not yet rated): an answered case's passed due date is not work.
-- The index holds exactly the new order (domain::queue::order_sql, work_rank_sql).
DROP INDEX IF EXISTS cases_queue;
CREATE INDEX cases_queue ON cases (
    (CASE WHEN status NOT IN ('submitted', 'triaged', 'in_progress', 'reopened') THEN 2
          WHEN importance IN ('A', 'B') AND urgency IN ('A', 'B') THEN 0 ELSE 1 END),
    due_at IS NULL,
    due_at,
    coalesce(received_at, submitted_at),
    id
) WHERE status NOT IN ('closed', 'merged');
