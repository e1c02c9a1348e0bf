//! The scheduled sweep (Cron Trigger): escalates open cases past their deadline one level, once
//! per deadline, flags cases unanswered 48 hours after they were received, warns of near
//! deadlines ([`super::warn`]), and closes answers left unrated for the published number of
//! working days. Each part is one
//! D1 batch that marks the rows it changed, logs exactly those, and clears the mark, so running
//! twice changes nothing more.

use chrono::{DateTime, Duration, Utc};
use domain::calendar::WorkCalendar;
use domain::time::{iso, parse as parse_time};
use serde::{Deserialize, Serialize};
use worker::{D1Database, Env};

use super::marked::{marked, marked_with};
use crate::error::ApiResult;

#[derive(Debug, Serialize)]
pub struct Report {
    pub escalated: usize,
    pub flagged_48h: usize,
    /// Cases whose people were warned of a near deadline.
    pub warned: usize,
    /// Supervision orders whose unit was reminded.
    pub reminded: usize,
    pub auto_closed: usize,
    /// Closed cases whose contact was anonymised (retention).
    pub anonymised: usize,
}

pub async fn run(env: &Env, now: DateTime<Utc>) -> ApiResult<Report> {
    let d1 = env.d1("DB")?;
    let at = iso(now);
    // cases whose clock runs: a case waiting on the enterprise is not overdue
    let running = domain::ledger::running_sql();
    let cal = crate::settings::calendar(&d1).await?;
    let clock = domain::sla::Clock::new(&cal, now);
    let mark = format!("escalate:{at}");
    let escalated = marked_with(
        &d1,
        format!(
            "UPDATE cases SET level = level + 1, escalated_for_due = due_at, mark = ?1, updated_at = ?2 \
             WHERE status IN ({running}) AND due_at IS NOT NULL AND due_at < ?2 AND level < 4 \
             AND (escalated_for_due IS NULL OR escalated_for_due <> due_at)"
        ),
        "INSERT INTO case_events (case_id, at, actor, role, kind, public, before, after, reason) \
         SELECT id, ?2, 'system', 'system', 'escalated', 1, json_object('level', level - 1), \
         json_object('level', level), 'overdue' FROM cases WHERE mark = ?1",
        vec![mark.as_str().into(), at.as_str().into()],
        orders(&d1, &cal, &mark, now)?,
    )
    .await?;
    let flagged_48h = marked(
        &d1,
        format!(
            "UPDATE cases SET flagged_48h_at = ?2, mark = ?1 WHERE flagged_48h_at IS NULL AND {}",
            domain::sla::flagged_48h_sql("?3")
        ),
        "INSERT INTO case_events (case_id, at, actor, role, kind, public, reason) \
         SELECT id, ?2, 'system', 'system', 'flagged_48h', 0, 'not answered 48 hours after submission' \
         FROM cases WHERE mark = ?1 AND ?3 IS NOT NULL",
        vec![format!("flag:{at}").into(), at.as_str().into(), iso(clock.flag_48h_before).into()],
    )
    .await?;
    let warned = super::warn::near_due(&d1, &cal, now).await?;
    let reminded = super::warn::order_reminders(&d1, &cal, now).await?;
    let auto_closed = auto_close(&d1, &cal, now).await?;
    let anonymised = crate::privacy::anonymise(&d1, now).await?;
    crate::counters::forget_old(&d1, now).await?;
    Ok(Report {
        escalated,
        flagged_48h,
        warned,
        reminded,
        auto_closed,
        anonymised,
    })
}

/// 督办 by the sweep: a case escalated to level 3 or 4 gets an order to its unit in standard
/// words, due two working days on (`domain::coordination::supervision::sweep_order`), and the
/// enterprise's timeline says so — never "supervised" without an order on record.
fn orders(
    d1: &D1Database,
    cal: &WorkCalendar,
    mark: &str,
    now: DateTime<Utc>,
) -> ApiResult<Vec<worker::D1PreparedStatement>> {
    use domain::coordination::supervision::{OrderCode, SWEEP_ORDER_WORKING_DAYS};
    let due = cal.add_working_minutes(now, SWEEP_ORDER_WORKING_DAYS * cal.minutes_per_day());
    let at = iso(now);
    let args = [
        mark.into(),
        at.as_str().into(),
        iso(due).into(),
        OrderCode::OverdueExpedite.code().into(),
        OrderCode::OverdueReportToLeadership.code().into(),
    ];
    Ok(vec![
        d1.prepare(
            "INSERT INTO supervision_orders (case_id, unit, code, due_at, issued_at) \
             SELECT id, department, CASE WHEN level >= 4 THEN ?5 ELSE ?4 END, ?3, ?2 FROM cases \
             WHERE mark = ?1 AND level >= 3 AND department IS NOT NULL",
        )
        .bind(&args)?,
        d1.prepare(
            "INSERT INTO case_events (case_id, at, actor, role, kind, public, after, reason) \
             SELECT id, ?2, 'system', 'system', 'order_issued', 1, json_object('unit', department, 'due_at', ?3), \
             CASE WHEN level >= 4 THEN ?5 ELSE ?4 END FROM cases \
             WHERE mark = ?1 AND level >= 3 AND department IS NOT NULL",
        )
        .bind(&args)?,
    ])
}

#[derive(Deserialize)]
struct Answered {
    id: i64,
    last_answer: String,
}

/// Answered cases whose latest answer went unrated for `AUTO_CLOSE_WORKING_DAYS` working days
/// close, with a public event (up to 200 a run; the sweep runs every minute).
async fn auto_close(d1: &D1Database, cal: &WorkCalendar, now: DateTime<Utc>) -> ApiResult<usize> {
    let days = domain::rating::AUTO_CLOSE_WORKING_DAYS;
    // working days are never fewer than calendar days: a cheap bound, then the calendar decides;
    // oldest first, so cases still inside a long holiday never hold back older ones
    let bound = iso(now - Duration::days(i64::from(days)));
    let rows = d1
        .prepare(format!(
            "SELECT id, last_answer FROM (SELECT id, (SELECT max(e.id) FROM case_events e \
               WHERE e.case_id = cases.id AND e.kind IN ({kinds})) AS answer_id, \
               (SELECT max(e.at) FROM case_events e WHERE e.case_id = cases.id AND e.kind IN ({kinds})) AS last_answer \
             FROM cases WHERE status = 'answered' AND answered_at <= ?1) c \
             WHERE last_answer <= ?1 AND NOT EXISTS \
               (SELECT 1 FROM ratings r WHERE r.case_id = c.id AND r.answer_event_id = c.answer_id) \
             ORDER BY last_answer, id LIMIT 200",
            kinds = domain::rating::ANSWER_KINDS_SQL
        ))
        .bind(&[bound.into()])?
        .all()
        .await?
        .results::<Answered>()?;
    let due: Vec<i64> = rows
        .iter()
        .filter(|r| {
            parse_time(&r.last_answer).is_some_and(|t| domain::rating::auto_closes(cal, t, now))
        })
        .map(|r| r.id)
        .collect();
    if due.is_empty() {
        return Ok(0);
    }
    let at = iso(now);
    let ids = serde_json::to_string(&due).unwrap_or_else(|_| "[]".into());
    marked(
        d1,
        "UPDATE cases SET status = 'closed', mark = ?1, updated_at = ?2 \
         WHERE status = 'answered' AND id IN (SELECT value FROM json_each(?3))"
            .into(),
        "INSERT INTO case_events (case_id, at, actor, role, kind, public, reason) \
         SELECT id, ?2, 'system', 'system', 'auto_closed', 1, 'unrated' FROM cases WHERE mark = ?1 AND ?3 IS NOT NULL",
        vec![format!("close:{at}").into(), at.as_str().into(), ids.into()],
    )
    .await
}
