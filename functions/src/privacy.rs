//! Retention (issue 20): saving the administrator's period (`settings::retention` reads it) and the sweep's part that anonymises the contacts of cases
//! closed and untouched for longer, a batch at a time, with one audit line per run that did any.

use chrono::{DateTime, Utc};
use domain::privacy::{RetentionYears, ANONYMISE_BATCH};
use domain::time::iso;
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, Request, Response};

use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::{json, read_json, Cx};

/// What forgetting a case's contact sets (`?2`: the moment): the name and number emptied, and
/// when — for the retention sweep and for a person's erasure alike.
pub const FORGET_CONTACT: &str = "contact_name = '', contact_phone = '', anonymised_at = ?2";

/// Anonymises up to [`ANONYMISE_BATCH`] closed cases last changed before the cutoff: the
/// contact's name and number are emptied, nothing else moves (not `updated_at`, not a count).
/// Personal information requests answered before the cutoff lose their contact and details too.
pub async fn anonymise(d1: &D1Database, now: DateTime<Utc>) -> ApiResult<usize> {
    let years = crate::settings::retention(d1).await?;
    let args = [
        iso(years.cutoff(now)).into(),
        iso(now).into(),
        JsValue::from(years.get()),
    ];
    let results = d1
        .batch(vec![
            d1.prepare(format!(
                "UPDATE cases SET {FORGET_CONTACT} \
                 WHERE id IN (SELECT id FROM cases WHERE status = 'closed' AND anonymised_at IS NULL \
                 AND updated_at < ?1 ORDER BY updated_at LIMIT {ANONYMISE_BATCH}) AND ?3 > 0"
            ))
            .bind(&args)?,
            d1.prepare(format!(
                "INSERT INTO audit_log (at, actor, role, action, target, detail) \
                 SELECT ?2, 'system', 'system', '{}', 'retention', \
                 json_object('cases', changes(), 'years', CAST(?3 AS INTEGER), 'closed_before', ?1) WHERE changes() > 0",
                domain::audit::AuditAction::Anonymise.code()
            ))
            .bind(&args)?,
            // a person's requests, answered before the cutoff, keep their number and answer only
            d1.prepare(format!(
                "UPDATE rights_requests SET contact_name = '', contact_phone = '', detail = '', answer = '' \
                 WHERE id IN (SELECT id FROM rights_requests WHERE status <> 'open' AND contact_phone <> '' \
                 AND answered_at < ?1 ORDER BY answered_at LIMIT {ANONYMISE_BATCH})"
            ))
            .bind(&args[..1])?,
            d1.prepare(format!(
                "INSERT INTO audit_log (at, actor, role, action, target, detail) \
                 SELECT ?2, 'system', 'system', '{}', 'rights_requests', \
                 json_object('requests', changes(), 'years', CAST(?3 AS INTEGER), 'answered_before', ?1) WHERE changes() > 0",
                domain::audit::AuditAction::Anonymise.code()
            ))
            .bind(&args)?,
        ])
        .await?;
    Ok(crate::http::first_changes(&results))
}

#[derive(Deserialize)]
struct Body {
    years: serde_json::Value,
}

/// `POST /api/admin/retention` (admin): `{"years": 1–30}`; recorded in the audit log.
pub async fn save(mut req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let body: Body = read_json(&mut req).await?;
    let years = body
        .years
        .as_u64()
        .and_then(|y| u32::try_from(y).ok())
        .and_then(RetentionYears::new)
        .ok_or_else(|| ApiError::Field("years".into(), "admin-err-retention".into()))?;
    let d1 = cx.env.d1("DB")?;
    let value = years.get().to_string();
    let key = crate::settings::RETENTION_KEY;
    let entry = crate::audit::Entry::by(
        &s,
        domain::audit::AuditAction::RetentionSaved,
        key.into(),
        serde_json::json!({"years": years.get()}),
    );
    d1.batch(vec![
        crate::settings::save_statement(&d1, key, value, &s, cx.now)?,
        crate::audit::statement(&d1, entry, cx.now)?,
    ])
    .await?;
    Ok(json(
        &serde_json::json!({"retention_years": years.get()}),
        200,
    )?)
}
