//! Case state, written: the case row and its event log change together, in one D1 batch, or
//! not at all. A change applies only if nobody changed the row since it was read (`updated_at`),
//! and its event and any statements that go with it (a rating, a visit, a review's outcome, a
//! batch) are written only if the row changed.

use chrono::{DateTime, Utc};
use domain::sla::{Clock, Flags, Pause};
use domain::staff::may_see;
use domain::taxonomy::{EventKind, Status};
use domain::time::{iso, parse as parse_time};
use domain::CaseNo;
use serde::{Deserialize, Serialize};
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result};

use super::db::CaseRow;
use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::settings;

/// A case by its number, if this staff member may see it.
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

/// One change to a case: the columns to set, and the event that records it.
pub struct Change {
    pub set: Vec<(&'static str, JsValue)>,
    /// Columns set from SQL written here (never from input), e.g. the id of a row the same
    /// batch inserted just before.
    exprs: Vec<(&'static str, &'static str)>,
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
            exprs: Vec::new(),
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

    /// Sets `column` to the value of `sql`, a fixed expression of this crate.
    pub fn set_sql(mut self, column: &'static str, sql: &'static str) -> Change {
        self.exprs.push((column, sql));
        self
    }
}

/// Who acted, as the event log records it.
pub struct Actor {
    pub id: String,
    pub role: String,
    /// The member of staff, when staff acted.
    pub staff: Option<domain::coordination::Staff>,
}

impl From<&Session> for Actor {
    fn from(s: &Session) -> Actor {
        Actor {
            id: format!("staff:{}", s.user_id),
            role: s.role.code().into(),
            staff: domain::coordination::StaffId::new(s.user_id).map(|id| {
                domain::coordination::Staff {
                    id,
                    role: s.role,
                    unit: s.department,
                }
            }),
        }
    }
}

impl Actor {
    pub fn enterprise() -> Actor {
        Actor {
            id: "enterprise".into(),
            role: "enterprise".into(),
            staff: None,
        }
    }
}

/// 首问负责: the first member of staff who acts on the case becomes, once, its named
/// first-responsible person.
fn first_responsible(row: &CaseRow, actor: &Actor, change: &mut Change) {
    use domain::coordination::{first_contact::becomes_first_responsible, StaffId};
    let existing = row.first_responsible_id.and_then(StaffId::new);
    if let Some(st) = actor
        .staff
        .filter(|st| becomes_first_responsible(existing, st))
    {
        let id = st.id.get() as f64;
        change.set.push(("first_responsible_id", JsValue::from(id)));
    }
}

/// Applies `change` if the row is still as read (a conflict, 409, otherwise), with its event and
/// `extra` — the statements that belong to the same change: a rating, a visit, a review's
/// outcome — in one D1 batch: all of them, or none.
pub async fn apply(
    d1: &D1Database,
    row: &CaseRow,
    actor: &Actor,
    change: Change,
    now: DateTime<Utc>,
    extra: Vec<D1PreparedStatement>,
) -> ApiResult<()> {
    let mut stmts = statements(d1, row, actor, change, now).await?;
    stmts.extend(extra);
    run_guarded(d1, stmts).await.map(drop)
}

/// A statement that fails the whole D1 batch (a transaction) unless the statement before it
/// changed exactly one row: for batches of several cases, where one stale case must undo all.
pub const GUARD_ONE_CHANGED: &str =
    "SELECT json(CASE WHEN changes() = 1 THEN '1' ELSE 'conflict: a row changed meanwhile' END)";

/// Runs a D1 batch built with [`GUARD_ONE_CHANGED`]: a guard that fails is a conflict (409).
/// The results are each statement's, in order (a `RETURNING` reads its rows from them).
pub async fn run_guarded(
    d1: &D1Database,
    stmts: Vec<D1PreparedStatement>,
) -> ApiResult<Vec<D1Result>> {
    match d1.batch(stmts).await {
        Ok(results) => Ok(results),
        Err(e) if e.to_string().contains("malformed JSON") => Err(ApiError::Conflict),
        Err(e) => Err(e.into()),
    }
}

/// `apply` as statements, for a D1 batch that carries more than one case: the row update (only
/// if unchanged since read), a guard that fails the batch if it did not change, and its event.
pub async fn statements(
    d1: &D1Database,
    row: &CaseRow,
    actor: &Actor,
    change: Change,
    now: DateTime<Utc>,
) -> ApiResult<Vec<D1PreparedStatement>> {
    let mut change = change;
    first_responsible(row, actor, &mut change);
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
    for (col, expr) in change.exprs {
        sets.push_str(&format!(", {col} = {expr}"));
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
    let mut stmts = vec![update, d1.prepare(GUARD_ONE_CHANGED), event];
    if domain::coordination::told::concerns(change.kind) {
        stmts.push(crate::staff::told::of_latest(d1, row.id)?);
    }
    Ok(stmts)
}
