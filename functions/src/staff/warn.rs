//! The sweep's warnings: a case near its deadline (`notify::NEAR_DUE_WORKING_MINUTES` of working
//! time left) is logged once per deadline, and a supervision order is reminded once, at its
//! reminder moment (`supervision::reminder_moment`). Both are internal events; the staff they
//! concern are told in the same batch (`told::of_marked`).

use chrono::{DateTime, Utc};
use domain::calendar::WorkCalendar;
use domain::coordination::notify::NEAR_DUE_WORKING_MINUTES;
use domain::coordination::supervision::reminder_moment;
use domain::time::{iso, parse as parse_time};
use serde::Deserialize;
use worker::D1Database;

use super::marked::{marked, marked_with};
use crate::error::ApiResult;

/// Open cases whose clock runs and whose deadline is ahead but within the warning's reach.
pub async fn near_due(d1: &D1Database, cal: &WorkCalendar, now: DateTime<Utc>) -> ApiResult<usize> {
    let at = iso(now);
    let reach = cal.add_working_minutes(now, NEAR_DUE_WORKING_MINUTES);
    let running = domain::ledger::running_sql();
    marked(
        d1,
        format!(
            "UPDATE cases SET warned_for_due = due_at, mark = ?1 WHERE status IN ({running}) \
             AND due_at IS NOT NULL AND due_at > ?2 AND due_at <= ?3 \
             AND (warned_for_due IS NULL OR warned_for_due <> due_at)"
        ),
        "INSERT INTO case_events (case_id, at, actor, role, kind, public, after) \
         SELECT id, ?2, 'system', 'system', 'due_soon', 0, json_object('due_at', due_at) \
         FROM cases WHERE mark = ?1 AND ?3 IS NOT NULL",
        vec![
            format!("warn:{at}").into(),
            at.as_str().into(),
            iso(reach).into(),
        ],
    )
    .await
}

#[derive(Deserialize)]
struct OpenOrder {
    id: i64,
    issued_at: String,
    due_at: String,
}

/// Orders not answered, not reminded, not past due, whose reminder moment has come.
pub async fn order_reminders(
    d1: &D1Database,
    cal: &WorkCalendar,
    now: DateTime<Utc>,
) -> ApiResult<usize> {
    let at = iso(now);
    let open = d1
        .prepare(
            "SELECT id, issued_at, due_at FROM supervision_orders \
             WHERE status = 'issued' AND reminded_at IS NULL AND due_at > ?1 ORDER BY id LIMIT 500",
        )
        .bind(&[at.as_str().into()])?
        .all()
        .await?
        .results::<OpenOrder>()?;
    let due: Vec<i64> = open
        .iter()
        .filter(
            |o| match (parse_time(&o.issued_at), parse_time(&o.due_at)) {
                (Some(issued), Some(due)) => reminder_moment(cal, issued, due) <= now,
                _ => false,
            },
        )
        .map(|o| o.id)
        .collect();
    if due.is_empty() {
        return Ok(0);
    }
    let ids = serde_json::to_string(&due).unwrap_or_else(|_| "[]".into());
    let args: Vec<worker::wasm_bindgen::JsValue> = vec![
        format!("remind:{at}").into(),
        at.as_str().into(),
        ids.into(),
    ];
    let chosen = "SELECT value FROM json_each(?3)";
    let stamp = d1
        .prepare(format!(
            "UPDATE supervision_orders SET reminded_at = ?2 WHERE id IN ({chosen}) AND reminded_at IS NULL \
             AND ?1 IS NOT NULL"
        ))
        .bind(&args)?;
    marked_with(
        d1,
        format!(
            "UPDATE cases SET mark = ?1 WHERE ?2 IS NOT NULL AND id IN (SELECT case_id FROM \
             supervision_orders WHERE id IN ({chosen}) AND reminded_at IS NULL)"
        ),
        &format!(
            "INSERT INTO case_events (case_id, at, actor, role, kind, public, after) \
             SELECT case_id, ?2, 'system', 'system', 'order_reminded', 0, \
             json_object('unit', unit, 'due_at', due_at) FROM supervision_orders \
             WHERE id IN ({chosen}) AND reminded_at IS NULL AND ?1 IS NOT NULL"
        ),
        args,
        vec![stamp],
    )
    .await
}
