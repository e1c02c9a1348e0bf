//! How the engine did against the desk, for the administrator: `GET /api/admin/agreement`
//! counts a month of confirmed cases (`domain::triage::agreement`), and
//! `GET /api/admin/training.tsv` exports them as training lines for `cargo xtask train --ledger`.
//! A case is confirmed once staff triaged it (`triage_source = 'staff'`); what the engine said
//! was kept at filing (`engine_category`, `engine_department`).

use chrono::{DateTime, Utc};
use domain::grade::Letter;
use domain::taxonomy::{Category, Department};
use domain::time::iso;
use domain::triage::agreement::{agreement, Confirmed, Month};
use domain::triage::{training_line, Labelled};
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::{Request, Response};

use crate::audit::{self, Entry};
use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::{json, query, Cx};

/// The confirmed cases received in the month (`?1`, `?2`), by when they were received.
const CONFIRMED: &str = "FROM cases WHERE triage_source = 'staff' AND engine_category IS NOT NULL \
     AND coalesce(received_at, submitted_at) >= ?1 AND coalesce(received_at, submitted_at) < ?2";

/// Rows of the export per D1 read.
const CHUNK: usize = 500;

/// `?month=YYYY-MM`, else last month (Shanghai); a bad month is a 422 naming the field.
fn month(req: &Request, now: DateTime<Utc>) -> ApiResult<Month> {
    match query(req, "month")? {
        None => Ok(Month::before(now)),
        Some(m) => {
            Month::parse(&m).ok_or_else(|| ApiError::Field("month".into(), "err-month".into()))
        }
    }
}

fn bounds(m: Month) -> [JsValue; 2] {
    let (from, to) = m.bounds();
    [iso(from).into(), iso(to).into()]
}

#[derive(Deserialize)]
struct Group {
    category: String,
    engine_category: String,
    department: String,
    engine_department: String,
    n: f64,
}

impl Group {
    /// `None` for a row holding a code this build does not know (nothing to compare it with).
    fn parse(&self) -> Option<Confirmed> {
        Some(Confirmed {
            category: Category::parse(&self.category)?,
            engine_category: Category::parse(&self.engine_category)?,
            department: Department::parse(&self.department)?,
            engine_department: Department::parse(&self.engine_department)?,
            n: self.n as u64,
        })
    }
}

/// `GET /api/admin/agreement?month=YYYY-MM` (admin): the month's confirmed cases, how often the
/// engine's category and unit were kept, per confirmed category and unit.
pub async fn get(req: Request, cx: &Cx<'_>) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    let m = month(&req, now)?;
    let groups = env
        .d1("DB")?
        .prepare(format!(
            "SELECT category, engine_category, department, engine_department, count(*) AS n \
             {CONFIRMED} AND category IS NOT NULL AND department IS NOT NULL \
             AND engine_department IS NOT NULL GROUP BY 1, 2, 3, 4"
        ))
        .bind(&bounds(m))?
        .all()
        .await?
        .results::<Group>()?;
    let groups: Vec<Confirmed> = groups.iter().filter_map(Group::parse).collect();
    Ok(json(&agreement(m, &groups), 200)?)
}

#[derive(Deserialize)]
struct Line {
    id: f64,
    category: String,
    department: String,
    importance: String,
    urgency: String,
    title: String,
    description: String,
}

impl Line {
    fn labelled(self) -> Option<Labelled> {
        Some(Labelled {
            category: Category::parse(&self.category)?,
            department: Department::parse(&self.department)?,
            importance: Letter::parse(&self.importance)?,
            urgency: Letter::parse(&self.urgency)?,
            title: self.title,
            description: self.description,
        })
    }
}

/// `GET /api/admin/training.tsv?month=YYYY-MM` (admin): the month's confirmed cases as training
/// lines (labels, title, description: no company names nor contacts), read from D1 a chunk at
/// a time. Audited.
pub async fn export(req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    let m = month(&req, now)?;
    let d1 = env.d1("DB")?;
    let [from, to] = bounds(m);
    let mut text = format!(
        "# 直通车 confirmed cases received {} (Shanghai): category\tdepartment\timportance\turgency\ttitle\tdescription\n",
        m.code()
    );
    let (mut after, mut rows) = (0f64, 0usize);
    loop {
        let chunk = d1
            .prepare(format!(
                "SELECT id, category, department, importance, urgency, title, description \
                 {CONFIRMED} AND id > ?3 ORDER BY id LIMIT {CHUNK}"
            ))
            .bind(&[from.clone(), to.clone(), after.into()])?
            .all()
            .await?
            .results::<Line>()?;
        let full = chunk.len() == CHUNK;
        for line in chunk {
            after = line.id;
            if let Some(l) = line.labelled() {
                text.push_str(&training_line(&l));
                text.push('\n');
                rows += 1;
            }
        }
        if !full {
            break;
        }
    }
    let entry = Entry::by(
        &s,
        domain::audit::AuditAction::TrainingExported,
        m.code(),
        serde_json::json!({ "rows": rows }),
    );
    audit::statement(&d1, entry, now)?.run().await?;
    let mut resp = Response::ok(text)?;
    crate::http::download(
        &mut resp,
        "text/tab-separated-values; charset=utf-8",
        &format!("ztc-confirmed-{}.tsv", m.code()),
    )?;
    Ok(resp)
}
