//! 会同: the rows of `assist_tasks` and what staff do with them — the desk or the task force asks
//! another unit to assist, that unit's handler replies, an open task may be withdrawn — by the
//! rules of `domain::coordination::assist`. Each change is one D1 batch with the case's event.

use domain::api::case::{AssistReply, AssistRequest, AssistView};
use domain::coordination::assist::{self, AssistTask, LeadCase, NewTask, TaskState};
use domain::coordination::{Reply, StaffId, Text500};
use domain::staff::may_see;
use domain::taxonomy::{Department, EventKind};
use domain::time::{display, iso, parse as parse_time};
use domain::{CaseNo, Lang};
use serde::Deserialize;
use serde_json::json as j;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, Request, Response};

use super::db::CaseRow;
use super::returned::staff;
use super::store::{apply, Actor, Change};
use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::{field, json, read_json, Cx};

#[derive(Deserialize)]
struct TaskRow {
    id: i64,
    unit: String,
    ask: String,
    due_at: String,
    asked_by: i64,
    asked_at: String,
    status: String,
    reply: Option<String>,
    replied_by: Option<i64>,
    replied_at: Option<String>,
    withdrawn_by: Option<i64>,
    withdrawn_at: Option<String>,
}

impl TaskRow {
    /// The task as the rules read it (a row no rule could have written is left out).
    fn task(&self) -> Option<AssistTask> {
        let state = match self.status.as_str() {
            "open" => TaskState::Open,
            "replied" => TaskState::Replied(Reply {
                text: Text500::parse(self.reply.as_deref()?).ok()?,
                by: StaffId::new(self.replied_by?)?,
                at: parse_time(self.replied_at.as_deref()?)?,
            }),
            "withdrawn" => TaskState::Withdrawn(assist::Withdrawal {
                by: StaffId::new(self.withdrawn_by?)?,
                at: parse_time(self.withdrawn_at.as_deref()?)?,
            }),
            _ => return None,
        };
        Some(AssistTask {
            unit: Department::parse(&self.unit)?,
            ask: Text500::parse(&self.ask).ok()?,
            due: parse_time(&self.due_at)?,
            asked_by: StaffId::new(self.asked_by)?,
            asked_at: parse_time(&self.asked_at)?,
            state,
        })
    }
}

/// A case's tasks, oldest first, with their ids.
pub async fn tasks(d1: &D1Database, case_id: i64) -> ApiResult<Vec<(i64, AssistTask)>> {
    let rows = d1
        .prepare("SELECT * FROM assist_tasks WHERE case_id = ?1 ORDER BY id")
        .bind(&[JsValue::from(case_id as f64)])?
        .all()
        .await?
        .results::<TaskRow>()?;
    Ok(rows
        .iter()
        .filter_map(|r| Some((r.id, r.task()?)))
        .collect())
}

/// A case's tasks without their ids, for the rules.
pub async fn all(d1: &D1Database, case_id: i64) -> ApiResult<Vec<AssistTask>> {
    Ok(tasks(d1, case_id).await?.into_iter().map(|t| t.1).collect())
}

/// A case by its number behind the wall extended to its assisting units: `true` when the reader
/// sees it as the lead's (the department wall), `false` when only through a task of their unit.
pub async fn load_seen(d1: &D1Database, s: &Session, raw: &str) -> ApiResult<(CaseRow, bool)> {
    let no = CaseNo::parse(raw).map_err(|_| ApiError::CaseNotFound)?;
    let row = super::db::by_number(d1, no)
        .await?
        .ok_or(ApiError::CaseNotFound)?;
    if may_see(s.role, s.department, row.department()) {
        return Ok((row, true));
    }
    let tasks = all(d1, row.id).await?;
    if assist::may_see_with_tasks(s.role, s.department, row.department(), &tasks) {
        return Ok((row, false));
    }
    Err(ApiError::CaseNotFound)
}

/// The case as the rules read it: status, lead unit and deadline.
fn lead(row: &CaseRow) -> ApiResult<LeadCase> {
    Ok(LeadCase {
        status: row.status(),
        lead: row.department().ok_or(ApiError::ActionNotAllowed)?,
        due: row
            .due_at
            .as_deref()
            .and_then(parse_time)
            .ok_or(ApiError::ActionNotAllowed)?,
    })
}

fn refusal(e: assist::AssistError) -> ApiError {
    use assist::AssistError as E;
    match e {
        E::Forbidden { .. } | E::NotYourTask { .. } => ApiError::Forbidden,
        E::CaseNotOpen { .. } | E::NotOpen { .. } => ApiError::ActionNotAllowed,
        E::Reply { .. } => field("body", "err-assist-reply"),
        _ => field("assist", "err-assist"),
    }
}

/// `POST /api/staff/cases/{no}/assists`: one task, one internal event, one batch.
pub async fn add(mut req: Request, cx: &Cx<'_>, raw: &str, s: Session) -> ApiResult<Response> {
    let body: AssistRequest = read_json(&mut req).await?;
    let d1 = cx.env.d1("DB")?;
    let row = super::store::load(&d1, &s, raw).await?;
    let new = NewTask {
        unit: Department::parse(&body.unit).ok_or_else(|| field("unit", "err-assist"))?,
        ask: body.ask,
        due: parse_time(&body.due_at).ok_or_else(|| field("due_at", "err-assist"))?,
    };
    let existing = all(&d1, row.id).await?;
    let task =
        assist::add_task(&lead(&row)?, &existing, &staff(&s)?, &new, cx.now).map_err(refusal)?;
    let insert = d1
        .prepare(
            "INSERT INTO assist_tasks (case_id, unit, ask, due_at, asked_by, asked_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .bind(&[
            JsValue::from(row.id as f64),
            task.unit.code().into(),
            task.ask.as_str().into(),
            iso(task.due).into(),
            JsValue::from(task.asked_by.get() as f64),
            iso(cx.now).into(),
        ])?;
    let mut c = Change::new(EventKind::AssistAsked, false);
    c.note = Some(task.ask.as_str().to_string());
    c.after = Some(j!({"unit": task.unit.code(), "due_at": iso(task.due)}));
    apply(&d1, &row, &Actor::from(&s), c, cx.now, vec![insert]).await?;
    Ok(json(&j!({"ok": true, "unit": task.unit.code()}), 201)?)
}

/// The task `id` of the case the reader may see, with the case.
async fn task_of(
    d1: &D1Database,
    s: &Session,
    raw: &str,
    id: &str,
) -> ApiResult<(CaseRow, i64, AssistTask)> {
    let id: i64 = id.parse().map_err(|_| ApiError::NotFound)?;
    let (row, _) = load_seen(d1, s, raw).await?;
    let task = tasks(d1, row.id)
        .await?
        .into_iter()
        .find(|t| t.0 == id)
        .ok_or(ApiError::NotFound)?;
    Ok((row, id, task.1))
}

/// `POST /api/staff/cases/{no}/assists/{task}/reply`: only a handler of the task's unit.
pub async fn reply(
    mut req: Request,
    cx: &Cx<'_>,
    raw: &str,
    id: &str,
    s: Session,
) -> ApiResult<Response> {
    let body: AssistReply = read_json(&mut req).await?;
    let d1 = cx.env.d1("DB")?;
    let (row, id, task) = task_of(&d1, &s, raw, id).await?;
    if !assist::takes_tasks(row.status()) {
        return Err(ApiError::ActionNotAllowed);
    }
    let done = assist::reply(&task, &staff(&s)?, &body.body, cx.now).map_err(refusal)?;
    let TaskState::Replied(r) = &done.state else {
        return Err(ApiError::Internal("a reply without its text".into()));
    };
    let update = replied(&d1, "assist_tasks", "open", id, r)?;
    let mut c = Change::new(EventKind::AssistReplied, false);
    c.note = Some(r.text.as_str().to_string());
    c.after = Some(j!({"unit": done.unit.code()}));
    let guard = d1.prepare(super::store::GUARD_ONE_CHANGED);
    apply(&d1, &row, &Actor::from(&s), c, cx.now, vec![update, guard]).await?;
    Ok(json(&j!({"ok": true}), 200)?)
}

/// The statement that records `r` as the answer to row `id` of `table` (a task or an order),
/// only while it is still `waiting`: with the guard after it, a second answer is a 409.
pub fn replied(
    d1: &D1Database,
    table: &'static str,
    waiting: &'static str,
    id: i64,
    r: &Reply,
) -> ApiResult<worker::D1PreparedStatement> {
    Ok(d1
        .prepare(format!(
            "UPDATE {table} SET status = 'replied', reply = ?2, replied_by = ?3, replied_at = ?4 \
             WHERE id = ?1 AND status = '{waiting}'"
        ))
        .bind(&[
            JsValue::from(id as f64),
            r.text.as_str().into(),
            JsValue::from(r.by.get() as f64),
            iso(r.at).into(),
        ])?)
}

/// `POST /api/staff/cases/{no}/assists/{task}/withdraw`: the desk or the task force.
pub async fn withdraw(cx: &Cx<'_>, raw: &str, id: &str, s: Session) -> ApiResult<Response> {
    let d1 = cx.env.d1("DB")?;
    let (row, id, task) = task_of(&d1, &s, raw, id).await?;
    let done = assist::withdraw(&task, &staff(&s)?, cx.now).map_err(refusal)?;
    let update = d1
        .prepare(
            "UPDATE assist_tasks SET status = 'withdrawn', withdrawn_by = ?2, withdrawn_at = ?3 \
             WHERE id = ?1 AND status = 'open'",
        )
        .bind(&[
            JsValue::from(id as f64),
            JsValue::from(s.user_id as f64),
            iso(cx.now).into(),
        ])?;
    let mut c = Change::new(EventKind::AssistWithdrawn, false);
    c.after = Some(j!({"unit": done.unit.code()}));
    let guard = d1.prepare(super::store::GUARD_ONE_CHANGED);
    apply(&d1, &row, &Actor::from(&s), c, cx.now, vec![update, guard]).await?;
    Ok(json(&j!({"ok": true}), 200)?)
}

/// Routed onto a unit that was assisting: that unit now leads, so its open task ends (withdrawn
/// by whoever routed the case) in the same batch — the lead is never its own assistant
/// (`assist::add` refuses that too).
pub fn lead_takes_over(
    d1: &D1Database,
    case_id: i64,
    by: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<worker::D1PreparedStatement> {
    Ok(d1
        .prepare(
            "UPDATE assist_tasks SET status = 'withdrawn', withdrawn_by = ?2, withdrawn_at = ?3 \
             WHERE case_id = ?1 AND status = 'open' AND unit = (SELECT department FROM cases WHERE id = ?1)",
        )
        .bind(&[
            JsValue::from(case_id as f64),
            JsValue::from(by as f64),
            iso(now).into(),
        ])?)
}

/// The tasks as the reader sees them, with what they may do to each.
pub fn views(
    tasks: &[(i64, AssistTask)],
    s: &Session,
    now: chrono::DateTime<chrono::Utc>,
    lang: Lang,
) -> Vec<AssistView> {
    let me = staff(s).ok();
    tasks
        .iter()
        .map(|(id, t)| {
            let (reply, replied_at) = match &t.state {
                TaskState::Replied(r) => (Some(r.text.as_str().to_string()), Some(iso(r.at))),
                _ => (None, None),
            };
            AssistView {
                id: *id,
                unit: t.unit,
                unit_label: t.unit.label(lang).into(),
                ask: t.ask.as_str().into(),
                due_at: iso(t.due),
                due_at_text: display(&iso(t.due), lang),
                status: t.status(),
                reply,
                replied_at_text: replied_at.map(|a| display(&a, lang)),
                overdue: t.is_overdue(now),
                may_reply: t.is_open() && me.is_some_and(|m| m.acts_for(t.unit)),
                may_withdraw: t.is_open() && assist::may_manage(s.role),
            }
        })
        .collect()
}

/// The units whose tasks are still open: the lead answers only when there is none.
pub async fn open_units(d1: &D1Database, case_id: i64) -> ApiResult<Vec<Department>> {
    Ok(match assist::may_answer(&all(d1, case_id).await?) {
        Ok(()) => Vec::new(),
        Err(open) => open.units,
    })
}
