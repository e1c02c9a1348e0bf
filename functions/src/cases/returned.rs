//! 退回: a unit's handler gives a case outside its remit back to the front desk, by the rule of
//! `domain::coordination::returned`; the desk routes it again (a regrade clears the mark).

use chrono::{DateTime, Utc};
use domain::taxonomy::EventKind;
use domain::time::iso;
use serde_json::json as j;
use worker::wasm_bindgen::JsValue;

use super::db::CaseRow;
use super::store::Change;
use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::field;

/// 退回: the unit's handler gives the case back to the desk with a reason; it leaves its holder,
/// keeps its deadlines (the clock runs on) and waits for the desk to route it again.
pub fn give_back(
    row: &CaseRow,
    s: &Session,
    reason: &str,
    now: DateTime<Utc>,
) -> ApiResult<Change> {
    use domain::coordination::returned::{return_to_desk, ReturnError};
    let back = return_to_desk(held(row), &staff(s)?, reason, now).map_err(|e| match e {
        ReturnError::Forbidden { .. } | ReturnError::NotYourUnit => ApiError::Forbidden,
        ReturnError::NotFrom { .. } | ReturnError::AlreadyReturned => ApiError::ActionNotAllowed,
        ReturnError::Reason { .. } => field("reason", "err-reason"),
    })?;
    let mut c = Change::new(EventKind::Returned, false);
    c.set.extend([
        ("returned_at", iso(now).into()),
        ("returned_from", back.from.code().into()),
        ("assignee_id", JsValue::NULL),
    ]);
    c.reason = Some(back.reason.as_str().to_string());
    c.before = Some(j!({ "department": row.department, "assignee_id": row.assignee_id }));
    c.after = Some(j!({ "returned_from": back.from.code() }));
    Ok(c)
}

/// The case as the return rule reads it.
pub fn held(row: &CaseRow) -> domain::coordination::returned::Held {
    domain::coordination::returned::Held {
        status: row.status(),
        unit: row.department(),
        waiting_at_desk: row.returned_at.is_some(),
    }
}

/// The signed-in member of staff as the coordination rules know them.
pub fn staff(s: &Session) -> ApiResult<domain::coordination::Staff> {
    Ok(domain::coordination::Staff {
        id: domain::coordination::StaffId::new(s.user_id).ok_or(ApiError::Unauthorized)?,
        role: s.role,
        unit: s.department,
    })
}
