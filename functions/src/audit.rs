//! The append-only log of staff actions that are not about one case. No route updates or
//! deletes its rows.

use chrono::{DateTime, Utc};
use domain::audit::AuditAction;
use domain::time::iso;
use worker::wasm_bindgen::JsValue;
use worker::D1Database;

use crate::auth::session::Session;
use crate::error::ApiResult;

pub struct Entry<'a> {
    pub actor: String,
    pub role: Option<&'a str>,
    pub action: AuditAction,
    pub target: Option<String>,
    pub detail: serde_json::Value,
}

impl<'a> Entry<'a> {
    /// What a logged-in officer did, to `target`.
    pub fn by(s: &Session, action: AuditAction, target: String, detail: serde_json::Value) -> Self {
        Entry {
            actor: format!("staff:{}", s.user_id),
            role: Some(s.role.code()),
            action,
            target: Some(target),
            detail,
        }
    }
}

/// The entry as a statement, for a D1 batch with the change it records.
pub fn statement(
    d1: &D1Database,
    e: Entry<'_>,
    now: DateTime<Utc>,
) -> ApiResult<worker::D1PreparedStatement> {
    Ok(d1
        .prepare("INSERT INTO audit_log (at, actor, role, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind(&values(e, now))?)
}

/// The entry as a statement that writes only when the statement before it in the batch
/// changed a row (a guarded update that lost a race leaves no line).
pub fn statement_if_changed(
    d1: &D1Database,
    e: Entry<'_>,
    now: DateTime<Utc>,
) -> ApiResult<worker::D1PreparedStatement> {
    Ok(d1
        .prepare(
            "INSERT INTO audit_log (at, actor, role, action, target, detail) \
             SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE changes() > 0",
        )
        .bind(&values(e, now))?)
}

fn values(e: Entry<'_>, now: DateTime<Utc>) -> [JsValue; 6] {
    [
        iso(now).into(),
        e.actor.into(),
        e.role.map(JsValue::from).unwrap_or(JsValue::NULL),
        e.action.code().into(),
        e.target.map(JsValue::from).unwrap_or(JsValue::NULL),
        e.detail.to_string().into(),
    ]
}

pub async fn write(d1: &D1Database, e: Entry<'_>, now: DateTime<Utc>) -> ApiResult<()> {
    statement(d1, e, now)?.run().await?;
    Ok(())
}
