//! The statistics over D1: the density table, trends and on-time figures of the ledger's
//! selection for staff (`GET /api/staff/stats`), and this month's published figures
//! (`GET /api/commitment`). D1 aggregates (`domain::stats::group_sql`, `day_sql`); the Worker
//! reads a few thousand groups, never a row per case.

use crate::http::Cx;
use chrono::{DateTime, Utc};
use domain::api::stats::{BadVisits, Rectification, Recurring, StatsView};
use domain::ledger::{self, Bind, LedgerQuery};
use domain::stats::{DayCount, OpenCase, StatGroup, Stats};
use domain::taxonomy::{Department, Port};
use domain::time::iso;
use serde::Deserialize;
use serde_json::json as j;
use worker::{D1Database, D1PreparedStatement, Request, Response};

use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::json;
use crate::ledger::{binds, select};

/// The groups and the per-day counts of the cases matching `sql` (with `b`), deadlines judged
/// at `now`.
fn grouped(
    d1: &D1Database,
    sql: &str,
    b: &[Bind],
    now: DateTime<Utc>,
) -> ApiResult<[D1PreparedStatement; 2]> {
    let mut with_now = b.to_vec();
    with_now.push(Bind::Text(iso(now)));
    let now_at = format!("?{}", with_now.len());
    Ok([
        d1.prepare(domain::stats::group_sql(sql, &now_at))
            .bind(&binds(with_now))?,
        d1.prepare(domain::stats::day_sql(sql))
            .bind(&binds(b.to_vec()))?,
    ])
}

#[derive(Deserialize)]
struct Review {
    review: Option<String>,
    n: f64,
}

#[derive(Deserialize)]
struct Visits {
    bad_total: f64,
    bad_visited: Option<f64>,
}

/// `GET /api/staff/stats?filters`: the density table, trends, on-time and satisfaction figures,
/// 差评 rectification and 回访 coverage, and the top recurring open problems.
/// One assisting unit's task counts (D1 gives sums as numbers, NULL for no rows).
#[derive(Deserialize)]
struct TaskRow {
    unit: String,
    asked: f64,
    replied: Option<f64>,
    replied_on_time: Option<f64>,
    open: Option<f64>,
}

impl TaskRow {
    fn view(self, lang: domain::Lang) -> domain::api::stats::UnitTasks {
        let n = |v: Option<f64>| v.unwrap_or(0.0) as u32;
        domain::api::stats::UnitTasks {
            label: Department::parse(&self.unit)
                .map_or(self.unit.clone(), |d| d.label(lang).into()),
            code: self.unit,
            asked: self.asked as u32,
            replied: n(self.replied),
            replied_on_time: n(self.replied_on_time),
            open: n(self.open),
        }
    }
}

pub async fn stats(req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let (env, now, lang) = (cx.env, cx.now, cx.lang);
    let sel = select(&req, &s, now)?;
    let d1 = env.d1("DB")?;
    let b = binds(sel.binds.clone());
    // six reads of the same selection, one D1 round trip
    let statement = |sql: String| d1.prepare(sql).bind(&b);
    let [groups, days] = grouped(&d1, &sel.sql, &sel.binds, now)?;
    let mut results = d1
        .batch(vec![
            groups,
            days,
            statement(format!(
                "SELECT review, count(*) AS n FROM ratings WHERE bad = 1 AND case_id IN (SELECT id FROM cases WHERE {}) GROUP BY review",
                sel.sql
            ))?,
            statement(format!(
                "SELECT count(*) AS bad_total, sum(EXISTS (SELECT 1 FROM return_visits v WHERE v.rating_id = r.id)) AS bad_visited \
                 FROM ratings r WHERE r.bad = 1 AND r.case_id IN (SELECT id FROM cases WHERE {})",
                sel.sql
            ))?,
            statement(format!(
                "SELECT 'ZTC-' || day || '-' || printf('%04d', seq) AS case_no, title, description, department, port FROM cases \
                 WHERE ({}) AND status IN ({}) AND batch_id IS NULL ORDER BY id DESC LIMIT 300",
                sel.sql,
                ledger::running_sql()
            ))?,
            statement(domain::api::stats::unit_tasks_sql(&sel.sql))?,
        ])
        .await?
        .into_iter();
    let mut next = || {
        results
            .next()
            .ok_or_else(|| ApiError::Internal("stats batch".into()))
    };
    let groups = next()?.results::<StatGroup>()?;
    let days = next()?.results::<DayCount>()?;
    let reviews = next()?.results::<Review>()?;
    let visits = next()?
        .results::<Visits>()?
        .into_iter()
        .next()
        .unwrap_or(Visits {
            bad_total: 0.0,
            bad_visited: None,
        });
    let open = next()?.results::<OpenCase>()?;
    let tasks = next()?.results::<TaskRow>()?;
    let st = Stats::from_groups(&groups, &days, lang);
    let recurring = domain::stats::recurring(&open, 10)
        .into_iter()
        .map(|c| Recurring {
            departments: c
                .departments
                .iter()
                .filter_map(|d| Department::parse(d).map(|d| d.label(lang).to_string()))
                .collect(),
            ports: c
                .ports
                .iter()
                .filter_map(|p| Port::parse(p).map(|p| p.label(lang).to_string()))
                .collect(),
            title: c.title,
            case_nos: c.case_nos,
        })
        .collect();
    let review_count = |name: &str| {
        reviews
            .iter()
            .filter(|r| r.review.as_deref() == Some(name))
            .map(|r| r.n as u64)
            .sum::<u64>()
    };
    let rectification = Rectification {
        pending: review_count("pending"),
        rectify: review_count("rectify"),
        explain: review_count("explain"),
        appeal: review_count("appeal"),
    };
    let visits = BadVisits::new(
        visits.bad_total as u64,
        visits.bad_visited.unwrap_or(0.0) as u64,
    );
    let mut view = StatsView::new(&st, rectification, visits, recurring);
    view.assisting = tasks.into_iter().map(|r| r.view(lang)).collect();
    Ok(json(&view, 200)?)
}

/// `GET /api/commitment`: the published time limits and this month's figures (Shanghai month):
/// cases received, resolution on time, satisfaction. Counts only; no enterprise is named.
pub async fn commitment(cx: &Cx<'_>) -> ApiResult<Response> {
    let (env, now, lang) = (cx.env, cx.now, cx.lang);
    let d1 = env.d1("DB")?;
    let table = crate::settings::commitment(&d1).await?;
    let month = domain::stats::month_start(domain::time::service_day(now));
    let query = LedgerQuery::parse([("from", month.format("%Y-%m-%d").to_string().as_str())])
        .map_err(|e| ApiError::Internal(format!("month filter: {e:?}")))?;
    let (sql, b) = query.condition(now, None);
    let mut results = d1
        .batch(grouped(&d1, &sql, &b, now)?.to_vec())
        .await?
        .into_iter();
    let (Some(groups), Some(days)) = (results.next(), results.next()) else {
        return Err(ApiError::Internal("commitment batch".into()));
    };
    let st = Stats::from_groups(
        &groups.results::<StatGroup>()?,
        &days.results::<DayCount>()?,
        lang,
    );
    let span = |s: domain::sla::Span| match s {
        domain::sla::Span::WorkingHours(h) => j!({"unit": "working_hours", "n": h}),
        domain::sla::Span::WorkingDays(d) => j!({"unit": "working_days", "n": d}),
    };
    let mut resp = json(
        &j!({
            "commitment": table.rows.iter().map(|r| j!({"urgency": r.urgency.to_string(),
                "first_response": span(r.first_response), "resolution": span(r.resolution),
                "innovation_resolution": span(r.innovation_resolution)})).collect::<Vec<_>>(),
            "month": month.format("%Y-%m").to_string(),
            "received": st.total,
            "answered": st.overall.handled,
            "on_time": {"due": st.overall.resolution.due, "met": st.overall.resolution.met, "rate": st.overall.resolution.rate()},
            "first_response_on_time": st.overall.first_response.rate(),
            "rated": st.ratings.iter().sum::<u32>(),
            "satisfaction": st.satisfaction(),
        }),
        200,
    )?;
    resp.headers_mut()
        .set("cache-control", "public, max-age=300")?;
    Ok(resp)
}
