//! The administrator's audit page (issue 20): the log filtered by person, action and dates
//! (`domain::audit::AuditQuery`), fifty a page, and the same rows as CSV — an export that is
//! itself written to the log first.

use domain::audit::{AuditEntry, AuditPage, AuditQuery, CSV_HEADER, EXPORT_MAX};
use domain::ledger::{csv_record, Cell, CSV_BOM};
use domain::time::display;
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, Request, Response};

use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::{json, Cx};

#[derive(Deserialize)]
struct Row {
    at: String,
    actor: String,
    actor_name: Option<String>,
    username: Option<String>,
    role: Option<String>,
    action: String,
    target: Option<String>,
    target_name: Option<String>,
    detail: Option<String>,
}

const FROM: &str = "FROM audit_log a LEFT JOIN staff_users u ON a.actor = 'staff:' || u.id \
     LEFT JOIN staff_users t ON a.target = 'staff:' || t.id OR a.target = t.username";

fn query(req: &Request) -> ApiResult<AuditQuery> {
    let pairs = crate::http::pairs(req)?;
    AuditQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|e| ApiError::Field(e.0.into(), "err-filter".into()))
}

/// The query's condition and its bound values, ready for D1.
fn condition(q: &AuditQuery) -> (String, Vec<JsValue>) {
    let (cond, binds) = q.condition();
    (cond, binds.into_iter().map(JsValue::from).collect())
}

async fn rows(
    d1: &D1Database,
    (cond, values): &(String, Vec<JsValue>),
    limit: &str,
    cx: &Cx<'_>,
) -> ApiResult<Vec<AuditEntry>> {
    let rows = d1
        .prepare(format!(
            "SELECT a.at, a.actor, u.display_name AS actor_name, u.username, a.role, a.action, \
             a.target, t.display_name AS target_name, a.detail {FROM} WHERE {cond} ORDER BY a.id DESC {limit}"
        ))
        .bind(values)?
        .all()
        .await?
        .results::<Row>()?;
    Ok(rows
        .into_iter()
        .map(|r| AuditEntry {
            at_text: display(&r.at, cx.lang),
            at: r.at,
            actor: r.actor,
            actor_name: r.actor_name,
            username: r.username,
            role: r.role,
            action: r.action,
            target: r.target,
            target_name: r.target_name,
            detail: r.detail,
        })
        .collect())
}

/// `GET /api/staff/audit?actor=&action=&from=&to=&page=` (admin).
pub async fn list(req: Request, cx: &Cx<'_>) -> ApiResult<Response> {
    let q = query(&req)?;
    let d1 = cx.env.d1("DB")?;
    let filter = condition(&q);
    let (cond, values) = &filter;
    #[derive(Deserialize)]
    struct Count {
        n: f64,
    }
    #[derive(Deserialize)]
    struct Action {
        action: String,
    }
    let total = d1
        .prepare(format!("SELECT count(*) AS n {FROM} WHERE {cond}"))
        .bind(values)?
        .first::<Count>(None)
        .await?
        .map_or(0, |c| c.n as u64);
    let items = rows(&d1, &filter, &q.page.limit_sql(), cx).await?;
    let actions = d1
        .prepare("SELECT DISTINCT action FROM audit_log ORDER BY action")
        .all()
        .await?
        .results::<Action>()?
        .into_iter()
        .map(|a| a.action)
        .collect();
    let page = q.page.of(items, total);
    let answer = AuditPage {
        entries: page.items.clone(),
        page,
        actions,
    };
    Ok(json(&answer, 200)?)
}

/// `GET /api/staff/audit.csv?filters` (admin): the filtered log, newest first, up to
/// [`EXPORT_MAX`] lines; the export is logged before it is read.
pub async fn csv(req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let q = query(&req)?;
    let d1 = cx.env.d1("DB")?;
    let filter = req.url()?.query().unwrap_or_default().to_string();
    let entry = crate::audit::Entry::by(
        &s,
        domain::audit::AuditAction::ExportAudit,
        "audit_log".into(),
        serde_json::json!({"query": filter}),
    );
    crate::audit::write(&d1, entry, cx.now).await?;
    let lines = rows(&d1, &condition(&q), &format!("LIMIT {EXPORT_MAX}"), cx).await?;
    let text = |v: Option<String>| v.map_or(Cell::Empty, Cell::Text);
    let mut out = format!(
        "{CSV_BOM}{}",
        csv_record(&CSV_HEADER.map(|h| Cell::Text(h.into())))
    );
    for e in lines {
        out.push_str(&csv_record(&[
            Cell::Text(e.at_text),
            text(e.username.or(Some(e.actor))),
            text(e.actor_name),
            text(e.role),
            Cell::Text(e.action),
            text(e.target),
            text(e.detail),
        ]));
    }
    let mut resp = Response::from_bytes(out.into_bytes())?;
    crate::http::download(&mut resp, "text/csv; charset=utf-8", "ztc-audit.csv")?;
    Ok(resp)
}
