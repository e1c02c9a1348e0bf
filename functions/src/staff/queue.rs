//! `GET /api/staff/queue`: open cases in priority order (BB and above first, then the earliest
//! due time, then the oldest), with tabs, filters and counts per tab.

use chrono::{DateTime, Utc};
use domain::grade::Grade;
use domain::sla::queue_key;
use domain::staff::{Permission, StaffRole};
use domain::taxonomy::{Category, Channel, Department, Port, Status};
use domain::Lang;
use serde_json::json as j;
use worker::wasm_bindgen::JsValue;
use worker::{Env, Request, Response};

use super::case::flags;
use super::users::authorized;
use crate::cases::api::time_text;
use crate::cases::db::{parse_time, CaseRow, CASE_COLUMNS};
use crate::error::ApiResult;
use crate::http::json;
use crate::settings;

use domain::api::QUEUE_TABS as TABS;

pub async fn get(req: Request, env: &Env, now: DateTime<Utc>, lang: Lang) -> ApiResult<Response> {
    let s = authorized(&req, env, now, Permission::ViewCases).await?;
    let url = req.url()?;
    let q = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.to_string())
            .filter(|v| !v.is_empty())
    };

    // Filters are codes checked against the taxonomy, then bound as parameters.
    let mut sql =
        format!("SELECT {CASE_COLUMNS} FROM cases WHERE status NOT IN ('closed', 'merged')");
    let mut values: Vec<JsValue> = Vec::new();
    let mut filter = |col: &str, v: Option<String>| {
        if let Some(v) = v {
            values.push(v.into());
            sql.push_str(&format!(" AND {col} = ?{}", values.len()));
        }
    };
    if s.role == StaffRole::Handler {
        filter(
            "department",
            Some(
                s.department
                    .map(|d| d.code().to_string())
                    .unwrap_or_default(),
            ),
        );
    }
    filter("status", q("status").filter(|v| Status::parse(v).is_some()));
    filter(
        "category",
        q("category").filter(|v| Category::parse(v).is_some()),
    );
    filter(
        "department",
        q("department").filter(|v| Department::parse(v).is_some()),
    );
    filter("port", q("port").filter(|v| Port::parse(v).is_some()));
    filter(
        "channel",
        q("channel").filter(|v| Channel::parse(v).is_some()),
    );
    filter(
        "level",
        q("level").filter(|v| matches!(v.as_str(), "1" | "2" | "3" | "4")),
    );
    if let Some(g) = q("grade").and_then(|g| Grade::parse(&g)) {
        filter("importance", Some(g.importance.to_string()));
        filter("urgency", Some(g.urgency.to_string()));
    }
    sql.push_str(" ORDER BY id DESC LIMIT 2000");
    let d1 = env.d1("DB")?;
    let rows = d1
        .prepare(sql)
        .bind(&values)?
        .all()
        .await?
        .results::<CaseRow>()?;
    let cal = settings::calendar(&d1).await?;

    let tab = q("tab").filter(|t| TABS.contains(&t.as_str()));
    let only = |flag: &str| q(flag).as_deref() == Some("1");
    let mut counts = serde_json::Map::new();
    let mut items = Vec::new();
    for row in &rows {
        let f = flags(row, &cal, now);
        let grade = row.grade().and_then(|g| Grade::parse(&g));
        let priority = grade.is_some_and(|g| g.is_priority());
        let status = row.status();
        let open = domain::lifecycle::is_open(status);
        let in_tab = |t: &str| match t {
            "new" => status == Status::Submitted,
            "mine" => row.assignee_id == Some(s.user_id),
            "priority" => priority && open,
            "near_due" => f.near_due,
            "overdue" => f.overdue,
            "follow_up" => status == Status::Answered,
            _ => false,
        };
        for t in TABS {
            if in_tab(t) {
                *counts.entry(t).or_insert(j!(0)) =
                    j!(counts.get(t).and_then(|v| v.as_u64()).unwrap_or(0) + 1);
            }
        }
        if tab.as_deref().is_some_and(|t| !in_tab(t))
            || (only("overdue") && !f.overdue)
            || (only("flagged_48h") && !f.flagged_48h)
        {
            continue;
        }
        let key = queue_key(
            priority,
            row.due_at.as_deref().and_then(parse_time),
            row.received(),
        );
        let category = row.category.as_deref().and_then(Category::parse);
        items.push((
            key,
            j!({
                "case_no": row.case_no()?.to_string(),
                "title": row.title, "enterprise_name": row.enterprise_name,
                "status": status.code(), "status_label": status.label(lang),
                "category": row.category, "category_label": category.map(|c| c.label(lang)),
                "grade": row.grade(), "priority": priority,
                "department": row.department, "department_label": row.department().map(|d| d.label(lang)),
                "level": row.level, "port_label": Port::parse(&row.port).map(|p| p.label(lang)),
                "channel": row.channel, "channel_label": Channel::parse(&row.channel).map(|c| c.label(lang)),
                "submitted_at": row.submitted_at, "submitted_at_text": time_text(&row.submitted_at),
                "due_at": row.due_at, "due_at_text": row.due_at.as_deref().map(time_text),
                "overdue": f.overdue, "near_due": f.near_due, "flagged_48h": f.flagged_48h,
                "assignee_id": row.assignee_id,
            }),
        ));
    }
    for t in TABS {
        counts.entry(t).or_insert(j!(0));
    }
    items.sort_by_key(|(k, _)| *k);
    let items: Vec<_> = items.into_iter().map(|(_, v)| v).collect();
    Ok(json(&j!({ "counts": counts, "items": items }), 200)?)
}
