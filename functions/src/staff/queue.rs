//! `GET /api/staff/queue`: every unfinished case in priority order (BB and above first, then the
//! earliest due time, then the oldest), fifty a page, with the tab counts. D1 does the ordering,
//! counting and paging over all of them (`domain::queue`); this file reads two statements in one
//! batch and writes the page.

use crate::http::Cx;
use domain::api::desk::{QueueItem, QueuePage};
use domain::grade::{Grade, Level};
use domain::queue::{QueueQuery, Tab, PAGE_SIZE};
use domain::sla::Clock;
use domain::taxonomy::{Category, Channel, Port};
use domain::Lang;
use worker::{Request, Response};

use crate::auth::guard::wall;
use crate::auth::session::Session;
use crate::cases::db::{CaseRow, CASE_COLUMNS};
use crate::cases::store::flags;
use crate::error::{ApiError, ApiResult};
use crate::http::json;
use crate::http::pairs;
use crate::ledger::binds;
use crate::settings;
use domain::time::display;

pub async fn get(req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let (env, now, lang) = (cx.env, cx.now, cx.lang);
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
    let counts = Tab::ALL
        .iter()
        .map(|t| (t.code().to_string(), n(&format!("n_{}", t.code()))))
        .collect();
    let items = rows
        .iter()
        .map(|row| item(row, &clock, lang))
        .collect::<ApiResult<Vec<_>>>()?;
    let total = n("total");
    let page = QueuePage {
        counts,
        items,
        total,
        page: q.page,
        size: PAGE_SIZE,
        pages: total.div_ceil(u64::from(PAGE_SIZE)).max(1),
    };
    Ok(json(&page, 200)?)
}

fn item(row: &CaseRow, clock: &Clock, lang: Lang) -> ApiResult<QueueItem> {
    let f = flags(row, clock);
    let grade = row.grade();
    let status = row.status();
    let category = row.category.as_deref().and_then(Category::parse);
    let level = row.level.and_then(|l| Level::new(l).ok());
    let channel = Channel::parse(&row.channel);
    Ok(QueueItem {
        case_no: row.case_no()?.to_string(),
        title: row.title.clone(),
        enterprise_name: row.enterprise_name.clone(),
        status,
        status_label: status.label(lang).into(),
        category,
        category_label: category.map(|c| c.label(lang).into()),
        priority: grade
            .as_deref()
            .and_then(Grade::parse)
            .is_some_and(|g| g.is_priority()),
        grade,
        department: row.department(),
        department_label: row.department().map(|d| d.label(lang).into()),
        level: level.map(|l| l.get()),
        level_label: level.map(|l| l.label(lang).into()),
        port_label: Port::parse(&row.port).map(|p| p.label(lang).into()),
        channel,
        channel_label: channel.map(|c| c.label(lang).into()),
        submitted_at: row.submitted_at.clone(),
        submitted_at_text: display(&row.submitted_at, lang),
        due_at: row.due_at.clone(),
        due_at_text: row.due_at.as_deref().map(|d| display(d, lang)),
        overdue: f.overdue,
        near_due: f.near_due,
        flagged_48h: f.flagged_48h,
        assignee_id: row.assignee_id,
        returned: row.returned_at.is_some(),
        unsure: domain::triage::needs_confirmation(
            row.triage_source.as_deref(),
            row.triage_confidence,
        ),
    })
}
