//! Delivers the outbox: every public event, posted to a configurable webhook (the bridge to
//! WeChat template messages or SMS), with retries and exponential backoff. Rows are claimed
//! before sending, so two overlapping runs never send the same one; a row is marked sent once.

use chrono::{DateTime, Duration, Utc};
use domain::time::iso;
use serde::Deserialize;
use serde_json::json as j;
use worker::wasm_bindgen::JsValue;
use worker::{Env, Fetch, Headers, Method, Request, RequestInit};

use crate::error::ApiResult;

/// After this many failed tries a notification is marked failed (and shown in the console).
pub const MAX_ATTEMPTS: u32 = 8;
const BATCH: u32 = 50;

#[derive(Deserialize)]
struct Due {
    id: i64,
    event_id: i64,
    attempts: u32,
    at: String,
    kind: String,
    note: Option<String>,
    day: String,
    seq: u32,
    token: String,
    status: String,
    contact_phone: String,
}

#[derive(Debug, Default)]
pub struct Report {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

pub(crate) fn var(env: &Env, name: &str) -> Option<String> {
    env.var(name)
        .ok()
        .map(|v| v.to_string())
        .or_else(|| env.secret(name).ok().map(|v| v.to_string()))
        .filter(|v| !v.is_empty())
}

/// The first retry's wait, in seconds (`NOTIFY_BACKOFF_SECONDS`, 60 unless set); it doubles.
pub(crate) fn backoff_base(env: &Env) -> i64 {
    var(env, "NOTIFY_BACKOFF_SECONDS")
        .and_then(|v| v.parse().ok())
        .unwrap_or(60)
}

/// After the `attempts`-th failed try: whether to give up, and when to try next.
pub(crate) fn after_failure(attempts: u32, base: i64, now: DateTime<Utc>) -> (bool, DateTime<Utc>) {
    let wait = Duration::seconds(base.saturating_mul(1 << attempts.saturating_sub(1).min(20)));
    (attempts >= MAX_ATTEMPTS, now + wait)
}

pub async fn deliver(env: &Env, now: DateTime<Utc>) -> ApiResult<Report> {
    let mut report = Report::default();
    let Some(url) = var(env, "NOTIFY_WEBHOOK_URL") else {
        return Ok(report);
    };
    let token = var(env, "NOTIFY_WEBHOOK_TOKEN");
    let base = backoff_base(env);
    let d1 = env.d1("DB")?;
    let lease = iso(now + Duration::minutes(5));
    let claim = format!("claim:{}", iso(now));
    // claim: push the due rows' next attempt past this run, marking them with this run's id
    d1.prepare(format!(
        "UPDATE outbox SET next_attempt_at = ?1, last_error = ?3 WHERE id IN \
         (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?2 ORDER BY id LIMIT {BATCH})"
    ))
    .bind(&[lease.as_str().into(), iso(now).into(), claim.as_str().into()])?
    .run()
    .await?;
    let due = d1
        .prepare(
            "SELECT o.id, o.event_id, o.attempts, e.at, e.kind, e.note, c.day, c.seq, c.token, c.status, c.contact_phone \
             FROM outbox o JOIN case_events e ON e.id = o.event_id JOIN cases c ON c.id = o.case_id \
             WHERE o.status = 'pending' AND o.last_error = ?1 ORDER BY o.id",
        )
        .bind(&[claim.as_str().into()])?
        .all()
        .await?
        .results::<Due>()?;
    for d in due {
        let case_no = chrono::NaiveDate::parse_from_str(&d.day, "%Y%m%d")
            .ok()
            .and_then(|day| domain::CaseNo::new(day, d.seq).ok())
            .map(|n| n.to_string())
            .unwrap_or_default();
        let kind = domain::taxonomy::EventKind::parse(&d.kind);
        let payload = j!({
            "event_id": d.event_id, "case_no": case_no, "kind": d.kind,
            "label": kind.map(|k| k.label(domain::Lang::ZhCn)), "note": d.note, "at": d.at,
            "status": d.status, "status_path": format!("/c/{}", d.token), "contact_phone": d.contact_phone,
        });
        let result = post(&url, token.as_deref(), &payload).await;
        let attempts = d.attempts + 1;
        let stmt = match result {
            Ok(()) => {
                report.sent += 1;
                d1.prepare("UPDATE outbox SET status = 'sent', attempts = ?2, sent_at = ?3, last_error = NULL WHERE id = ?1 AND status = 'pending'")
                    .bind(&[JsValue::from(d.id as f64), JsValue::from(attempts), iso(now).into()])?
            }
            Err(error) => {
                let (failed, next) = after_failure(attempts, base, now);
                if failed {
                    report.failed += 1;
                } else {
                    report.retried += 1;
                }
                d1.prepare("UPDATE outbox SET status = ?2, attempts = ?3, next_attempt_at = ?4, last_error = ?5 WHERE id = ?1")
                    .bind(&[
                        JsValue::from(d.id as f64),
                        (if failed { "failed" } else { "pending" }).into(),
                        JsValue::from(attempts),
                        iso(next).into(),
                        error.into(),
                    ])?
            }
        };
        stmt.run().await?;
    }
    Ok(report)
}

pub(crate) async fn post(
    url: &str,
    token: Option<&str>,
    payload: &serde_json::Value,
) -> Result<(), String> {
    let headers = Headers::new();
    headers
        .set("content-type", "application/json")
        .map_err(|e| e.to_string())?;
    if let Some(t) = token {
        headers
            .set("authorization", &format!("Bearer {t}"))
            .map_err(|e| e.to_string())?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(JsValue::from(payload.to_string())));
    let req = Request::new_with_init(url, &init).map_err(|e| e.to_string())?;
    let resp = Fetch::Request(req)
        .send()
        .await
        .map_err(|e| format!("network: {e}"))?;
    match resp.status_code() {
        200..=299 => Ok(()),
        code => Err(format!("HTTP {code}")),
    }
}
