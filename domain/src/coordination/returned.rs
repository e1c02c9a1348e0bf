//! 退回: a handler hands a case that is outside their unit's remit back to the desk, with a
//! reason, so the desk routes it again.
//!
//! The clock keeps running: a return is not a pause (only waiting on the enterprise pauses,
//! [`crate::lifecycle::clock_paused`]), so the case's deadlines stay as they are and time spent
//! on the wrong desk counts against the office, not the enterprise. What the return does to the
//! case's status and assignee is the lifecycle's and the Worker's business; this file says who
//! may return it, from which status, and what is recorded.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Staff, StaffId, Text500, TextError};
use crate::staff::StaffRole;
use crate::taxonomy::{Department, Status};

/// A recorded return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Return {
    /// The unit that gave the case back.
    pub from: Department,
    pub reason: Text500,
    pub by: StaffId,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ReturnError {
    /// Only handlers return cases.
    Forbidden {
        role: StaffRole,
    },
    /// A handler returns only a case of their own unit.
    NotYourUnit,
    /// Not in this status (not routed yet, waiting on the enterprise, answered, closed, merged).
    NotFrom {
        status: Status,
    },
    Reason {
        error: TextError,
    },
    /// Already given back and not routed again: it waits at the desk.
    AlreadyReturned,
}

/// The case as it stands: its status, its unit, and whether it already waits at the desk after
/// an earlier return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    pub status: Status,
    pub unit: Option<Department>,
    pub waiting_at_desk: bool,
}

/// A case given back to the desk waits there: until the desk routes it again, a handler may only
/// add internal notes to it (any other action of theirs is refused).
pub fn handler_waits(held: Held, role: StaffRole) -> bool {
    held.waiting_at_desk && role == StaffRole::Handler
}

/// The statuses a case may be returned from: routed and being worked on by the unit.
/// `needs_info` is not among them: the unit asked the enterprise, so it holds the case until
/// the answer comes.
pub fn returnable(status: Status) -> bool {
    matches!(
        status,
        Status::Triaged | Status::InProgress | Status::Reopened
    )
}

/// The role that returns cases: the responsible unit's handler (the desk routes, it does not
/// return to itself; supervisors reroute through triage).
pub fn may_return_role(role: StaffRole) -> bool {
    role == StaffRole::Handler
}

/// Whether `actor` may give `held` back now: the unit it would go back from, or why not.
pub fn may_return(held: Held, actor: &Staff) -> Result<Department, ReturnError> {
    if !may_return_role(actor.role) {
        return Err(ReturnError::Forbidden { role: actor.role });
    }
    let from = held
        .unit
        .filter(|u| actor.acts_for(*u))
        .ok_or(ReturnError::NotYourUnit)?;
    if !returnable(held.status) {
        return Err(ReturnError::NotFrom {
            status: held.status,
        });
    }
    if held.waiting_at_desk {
        return Err(ReturnError::AlreadyReturned);
    }
    Ok(from)
}

/// `actor` gives the case `held` back to the desk with `reason` at `now`.
pub fn return_to_desk(
    held: Held,
    actor: &Staff,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Return, ReturnError> {
    let from = may_return(held, actor)?;
    let reason = Text500::parse(reason).map_err(|error| ReturnError::Reason { error })?;
    Ok(Return {
        from,
        reason,
        by: actor.id,
        at: now,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coordination::fixtures::{everyone, staff};
    use crate::time::at_shanghai as sh;
    use Department::{Customs, Tax};

    fn held(status: Status, unit: Option<Department>) -> Held {
        Held {
            status,
            unit,
            waiting_at_desk: false,
        }
    }

    #[test]
    fn a_case_waiting_at_the_desk_is_not_returned_twice() {
        let h = staff(3, StaffRole::Handler, Some(Customs));
        let waiting = Held {
            waiting_at_desk: true,
            ..held(Status::InProgress, Some(Customs))
        };
        let now = sh(2026, 11, 23, 10, 0);
        assert_eq!(
            return_to_desk(waiting, &h, "再退", now),
            Err(ReturnError::AlreadyReturned)
        );
    }

    #[test]
    fn only_the_units_handler_returns_and_only_while_it_works_on_the_case() {
        let now = sh(2026, 11, 23, 10, 0);
        for s in everyone(&[Customs, Tax]) {
            for &status in Status::ALL {
                let r = return_to_desk(held(status, Some(Customs)), &s, "属税务职责", now);
                let ok = s.role == StaffRole::Handler
                    && s.unit == Some(Customs)
                    && matches!(
                        status,
                        Status::Triaged | Status::InProgress | Status::Reopened
                    );
                assert_eq!(r.is_ok(), ok, "{s:?} {status:?}: {r:?}");
            }
        }
        let h = staff(3, StaffRole::Handler, Some(Customs));
        let r = return_to_desk(
            held(Status::InProgress, Some(Customs)),
            &h,
            " 非本单位职责 ",
            now,
        );
        assert_eq!(
            r,
            Ok(Return {
                from: Customs,
                reason: Text500::parse("非本单位职责").unwrap(),
                by: h.id,
                at: now
            })
        );
    }

    #[test]
    fn refusals_are_typed() {
        let now = sh(2026, 11, 23, 10, 0);
        let h = staff(3, StaffRole::Handler, Some(Customs));
        let desk = staff(4, StaffRole::FrontDesk, Some(Customs));
        assert_eq!(
            return_to_desk(held(Status::InProgress, Some(Customs)), &desk, "x", now),
            Err(ReturnError::Forbidden {
                role: StaffRole::FrontDesk
            })
        );
        assert_eq!(
            return_to_desk(held(Status::InProgress, Some(Tax)), &h, "x", now),
            Err(ReturnError::NotYourUnit)
        );
        assert_eq!(
            return_to_desk(held(Status::InProgress, None), &h, "x", now),
            Err(ReturnError::NotYourUnit)
        );
        assert_eq!(
            return_to_desk(held(Status::NeedsInfo, Some(Customs)), &h, "x", now),
            Err(ReturnError::NotFrom {
                status: Status::NeedsInfo
            })
        );
        assert_eq!(
            return_to_desk(held(Status::Triaged, Some(Customs)), &h, "", now),
            Err(ReturnError::Reason {
                error: TextError::Empty
            })
        );
        assert!(matches!(
            return_to_desk(
                held(Status::Triaged, Some(Customs)),
                &h,
                &"因".repeat(501),
                now
            ),
            Err(ReturnError::Reason {
                error: TextError::TooLong { max: 500 }
            })
        ));
        let json = serde_json::to_value(ReturnError::NotYourUnit).unwrap();
        assert_eq!(json["code"], "not_your_unit");
    }

    #[test]
    fn the_clock_keeps_running_while_returnable() {
        for &s in Status::ALL {
            if returnable(s) {
                assert!(crate::lifecycle::clock_running(s), "{s:?}");
            }
        }
    }

    #[test]
    fn a_returned_case_waits_at_the_desk_for_its_handlers() {
        let held = |waiting| Held {
            status: Status::InProgress,
            unit: Some(Department::Customs),
            waiting_at_desk: waiting,
        };
        assert!(handler_waits(held(true), StaffRole::Handler));
        assert!(!handler_waits(held(false), StaffRole::Handler));
        for role in [
            StaffRole::FrontDesk,
            StaffRole::Supervisor,
            StaffRole::Leader,
        ] {
            assert!(!handler_waits(held(true), role), "{role:?} still acts");
        }
    }
}
