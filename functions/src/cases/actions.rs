//! The staff actions on a case ([`CaseAction`]): each one function that checks who may do it
//! and from which status, validates what was sent, and returns the [`Change`] to apply.

use chrono::{DateTime, Utc};
use domain::api::staff::{ActionRequest, CaseAction};
use domain::coordination::returned::handler_waits;
use domain::grade::{Letter, Level};
use domain::lifecycle::{self, Action};
use domain::staff::Permission;
use domain::taxonomy::{Category, Department, EventKind, Status};
use domain::time::iso;
use serde::Deserialize;
use serde_json::json as j;
use worker::wasm_bindgen::JsValue;
use worker::D1Database;

use super::db::CaseRow;
use super::returned::{give_back, held, staff};
use super::store::{events, pauses, Change};
use crate::auth::guard::require;
use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::{field, optional_text, text};
use crate::settings;

/// The status `action` moves a case to, if this staff member's role may make that move.
pub fn lifecycle_move(status: Status, action: Action, s: &Session) -> ApiResult<Status> {
    if !lifecycle::role_may(action, s.role.lifecycle()) {
        return Err(ApiError::Forbidden);
    }
    lifecycle::apply(status, action, s.role.lifecycle()).map_err(|_| ApiError::ActionNotAllowed)
}

/// A permission, and for replies, escalations and assignments an open case.
fn permission(s: &Session, p: Permission, status: Status) -> ApiResult<()> {
    require(s, p)?;
    if matches!(
        p,
        Permission::Reply | Permission::Escalate | Permission::Assign
    ) && !lifecycle::is_open(status)
    {
        return Err(ApiError::ActionNotAllowed);
    }
    Ok(())
}

/// The actions this staff member may take on the case now, in the console's order.
pub fn available(row: &CaseRow, s: &Session) -> Vec<CaseAction> {
    let status = row.status();
    let role = s.role.lifecycle();
    let mut out: Vec<CaseAction> = lifecycle::available(status, role)
        .into_iter()
        .filter_map(CaseAction::of_lifecycle)
        .collect();
    if lifecycle::may_regrade(status, role) {
        out.push(CaseAction::Triage);
    }
    let open = lifecycle::is_open(status);
    for (p, action) in [
        (Permission::Reply, CaseAction::Reply),
        (Permission::Escalate, CaseAction::Escalate),
        (Permission::Assign, CaseAction::Assign),
    ] {
        if open && domain::staff::permitted(s.role, p) {
            out.push(action);
        }
    }
    if domain::staff::permitted(s.role, Permission::Note) {
        out.push(CaseAction::Note);
    }
    if staff(s).is_ok_and(|me| domain::coordination::returned::may_return(held(row), &me).is_ok()) {
        out.push(CaseAction::Return);
    }
    if handler_waits(held(row), s.role) {
        out.retain(|a| *a == CaseAction::Note);
    }
    out.dedup();
    out
}

/// What `b` asks of the case, as a change to apply; every refusal says why.
pub async fn decide(
    d1: &D1Database,
    row: &CaseRow,
    s: &Session,
    b: &ActionRequest,
    now: DateTime<Utc>,
) -> ApiResult<Change> {
    let action = b.action().ok_or_else(|| field("action", "err-action"))?;
    if action != CaseAction::Note && handler_waits(held(row), s.role) {
        return Err(ApiError::ActionNotAllowed);
    }
    let status = row.status();
    let reason = optional_text(&b.reason, domain::text::MAX_TYPED, "reason", "err-reason")?;
    Ok(match action {
        CaseAction::Triage => return triage(d1, row, s, b, &reason, now).await,
        CaseAction::Accept => Change::new(EventKind::Accepted, true).status(lifecycle_move(
            status,
            Action::Accept,
            s,
        )?),
        CaseAction::RequestInfo => {
            let to = lifecycle_move(status, Action::RequestInfo, s)?;
            responded(row, super::ask::ask(d1, row, s, b, to, now).await?, now)
        }
        CaseAction::Answer => {
            let to = lifecycle_move(status, Action::Answer, s)?;
            // the lead answers from its assisting units' replies, so none may still be open
            if !super::assist::open_units(d1, row.id).await?.is_empty() {
                return Err(field("body", "err-assist-open"));
            }
            let mut c = responded(row, Change::new(EventKind::Answered, true).status(to), now);
            c.note = Some(text(&b.body, "body", "err-body")?);
            c
        }
        CaseAction::Close => {
            let mut c = Change::new(EventKind::Closed, true).status(lifecycle_move(
                status,
                Action::Close,
                s,
            )?);
            c.reason = (!reason.is_empty()).then_some(reason);
            c
        }
        CaseAction::Reopen => {
            let to = lifecycle_move(status, Action::Reopen, s)?;
            let mut c = Change::new(EventKind::Reopened, true).status(to);
            c.reason = Some(required(reason)?);
            c
        }
        CaseAction::Reply => {
            permission(s, Permission::Reply, status)?;
            let mut c = responded(row, Change::new(EventKind::Reply, true), now);
            c.note = Some(text(&b.body, "body", "err-body")?);
            c
        }
        CaseAction::Note => {
            require(s, Permission::Note)?;
            let mut c = Change::new(EventKind::Note, false);
            c.note = Some(text(&b.body, "body", "err-body")?);
            c
        }
        CaseAction::Escalate => escalate(row, s, b.level, reason)?,
        CaseAction::Assign => assign(d1, row, s, b.assignee).await?,
        CaseAction::Return => give_back(row, s, &reason, now)?,
    })
}

/// A reason that must be given.
fn required(reason: String) -> ApiResult<String> {
    if reason.is_empty() {
        Err(field("reason", "err-reason"))
    } else {
        Ok(reason)
    }
}

/// Anything the enterprise reads from staff (a question, a reply, the answer) is the first
/// response, if there was none yet.
fn responded(row: &CaseRow, mut c: Change, now: DateTime<Utc>) -> Change {
    if row.first_response_at.is_none() {
        c.set.push(("first_response_at", iso(now).into()));
    }
    c
}

fn level_of(row: &CaseRow) -> Level {
    row.level
        .and_then(|l| Level::new(l).ok())
        .unwrap_or(Level::FIRST_CONTACT)
}

/// A grading as sent: every part valid, or one error naming the grading.
struct Grading {
    category: Category,
    importance: Letter,
    urgency: Letter,
    department: Department,
    level: Level,
}

impl Grading {
    fn read(b: &ActionRequest) -> ApiResult<Grading> {
        let bad = || field("triage", "err-triage");
        Ok(Grading {
            category: b
                .category
                .as_deref()
                .and_then(Category::parse)
                .ok_or_else(bad)?,
            importance: b
                .importance
                .as_deref()
                .and_then(Letter::parse)
                .ok_or_else(bad)?,
            urgency: b
                .urgency
                .as_deref()
                .and_then(Letter::parse)
                .ok_or_else(bad)?,
            department: b
                .department
                .as_deref()
                .and_then(Department::parse)
                .ok_or_else(bad)?,
            level: b.level.and_then(|l| Level::new(l).ok()).ok_or_else(bad)?,
        })
    }

    fn differs_from(&self, row: &CaseRow) -> bool {
        row.category.as_deref() != Some(self.category.code())
            || row.importance.as_deref() != Some(&self.importance.to_string())
            || row.urgency.as_deref() != Some(&self.urgency.to_string())
            || row.department.as_deref() != Some(self.department.code())
            || row.level != Some(self.level.get())
    }
}

/// Grading a new case, or regrading one in hand: a change needs a reason, a level may not go
/// down, the deadlines follow the new grade, and a case moved to another unit leaves its holder.
async fn triage(
    d1: &D1Database,
    row: &CaseRow,
    s: &Session,
    b: &ActionRequest,
    reason: &str,
    now: DateTime<Utc>,
) -> ApiResult<Change> {
    let status = row.status();
    let role = s.role.lifecycle();
    if !lifecycle::role_may(Action::Triage, role) {
        return Err(ApiError::Forbidden);
    }
    let first = status == Status::Submitted;
    let to = if first {
        lifecycle_move(status, Action::Triage, s)?
    } else if lifecycle::may_regrade(status, role) {
        status
    } else {
        return Err(ApiError::ActionNotAllowed);
    };
    let g = Grading::read(b)?;
    if !first && g.level < level_of(row) {
        return Err(field("level", "err-level"));
    }
    let reason = if g.differs_from(row) {
        Some(required(reason.to_string())?)
    } else {
        (!reason.is_empty()).then(|| reason.to_string())
    };
    let (cal, table) = settings::load(d1).await?;
    let evs = events(d1, row.id).await?;
    let deadlines = table.deadlines(
        &cal,
        g.category,
        g.urgency,
        row.received(),
        &pauses(&evs),
        now,
    );
    let kind = if first {
        EventKind::Triaged
    } else {
        EventKind::Regraded
    };
    let mut c = Change::new(kind, true).status(to);
    c.set.extend([
        ("category", g.category.code().into()),
        ("importance", g.importance.to_string().into()),
        ("urgency", g.urgency.to_string().into()),
        ("department", g.department.code().into()),
        ("level", JsValue::from(g.level.get())),
        ("due_at", iso(deadlines.resolution).into()),
        ("due_first_response", iso(deadlines.first_response).into()),
        ("triage_source", "staff".into()),
        // routed again: no longer waiting at the desk after a return
        ("returned_at", JsValue::NULL),
        ("returned_from", JsValue::NULL),
    ]);
    // graded and assigned in one step: the officer must hold a case of the new unit
    let assignee = match b.assignee {
        Some(id) => {
            permission(s, Permission::Assign, status)?;
            check_assignee(d1, id, Some(g.department)).await?;
            Some(JsValue::from(id as f64))
        }
        None if row.department() != Some(g.department) => Some(JsValue::NULL),
        None => None,
    };
    if let Some(a) = assignee {
        c.set.push(("assignee_id", a));
    }
    c.reason = reason;
    c.before = Some(
        j!({ "category": row.category, "grade": row.grade(), "department": row.department,
                         "level": row.level, "due_at": row.due_at, "returned": row.returned_at.is_some() }),
    );
    c.after = Some(j!({
        "category": g.category.code(), "grade": format!("{}{}", g.importance, g.urgency),
        "department": g.department.code(), "level": g.level.get(),
        "due_at": iso(deadlines.resolution), "assignee_id": b.assignee,
    }));
    Ok(c)
}

/// Up one level (or to the level asked), with a reason.
fn escalate(row: &CaseRow, s: &Session, to: Option<u8>, reason: String) -> ApiResult<Change> {
    let status = row.status();
    permission(s, Permission::Escalate, status)?;
    let level = level_of(row);
    let to = match to {
        Some(l) => Level::new(l).map_err(|_| field("level", "err-level"))?,
        None => level.next().ok_or_else(|| field("level", "err-level"))?,
    };
    let e = lifecycle::escalate(status, level, to, s.role.lifecycle(), &reason).map_err(
        |e| match e {
            lifecycle::LifecycleError::ReasonRequired => field("reason", "err-reason"),
            lifecycle::LifecycleError::Level(_) => field("level", "err-level"),
            lifecycle::LifecycleError::Forbidden { .. } => ApiError::Forbidden,
            lifecycle::LifecycleError::NotFrom { .. } => ApiError::ActionNotAllowed,
        },
    )?;
    let mut c = Change::new(EventKind::Escalated, true);
    c.set.push(("level", JsValue::from(e.to.get())));
    c.reason = Some(e.reason);
    c.before = Some(j!({ "level": e.from.get() }));
    c.after = Some(j!({ "level": e.to.get() }));
    Ok(c)
}

async fn assign(d1: &D1Database, row: &CaseRow, s: &Session, id: Option<i64>) -> ApiResult<Change> {
    permission(s, Permission::Assign, row.status())?;
    let id = id.ok_or_else(|| field("assignee", "err-assignee"))?;
    check_assignee(d1, id, row.department()).await?;
    let mut c = Change::new(EventKind::Assigned, false);
    c.set.push(("assignee_id", JsValue::from(id as f64)));
    c.before = Some(j!({ "assignee_id": row.assignee_id }));
    c.after = Some(j!({ "assignee_id": id }));
    Ok(c)
}

/// An active officer who may hold a case of `unit` ([`domain::staff::may_be_assigned`]).
async fn check_assignee(d1: &D1Database, id: i64, unit: Option<Department>) -> ApiResult<()> {
    let user = d1
        .prepare("SELECT role, department FROM staff_users WHERE id = ?1 AND active = 1")
        .bind(&[JsValue::from(id as f64)])?
        .first::<AssigneeRow>(None)
        .await?
        .ok_or_else(|| field("assignee", "err-assignee"))?;
    let may = domain::staff::StaffRole::parse(&user.role).is_some_and(|r| {
        domain::staff::may_be_assigned(
            r,
            user.department.as_deref().and_then(Department::parse),
            unit,
        )
    });
    if may {
        Ok(())
    } else {
        Err(field("assignee", "err-assignee"))
    }
}

#[derive(Deserialize)]
struct AssigneeRow {
    role: String,
    department: Option<String>,
}
