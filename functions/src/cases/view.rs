//! One case as staff see it: the row, its grading and why, its clock, its event log with names
//! and labels, and the actions this staff member may take now.

use chrono::{DateTime, Utc};
use domain::sla::Clock;
use domain::taxonomy::{Category, EventKind, Port};
use domain::time::display;
use domain::Lang;
use serde_json::json as j;
use worker::D1Database;

use super::actions::available;
use super::db::CaseRow;
use super::store::{events, flags};
use crate::auth::session::Session;
use crate::error::ApiResult;
use crate::settings;

fn label<T>(v: Option<T>, f: impl Fn(T) -> &'static str) -> Option<&'static str> {
    v.map(f)
}

pub async fn view(
    d1: &D1Database,
    row: &CaseRow,
    s: &Session,
    now: DateTime<Utc>,
    lang: Lang,
) -> ApiResult<serde_json::Value> {
    let cal = settings::calendar(d1).await?;
    let f = flags(row, &Clock::new(&cal, now));
    let evs = events(d1, row.id).await?;
    let category = row.category.as_deref().and_then(Category::parse);
    let reasons: serde_json::Value = row
        .triage_reasons
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or(j!([]));
    let events: Vec<serde_json::Value> = evs
        .iter()
        .map(|e| {
            j!({
                "at": e.at, "at_text": display(&e.at, lang), "actor": e.actor, "actor_name": e.actor_name, "role": e.role, "kind": e.kind,
                "label": EventKind::parse(&e.kind).map(|k| k.label(lang)).unwrap_or(""),
                "public": e.public == 1, "note": e.note, "reason": e.reason,
                "before": e.before.as_deref().and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok()),
                "after": e.after.as_deref().and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok()),
            })
        })
        .collect();
    let status = row.status();
    Ok(j!({
        "case_no": row.case_no()?.to_string(),
        "status": status.code(), "status_label": status.label(lang),
        "enterprise_name": row.enterprise_name, "uscc": row.uscc,
        "contact_name": row.contact_name, "contact_phone": row.contact_phone,
        "port": row.port, "port_label": Port::parse(&row.port).map(|p| p.label(lang)),
        "channel": row.channel, "channel_label": domain::taxonomy::Channel::parse(&row.channel).map(|c| c.label(lang)),
        "title": row.title, "description": row.description,
        "submitted_at": row.submitted_at, "submitted_at_text": display(&row.submitted_at, lang),
        "received_at": row.received().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "category": row.category, "category_label": label(category, |c| c.label(lang)),
        "importance": row.importance, "urgency": row.urgency, "grade": row.grade(),
        "department": row.department, "department_label": label(row.department(), |d| d.label(lang)),
        "level": row.level, "assignee_id": row.assignee_id,
        "due_at": row.due_at, "due_at_text": row.due_at.as_deref().map(|d| display(d, lang)),
        "due_first_response": row.due_first_response,
        "due_first_response_text": row.due_first_response.as_deref().map(|d| display(d, lang)),
        "first_response_at": row.first_response_at,
        "paused_at": row.paused_at, "flagged_48h_at": row.flagged_48h_at,
        "updated_at": row.updated_at,
        "triage": { "source": row.triage_source, "confidence": row.triage_confidence, "reasons": reasons,
            "unsure": domain::triage::needs_confirmation(row.triage_source.as_deref(), row.triage_confidence) },
        "flags": { "overdue": f.overdue, "near_due": f.near_due, "flagged_48h": f.flagged_48h },
        "events": events,
        "actions": available(row, s),
    }))
}
