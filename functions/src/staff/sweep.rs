//! The scheduled sweep (Cron Trigger): escalates open cases past their deadline one level, once
//! per deadline, and flags cases unanswered 48 hours after they were received. Each part is one
//! D1 batch that marks the rows it changed, logs exactly those, and clears the mark, so running
//! twice changes nothing more.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use worker::{D1Database, Env};

use crate::cases::db::iso;
use crate::error::ApiResult;

#[derive(Debug, Serialize)]
pub struct Report {
    pub escalated: usize,
    pub flagged_48h: usize,
}

async fn marked(
    d1: &D1Database,
    update: String,
    event: &str,
    args: Vec<worker::wasm_bindgen::JsValue>,
) -> ApiResult<usize> {
    let mark = args[0].clone();
    let results = d1
        .batch(vec![
            d1.prepare(update).bind(&args)?,
            d1.prepare(event).bind(&args)?,
            d1.prepare("UPDATE cases SET mark = NULL WHERE mark = ?1")
                .bind(&[mark])?,
        ])
        .await?;
    Ok(results
        .first()
        .and_then(|r| r.meta().ok().flatten())
        .and_then(|m| m.changes)
        .unwrap_or(0))
}

pub async fn run(env: &Env, now: DateTime<Utc>) -> ApiResult<Report> {
    let d1 = env.d1("DB")?;
    let at = iso(now);
    // cases whose clock runs: a case waiting on the enterprise is not overdue
    let running = domain::ledger::running_sql();
    let escalated = marked(
        &d1,
        format!(
            "UPDATE cases SET level = level + 1, escalated_for_due = due_at, mark = ?1, updated_at = ?2 \
             WHERE status IN ({running}) AND due_at IS NOT NULL AND due_at < ?2 AND level < 4 \
             AND (escalated_for_due IS NULL OR escalated_for_due <> due_at)"
        ),
        "INSERT INTO case_events (case_id, at, actor, role, kind, public, before, after, reason) \
         SELECT id, ?2, 'system', 'system', 'escalated', 1, json_object('level', level - 1), \
         json_object('level', level), 'overdue' FROM cases WHERE mark = ?1",
        vec![format!("escalate:{at}").into(), at.as_str().into()],
    )
    .await?;
    let flagged_48h = marked(
        &d1,
        format!(
            "UPDATE cases SET flagged_48h_at = ?2, mark = ?1 \
             WHERE status IN ({running}) AND flagged_48h_at IS NULL AND COALESCE(received_at, submitted_at) <= ?3"
        ),
        "INSERT INTO case_events (case_id, at, actor, role, kind, public, reason) \
         SELECT id, ?2, 'system', 'system', 'flagged_48h', 0, 'not answered 48 hours after submission' \
         FROM cases WHERE mark = ?1 AND ?3 IS NOT NULL",
        vec![format!("flag:{at}").into(), at.as_str().into(), iso(now - Duration::hours(48)).into()],
    )
    .await?;
    Ok(Report {
        escalated,
        flagged_48h,
    })
}
