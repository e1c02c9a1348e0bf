//! One case as staff see it, and every action on it. Each action is one D1 batch: the case row
//! changes only if nobody changed it meanwhile, and the event is written only if the row changed.

use chrono::{DateTime, Utc};
use domain::grade::{Letter, Level};
use domain::lifecycle::{self, Action};
use domain::sla::{Clock, Flags, Pause};
use domain::staff::{may_see, Permission};
use domain::taxonomy::{Category, Department, EventKind, Port, Status};
use domain::{CaseNo, Lang};
use serde::{Deserialize, Serialize};
use serde_json::json as j;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, Env, Request, Response};

use super::users::{authorized, require};
use crate::auth::session::{self, Session};
use crate::cases::db::{iso, parse_time, CaseRow};
use crate::error::{ApiError, ApiResult};
use crate::http::{json, read_json};
use crate::settings;
use domain::time::display;

pub async fn load(d1: &D1Database, s: &Session, raw: &str) -> ApiResult<CaseRow> {
    let no = CaseNo::parse(raw).map_err(|_| ApiError::CaseNotFound)?;
    let row = crate::cases::db::by_number(d1, no)
        .await?
        .ok_or(ApiError::CaseNotFound)?;
    // Another unit's case does not exist, as far as a handler can tell.
    if !may_see(s.role, s.department, row.department()) {
        return Err(ApiError::CaseNotFound);
    }
    Ok(row)
}

#[derive(Debug, Deserialize, Serialize)]
pub struct EventRow {
    pub at: String,
    pub actor: String,
    pub role: Option<String>,
    pub kind: String,
    pub public: i64,
    pub before: Option<String>,
    pub after: Option<String>,
    pub note: Option<String>,
    pub reason: Option<String>,
    /// The staff member's display name when `actor` is `staff:N`.
    #[serde(default)]
    pub actor_name: Option<String>,
}

pub async fn events(d1: &D1Database, id: i64) -> ApiResult<Vec<EventRow>> {
    Ok(d1
        .prepare(
            "SELECT e.at, e.actor, e.role, e.kind, e.public, e.before, e.after, e.note, e.reason, \
             u.display_name AS actor_name FROM case_events e \
             LEFT JOIN staff_users u ON e.actor = 'staff:' || u.id WHERE e.case_id = ?1 ORDER BY e.id",
        )
        .bind(&[JsValue::from(id as f64)])?
        .all()
        .await?
        .results::<EventRow>()?)
}

/// The stretches the case waited on the enterprise, from its events.
pub fn pauses(events: &[EventRow]) -> Vec<Pause> {
    let mut out: Vec<Pause> = Vec::new();
    for e in events {
        let Some(at) = parse_time(&e.at) else {
            continue;
        };
        match e.kind.as_str() {
            "info_requested" => out.push(Pause {
                start: at,
                end: None,
            }),
            "info_supplied" => {
                if let Some(open) = out.iter_mut().rev().find(|p| p.end.is_none()) {
                    open.end = Some(at);
                }
            }
            _ => {}
        }
    }
    out
}

/// Overdue, due within half a working day, or unanswered 48 hours after it was received.
pub fn flags(row: &CaseRow, clock: &Clock) -> Flags {
    Flags::of(
        row.status(),
        row.due_at.as_deref().and_then(parse_time),
        row.received(),
        clock,
    )
}

fn actions_for(row: &CaseRow, s: &Session) -> Vec<&'static str> {
    let status = row.status();
    let role = s.role.lifecycle();
    let mut out: Vec<&'static str> = lifecycle::available(status, role)
        .into_iter()
        .filter_map(|a| match a {
            Action::Triage => Some("triage"),
            Action::Accept => Some("accept"),
            Action::RequestInfo => Some("request_info"),
            Action::Answer => Some("answer"),
            Action::Close => Some("close"),
            Action::Reopen => Some("reopen"),
            _ => None,
        })
        .collect();
    if lifecycle::may_regrade(status, role) {
        out.push("triage");
    }
    let open = lifecycle::is_open(status);
    for (p, code) in [
        (Permission::Reply, "reply"),
        (Permission::Escalate, "escalate"),
        (Permission::Assign, "assign"),
    ] {
        if open && domain::staff::permitted(s.role, p) {
            out.push(code);
        }
    }
    if domain::staff::permitted(s.role, Permission::Note) {
        out.push("note");
    }
    out.dedup();
    out
}

fn label<T>(v: Option<T>, f: impl Fn(T) -> &'static str) -> Option<&'static str> {
    v.map(f)
}

pub async fn view(
    d1: &D1Database,
    row: &CaseRow,
    s: &Session,
    now: DateTime<Utc>,
    lang: Lang,
) -> ApiResult<serde_json::Value> {
    let cal = settings::calendar(d1).await?;
    let f = flags(row, &Clock::new(&cal, now));
    let evs = events(d1, row.id).await?;
    let category = row.category.as_deref().and_then(Category::parse);
    let reasons: serde_json::Value = row
        .triage_reasons
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or(j!([]));
    let events: Vec<serde_json::Value> = evs
        .iter()
        .map(|e| {
            j!({
                "at": e.at, "at_text": display(&e.at, lang), "actor": e.actor, "actor_name": e.actor_name, "role": e.role, "kind": e.kind,
                "label": EventKind::parse(&e.kind).map(|k| k.label(lang)).unwrap_or(""),
                "public": e.public == 1, "note": e.note, "reason": e.reason,
                "before": e.before.as_deref().and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok()),
                "after": e.after.as_deref().and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok()),
            })
        })
        .collect();
    let status = row.status();
    Ok(j!({
        "case_no": row.case_no()?.to_string(),
        "status": status.code(), "status_label": status.label(lang),
        "enterprise_name": row.enterprise_name, "uscc": row.uscc,
        "contact_name": row.contact_name, "contact_phone": row.contact_phone,
        "port": row.port, "port_label": Port::parse(&row.port).map(|p| p.label(lang)),
        "channel": row.channel, "channel_label": domain::taxonomy::Channel::parse(&row.channel).map(|c| c.label(lang)),
        "title": row.title, "description": row.description,
        "submitted_at": row.submitted_at, "submitted_at_text": display(&row.submitted_at, lang),
        "received_at": row.received().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "category": row.category, "category_label": label(category, |c| c.label(lang)),
        "importance": row.importance, "urgency": row.urgency, "grade": row.grade(),
        "department": row.department, "department_label": label(row.department(), |d| d.label(lang)),
        "level": row.level, "assignee_id": row.assignee_id,
        "due_at": row.due_at, "due_at_text": row.due_at.as_deref().map(|d| display(d, lang)),
        "due_first_response": row.due_first_response,
        "due_first_response_text": row.due_first_response.as_deref().map(|d| display(d, lang)),
        "first_response_at": row.first_response_at,
        "paused_at": row.paused_at, "flagged_48h_at": row.flagged_48h_at,
        "updated_at": row.updated_at,
        "triage": { "source": row.triage_source, "confidence": row.triage_confidence, "reasons": reasons,
            "unsure": domain::triage::needs_confirmation(row.triage_source.as_deref(), row.triage_confidence) },
        "flags": { "overdue": f.overdue, "near_due": f.near_due, "flagged_48h": f.flagged_48h },
        "events": events,
        "actions": actions_for(row, s),
    }))
}

/// `GET /api/staff/cases/{case_no}`
pub async fn detail(
    req: Request,
    env: &Env,
    now: DateTime<Utc>,
    lang: Lang,
    raw: &str,
) -> ApiResult<Response> {
    let s = authorized(&req, env, now, Permission::ViewCases).await?;
    let d1 = env.d1("DB")?;
    let row = load(&d1, &s, raw).await?;
    Ok(json(&view(&d1, &row, &s, now, lang).await?, 200)?)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActionBody {
    pub action: String,
    pub reason: String,
    pub body: String,
    pub category: Option<String>,
    pub importance: Option<String>,
    pub urgency: Option<String>,
    pub department: Option<String>,
    pub level: Option<u8>,
    pub assignee: Option<i64>,
}

/// One change to a case: the columns to set, and the event that records it.
pub struct Change {
    pub set: Vec<(&'static str, JsValue)>,
    kind: EventKind,
    public: bool,
    pub note: Option<String>,
    pub reason: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl Change {
    pub fn new(kind: EventKind, public: bool) -> Change {
        Change {
            set: Vec::new(),
            kind,
            public,
            note: None,
            reason: None,
            before: None,
            after: None,
        }
    }

    pub fn status(mut self, s: Status) -> Change {
        self.set.push(("status", s.code().into()));
        self
    }
}

fn field(name: &str, key: &str) -> ApiError {
    ApiError::Field(name.into(), key.into())
}

/// A required text (a reply, a note): not empty, at most 4 000 characters, nothing hidden.
pub fn text(v: &str, name: &str, key: &str) -> ApiResult<String> {
    let v = optional_text(v, 4000, name, key)?;
    if v.is_empty() {
        return Err(field(name, key));
    }
    Ok(v)
}

/// A text that may be empty (a reason, a comment): at most `max` characters, nothing hidden.
pub fn optional_text(v: &str, max: usize, name: &str, key: &str) -> ApiResult<String> {
    domain::text::typed_text(v, max).map_err(|e| match e {
        domain::text::TypedTextError::TooLong => field(name, key),
        domain::text::TypedTextError::HiddenControl => field(name, "err-hidden-control"),
    })
}

pub fn lifecycle_move(status: Status, action: Action, s: &Session) -> ApiResult<Status> {
    if !lifecycle::role_may(action, s.role.lifecycle()) {
        return Err(ApiError::Forbidden);
    }
    lifecycle::apply(status, action, s.role.lifecycle()).map_err(|_| ApiError::ActionNotAllowed)
}

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

fn grade_json(row: &CaseRow) -> serde_json::Value {
    j!({ "category": row.category, "grade": row.grade(), "department": row.department, "level": row.level, "due_at": row.due_at })
}

async fn decide(
    d1: &D1Database,
    row: &CaseRow,
    s: &Session,
    b: &ActionBody,
    now: DateTime<Utc>,
) -> ApiResult<Change> {
    let status = row.status();
    let reason = optional_text(&b.reason, 4000, "reason", "err-reason")?;
    let need_reason = || {
        if reason.is_empty() {
            Err(field("reason", "err-reason"))
        } else {
            Ok(reason.clone())
        }
    };
    let level = row
        .level
        .and_then(|l| Level::new(l).ok())
        .unwrap_or(Level::FIRST_CONTACT);
    Ok(match b.action.as_str() {
        "triage" => {
            let role = s.role.lifecycle();
            if !lifecycle::role_may(Action::Triage, role) {
                return Err(ApiError::Forbidden);
            }
            let to = if status == Status::Submitted {
                lifecycle_move(status, Action::Triage, s)?
            } else if lifecycle::may_regrade(status, role) {
                status
            } else {
                return Err(ApiError::ActionNotAllowed);
            };
            let bad = || field("triage", "err-triage");
            let category = b
                .category
                .as_deref()
                .and_then(Category::parse)
                .ok_or_else(bad)?;
            let importance = b
                .importance
                .as_deref()
                .and_then(Letter::parse)
                .ok_or_else(bad)?;
            let urgency = b
                .urgency
                .as_deref()
                .and_then(Letter::parse)
                .ok_or_else(bad)?;
            let department = b
                .department
                .as_deref()
                .and_then(Department::parse)
                .ok_or_else(bad)?;
            let new_level = b.level.and_then(|l| Level::new(l).ok()).ok_or_else(bad)?;
            if status != Status::Submitted && new_level < level {
                return Err(field("level", "err-level"));
            }
            let before = grade_json(row);
            let changed = row.category.as_deref() != Some(category.code())
                || row.importance.as_deref() != Some(&importance.to_string())
                || row.urgency.as_deref() != Some(&urgency.to_string())
                || row.department.as_deref() != Some(department.code())
                || row.level != Some(new_level.get());
            let reason = if changed {
                Some(need_reason()?)
            } else {
                (!reason.is_empty()).then(|| reason.clone())
            };
            let (cal, table) = settings::load(d1).await?;
            let evs = events(d1, row.id).await?;
            let deadlines =
                table.deadlines(&cal, category, urgency, row.received(), &pauses(&evs), now);
            let kind = if status == Status::Submitted {
                EventKind::Triaged
            } else {
                EventKind::Regraded
            };
            let mut c = Change::new(kind, true).status(to);
            c.set.extend([
                ("category", category.code().into()),
                ("importance", importance.to_string().into()),
                ("urgency", urgency.to_string().into()),
                ("department", department.code().into()),
                ("level", JsValue::from(new_level.get())),
                ("due_at", iso(deadlines.resolution).into()),
                ("due_first_response", iso(deadlines.first_response).into()),
                ("triage_source", "staff".into()),
            ]);
            // graded and assigned in one step: the officer must hold a case of the new unit; a
            // case moved to another unit leaves its old holder
            let assignee = match b.assignee {
                Some(id) => {
                    permission(s, Permission::Assign, status)?;
                    check_assignee(d1, id, Some(department)).await?;
                    Some(JsValue::from(id as f64))
                }
                None if row.department() != Some(department) => Some(JsValue::NULL),
                None => None,
            };
            if let Some(a) = assignee {
                c.set.push(("assignee_id", a));
            }
            c.reason = reason;
            c.before = Some(before);
            c.after = Some(j!({
                "category": category.code(), "grade": format!("{importance}{urgency}"), "department": department.code(),
                "level": new_level.get(), "due_at": iso(deadlines.resolution), "assignee_id": b.assignee,
            }));
            c
        }
        "accept" => Change::new(EventKind::Accepted, true).status(lifecycle_move(
            status,
            Action::Accept,
            s,
        )?),
        "request_info" => {
            let to = lifecycle_move(status, Action::RequestInfo, s)?;
            let mut c = Change::new(EventKind::InfoRequested, true).status(to);
            c.note = Some(text(&b.body, "body", "err-body")?);
            c.set.push(("paused_at", iso(now).into()));
            // telling the enterprise what is missing is a response to it
            if row.first_response_at.is_none() {
                c.set.push(("first_response_at", iso(now).into()));
            }
            c
        }
        "answer" => {
            let to = lifecycle_move(status, Action::Answer, s)?;
            let mut c = Change::new(EventKind::Answered, true).status(to);
            c.note = Some(text(&b.body, "body", "err-body")?);
            if row.first_response_at.is_none() {
                c.set.push(("first_response_at", iso(now).into()));
            }
            c
        }
        "close" => {
            let mut c = Change::new(EventKind::Closed, true).status(lifecycle_move(
                status,
                Action::Close,
                s,
            )?);
            c.reason = (!reason.is_empty()).then_some(reason);
            c
        }
        "reopen" => {
            let to = lifecycle_move(status, Action::Reopen, s)?;
            let mut c = Change::new(EventKind::Reopened, true).status(to);
            c.reason = Some(need_reason()?);
            c
        }
        "reply" => {
            permission(s, Permission::Reply, status)?;
            let mut c = Change::new(EventKind::Reply, true);
            c.note = Some(text(&b.body, "body", "err-body")?);
            if row.first_response_at.is_none() {
                c.set.push(("first_response_at", iso(now).into()));
            }
            c
        }
        "note" => {
            require(s, Permission::Note)?;
            let mut c = Change::new(EventKind::Note, false);
            c.note = Some(text(&b.body, "body", "err-body")?);
            c
        }
        "escalate" => {
            permission(s, Permission::Escalate, status)?;
            let to = match b.level {
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
            c
        }
        "assign" => {
            permission(s, Permission::Assign, status)?;
            let id = b
                .assignee
                .ok_or_else(|| field("assignee", "err-assignee"))?;
            check_assignee(d1, id, row.department()).await?;
            let mut c = Change::new(EventKind::Assigned, false);
            c.set.push(("assignee_id", JsValue::from(id as f64)));
            c.before = Some(j!({ "assignee_id": row.assignee_id }));
            c.after = Some(j!({ "assignee_id": id }));
            c
        }
        _ => return Err(field("action", "err-triage")),
    })
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

/// Who acted, as the event log records it.
pub struct Actor {
    pub id: String,
    pub role: String,
}

impl From<&Session> for Actor {
    fn from(s: &Session) -> Actor {
        Actor {
            id: format!("staff:{}", s.user_id),
            role: s.role.code().into(),
        }
    }
}

impl Actor {
    pub fn enterprise() -> Actor {
        Actor {
            id: "enterprise".into(),
            role: "enterprise".into(),
        }
    }
}

/// Applies `change` if the row is still as read; writes its event in the same transaction.
pub async fn apply(
    d1: &D1Database,
    row: &CaseRow,
    actor: &Actor,
    change: Change,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let stmts = statements(d1, row, actor, change, now).await?;
    let results = d1.batch(stmts).await?;
    let changed = results
        .first()
        .and_then(|r| r.meta().ok().flatten())
        .and_then(|m| m.changes)
        .unwrap_or(0);
    if changed != 1 {
        return Err(ApiError::Conflict);
    }
    Ok(())
}

/// A statement that fails the whole D1 batch (a transaction) unless the statement before it
/// changed exactly one row: for batches of several cases, where one stale case must undo all.
pub const GUARD_ONE_CHANGED: &str =
    "SELECT json(CASE WHEN changes() = 1 THEN '1' ELSE 'conflict: a row changed meanwhile' END)";

/// Runs a D1 batch built with [`GUARD_ONE_CHANGED`]: a guard that fails is a conflict (409).
pub async fn run_guarded(d1: &D1Database, stmts: Vec<D1PreparedStatement>) -> ApiResult<()> {
    match d1.batch(stmts).await {
        Ok(_) => Ok(()),
        Err(e) if e.to_string().contains("malformed JSON") => Err(ApiError::Conflict),
        Err(e) => Err(e.into()),
    }
}

/// `apply` as statements, for a D1 batch that carries more than one case: the row update (only
/// if unchanged since read) and its event (only if the row changed).
pub async fn statements(
    d1: &D1Database,
    row: &CaseRow,
    actor: &Actor,
    change: Change,
    now: DateTime<Utc>,
) -> ApiResult<Vec<D1PreparedStatement>> {
    let mut change = change;
    if change.kind == EventKind::Answered && row.answered_at.is_none() {
        // the first answer fixes what the statistics read: when, and after how much working time
        let cal = settings::calendar(d1).await?;
        let paused = pauses(&events(d1, row.id).await?);
        let minutes = domain::sla::handling_minutes(&cal, row.received(), now, &paused);
        change.set.push(("answered_at", iso(now).into()));
        change
            .set
            .push(("handling_minutes", JsValue::from(minutes as f64)));
    }
    let at = iso(now);
    let mut sets = String::from("updated_at = ?3");
    let mut values: Vec<JsValue> = vec![
        JsValue::from(row.id as f64),
        row.updated_at.as_str().into(),
        at.as_str().into(),
    ];
    for (i, (col, v)) in change.set.into_iter().enumerate() {
        sets.push_str(&format!(", {col} = ?{}", i + 4));
        values.push(v);
    }
    let update = d1
        .prepare(format!(
            "UPDATE cases SET {sets} WHERE id = ?1 AND updated_at = ?2"
        ))
        .bind(&values)?;
    let opt = |v: Option<String>| v.map(JsValue::from).unwrap_or(JsValue::NULL);
    let event = d1
        .prepare(
            "INSERT INTO case_events (case_id, at, actor, role, kind, public, before, after, note, reason) \
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 WHERE changes() = 1",
        )
        .bind(&[
            JsValue::from(row.id as f64),
            at.as_str().into(),
            actor.id.as_str().into(),
            actor.role.as_str().into(),
            change.kind.code().into(),
            JsValue::from(u8::from(change.public)),
            opt(change.before.map(|v| v.to_string())),
            opt(change.after.map(|v| v.to_string())),
            opt(change.note),
            opt(change.reason),
        ])?;
    Ok(vec![update, event])
}

/// `POST /api/staff/cases/{case_no}/actions`
pub async fn act(
    mut req: Request,
    env: &Env,
    now: DateTime<Utc>,
    lang: Lang,
    raw: &str,
) -> ApiResult<Response> {
    session::check_origin(&req)?;
    let s = session::current(&req, env, now).await?;
    let body: ActionBody = read_json(&mut req).await?;
    let d1 = env.d1("DB")?;
    let row = load(&d1, &s, raw).await?;
    let change = decide(&d1, &row, &s, &body, now).await?;
    apply(&d1, &row, &Actor::from(&s), change, now).await?;
    let row = load(&d1, &s, raw).await?;
    Ok(json(&view(&d1, &row, &s, now, lang).await?, 200)?)
}
