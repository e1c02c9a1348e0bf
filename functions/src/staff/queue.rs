//! `GET /api/staff/queue`: every unfinished case in priority order (BB and above first, then the
//! earliest due time, then the oldest), fifty a page, with the tab counts. D1 does the ordering,
//! counting and paging over all of them (`domain::queue`); this file reads two statements in one
//! batch and writes the page.

use chrono::{DateTime, Utc};
use domain::grade::{Grade, Level};
use domain::queue::{QueueQuery, Tab, PAGE_SIZE};
use domain::sla::Clock;
use domain::taxonomy::{Category, Channel, Port};
use domain::Lang;
use serde_json::json as j;
use worker::{Env, Request, Response};

use crate::auth::guard::wall;
use crate::auth::session::Session;
use crate::cases::db::{CaseRow, CASE_COLUMNS};
use crate::cases::store::flags;
use crate::error::{ApiError, ApiResult};
use crate::http::json;
use crate::ledger::{binds, pairs};
use crate::settings;
use domain::time::display;

pub async fn get(
    req: Request,
    env: &Env,
    now: DateTime<Utc>,
    lang: Lang,
    s: Session,
) -> ApiResult<Response> {
    let pairs = pairs(&req)?;
    let q = QueueQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|e| ApiError::Field(e.0.into(), "err-filter".into()))?;
    let wall = wall(&s)?;
    let d1 = env.d1("DB")?;
    let clock = Clock::new(&settings::calendar(&d1).await?, now);
    let counts = q.counts(s.user_id, &clock, wall);
    let page = q.page(CASE_COLUMNS, s.user_id, &clock, wall);
    let results = d1
        .batch(vec![
            d1.prepare(counts.text).bind(&binds(counts.binds))?,
            d1.prepare(page.text).bind(&binds(page.binds))?,
        ])
        .await?;
    let [counted, listed] = &results[..] else {
        return Err(ApiError::Internal("queue batch".into()));
    };
    let counted: serde_json::Value = counted
        .results::<serde_json::Value>()?
        .into_iter()
        .next()
        .unwrap_or_default();
    let rows = listed.results::<CaseRow>()?;
    let n = |name: &str| counted[name].as_u64().unwrap_or(0);
    let counts: serde_json::Map<String, serde_json::Value> = Tab::ALL
        .iter()
        .map(|t| (t.code().to_string(), j!(n(&format!("n_{}", t.code())))))
        .collect();
    let items = rows
        .iter()
        .map(|row| item(row, &clock, lang))
        .collect::<ApiResult<Vec<_>>>()?;
    let total = n("total");
    Ok(json(
        &j!({
            "counts": counts, "items": items, "total": total, "page": q.page, "size": PAGE_SIZE,
            "pages": total.div_ceil(u64::from(PAGE_SIZE)).max(1),
        }),
        200,
    )?)
}

fn item(row: &CaseRow, clock: &Clock, lang: Lang) -> ApiResult<serde_json::Value> {
    let f = flags(row, clock);
    let grade = row.grade().and_then(|g| Grade::parse(&g));
    let status = row.status();
    let category = row.category.as_deref().and_then(Category::parse);
    let level = row.level.and_then(|l| Level::new(l).ok());
    Ok(j!({
        "case_no": row.case_no()?.to_string(),
        "title": row.title, "enterprise_name": row.enterprise_name,
        "status": status.code(), "status_label": status.label(lang),
        "category": row.category, "category_label": category.map(|c| c.label(lang)),
        "grade": row.grade(), "priority": grade.is_some_and(|g| g.is_priority()),
        "department": row.department, "department_label": row.department().map(|d| d.label(lang)),
        "level": row.level, "level_label": level.map(|l| l.label(lang)),
        "port_label": Port::parse(&row.port).map(|p| p.label(lang)),
        "channel": row.channel, "channel_label": Channel::parse(&row.channel).map(|c| c.label(lang)),
        "submitted_at": row.submitted_at, "submitted_at_text": display(&row.submitted_at, lang),
        "due_at": row.due_at, "due_at_text": row.due_at.as_deref().map(|d| display(d, lang)),
        "overdue": f.overdue, "near_due": f.near_due, "flagged_48h": f.flagged_48h,
        "assignee_id": row.assignee_id,
        "unsure": domain::triage::needs_confirmation(row.triage_source.as_deref(), row.triage_confidence),
    }))
}
