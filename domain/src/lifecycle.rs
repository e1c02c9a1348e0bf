//! The case lifecycle (SPEC "Case lifecycle"): which action moves a case from which state to
//! which, and which roles may take it. Anything else is a typed error.

use serde::{Deserialize, Serialize};

use crate::grade::{Level, LevelError};
use crate::taxonomy::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The enterprise, through its case token.
    Enterprise,
    /// 首问受理员 at the enterprise centre.
    FrontDesk,
    /// 责任单位 handler.
    Handler,
    /// 工作专班 supervisor.
    Supervisor,
    /// 领导小组.
    Leader,
    Admin,
    /// Scheduled jobs (auto-close, overdue escalation).
    System,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Confirm or correct category, grade, level, department and deadlines.
    Triage,
    /// The responsible unit starts work.
    Accept,
    /// Ask the enterprise for more information; the SLA clock pauses.
    RequestInfo,
    /// The enterprise adds what was asked; the clock runs again.
    SupplyInfo,
    /// Give the public answer.
    Answer,
    /// Fold into a batch of similar problems.
    Merge,
    /// The batch's one answer reaches every merged case.
    AnswerBatch,
    /// Satisfied rating, or no objection within the waiting period.
    Close,
    /// 差评 or objection: rectification with its own deadline.
    Reopen,
    /// A supervisor concludes a 差评 without rectification: the rating appealed.
    Conclude,
    /// A supervisor answers a 差评 with an explanation (no legal basis to change): it is a new
    /// answer, which the enterprise may reply to and rate.
    Explain,
}

use Role::*;
use Status as S;

struct Rule {
    action: Action,
    from: &'static [Status],
    to: Status,
    roles: &'static [Role],
}

const RULES: &[Rule] = &[
    Rule {
        action: Action::Triage,
        from: &[S::Submitted, S::Triaged],
        to: S::Triaged,
        roles: &[FrontDesk, Supervisor],
    },
    Rule {
        action: Action::Accept,
        from: &[S::Triaged, S::Reopened],
        to: S::InProgress,
        roles: &[FrontDesk, Handler, Supervisor, Leader],
    },
    Rule {
        action: Action::RequestInfo,
        from: &[S::Triaged, S::InProgress, S::Reopened],
        to: S::NeedsInfo,
        roles: &[FrontDesk, Handler, Supervisor],
    },
    Rule {
        action: Action::SupplyInfo,
        from: &[S::NeedsInfo],
        to: S::InProgress,
        roles: &[Enterprise],
    },
    Rule {
        action: Action::Answer,
        from: &[S::Triaged, S::InProgress, S::Reopened],
        to: S::Answered,
        roles: &[FrontDesk, Handler, Supervisor, Leader],
    },
    Rule {
        action: Action::Merge,
        from: &[S::Submitted, S::Triaged, S::InProgress],
        to: S::Merged,
        roles: &[FrontDesk, Supervisor],
    },
    Rule {
        action: Action::AnswerBatch,
        from: &[S::Merged],
        to: S::Answered,
        roles: &[FrontDesk, Handler, Supervisor, Leader],
    },
    Rule {
        action: Action::Close,
        from: &[S::Answered],
        to: S::Closed,
        roles: &[Enterprise, FrontDesk, Supervisor, System],
    },
    Rule {
        action: Action::Reopen,
        from: &[S::Answered, S::Closed],
        to: S::Reopened,
        roles: &[Enterprise, Supervisor],
    },
    Rule {
        action: Action::Conclude,
        from: &[S::Reopened],
        to: S::Closed,
        roles: &[Supervisor],
    },
    Rule {
        action: Action::Explain,
        from: &[S::Reopened],
        to: S::Answered,
        roles: &[Supervisor],
    },
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LifecycleError {
    /// The action makes no sense in this state (answering a closed case, …).
    NotFrom {
        status: Status,
        action: Action,
    },
    /// The action exists here, but not for this role.
    Forbidden {
        role: Role,
        action: Action,
    },
    Level(LevelError),
    /// Escalation and reopening are recorded with a reason.
    ReasonRequired,
}

fn rule(action: Action) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.action == action)
        .expect("every action has a rule")
}

/// The state `action` leads to from `status` when `role` takes it.
pub fn apply(status: Status, action: Action, role: Role) -> Result<Status, LifecycleError> {
    let r = rule(action);
    if !r.from.contains(&status) {
        return Err(LifecycleError::NotFrom { status, action });
    }
    if !r.roles.contains(&role) {
        return Err(LifecycleError::Forbidden { role, action });
    }
    Ok(r.to)
}

/// Whether `role` may ever take `action` (whatever the state): a "no" here is a 403.
pub fn role_may(action: Action, role: Role) -> bool {
    rule(action).roles.contains(&role)
}

/// Re-grading an open case after triage (category, grade, unit): same roles as triage, no move.
pub fn may_regrade(status: Status, role: Role) -> bool {
    role_may(Action::Triage, role)
        && matches!(
            status,
            S::Triaged | S::InProgress | S::NeedsInfo | S::Reopened
        )
}

/// What `role` may do now: the staff console's action panel shows exactly these.
pub fn available(status: Status, role: Role) -> Vec<Action> {
    RULES
        .iter()
        .filter(|r| r.from.contains(&status) && r.roles.contains(&role))
        .map(|r| r.action)
        .collect()
}

/// The SLA clock stands still only while the case waits on the enterprise.
pub fn clock_paused(status: Status) -> bool {
    status == S::NeedsInfo
}

/// Open and not waiting on the enterprise: the statuses in which a deadline can pass.
pub fn clock_running(status: Status) -> bool {
    is_open(status) && !clock_paused(status)
}

/// Open cases can still be escalated; answered, closed and merged ones cannot.
pub fn is_open(status: Status) -> bool {
    matches!(
        status,
        S::Submitted | S::Triaged | S::InProgress | S::NeedsInfo | S::Reopened
    )
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    pub from: Level,
    pub to: Level,
    pub reason: String,
}

/// Raises the handling level (1→4, never down) with a recorded reason.
pub fn escalate(
    status: Status,
    level: Level,
    to: Level,
    role: Role,
    reason: &str,
) -> Result<Escalation, LifecycleError> {
    if !matches!(role, FrontDesk | Handler | Supervisor | Leader | System) {
        return Err(LifecycleError::Forbidden {
            role,
            action: Action::Triage,
        });
    }
    if !is_open(status) {
        return Err(LifecycleError::NotFrom {
            status,
            action: Action::Triage,
        });
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(LifecycleError::ReasonRequired);
    }
    let to = level.escalate_to(to).map_err(LifecycleError::Level)?;
    Ok(Escalation {
        from: level,
        to,
        reason: reason.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_story_of_a_case() {
        let mut s = S::Submitted;
        for (action, role) in [
            (Action::Triage, FrontDesk),
            (Action::Accept, Handler),
            (Action::RequestInfo, Handler),
            (Action::SupplyInfo, Enterprise),
            (Action::Answer, Handler),
            (Action::Reopen, Enterprise),
            (Action::Accept, Handler),
            (Action::Answer, Handler),
            (Action::Close, Enterprise),
        ] {
            s = apply(s, action, role)
                .unwrap_or_else(|e| panic!("{action:?} by {role:?} from {s:?}: {e:?}"));
        }
        assert_eq!(s, S::Closed);
    }

    #[test]
    fn invalid_moves_are_typed_errors() {
        assert_eq!(
            apply(S::Closed, Action::Answer, Handler),
            Err(LifecycleError::NotFrom {
                status: S::Closed,
                action: Action::Answer
            })
        );
        assert_eq!(
            apply(S::Triaged, Action::Answer, Enterprise),
            Err(LifecycleError::Forbidden {
                role: Enterprise,
                action: Action::Answer
            })
        );
        assert!(apply(S::Submitted, Action::Triage, Handler).is_err());
        assert!(clock_paused(S::NeedsInfo) && !clock_paused(S::InProgress));
        assert_eq!(available(S::Submitted, Enterprise), vec![]);
        assert_eq!(
            available(S::NeedsInfo, Enterprise),
            vec![Action::SupplyInfo]
        );
    }

    #[test]
    fn escalation_needs_a_reason_and_goes_up() {
        let e = escalate(
            S::InProgress,
            Level::RESPONSIBLE_UNIT,
            Level::TASK_FORCE,
            Supervisor,
            "超时未办结",
        )
        .unwrap();
        assert_eq!((e.from, e.to), (Level::RESPONSIBLE_UNIT, Level::TASK_FORCE));
        assert_eq!(
            escalate(
                S::InProgress,
                Level::TASK_FORCE,
                Level::LEADERSHIP,
                System,
                "  "
            ),
            Err(LifecycleError::ReasonRequired)
        );
        assert!(escalate(
            S::InProgress,
            Level::TASK_FORCE,
            Level::RESPONSIBLE_UNIT,
            Supervisor,
            "x"
        )
        .is_err());
        assert!(escalate(
            S::Closed,
            Level::RESPONSIBLE_UNIT,
            Level::TASK_FORCE,
            Supervisor,
            "x"
        )
        .is_err());
        assert!(escalate(
            S::InProgress,
            Level::RESPONSIBLE_UNIT,
            Level::TASK_FORCE,
            Enterprise,
            "x"
        )
        .is_err());
    }

    fn status() -> impl Strategy<Value = Status> {
        proptest::sample::select(Status::ALL.to_vec())
    }
    fn role() -> impl Strategy<Value = Role> {
        proptest::sample::select(vec![
            Enterprise, FrontDesk, Handler, Supervisor, Leader, Admin, System,
        ])
    }
    fn action() -> impl Strategy<Value = Action> {
        proptest::sample::select(RULES.iter().map(|r| r.action).collect::<Vec<_>>())
    }

    proptest! {
        #[test]
        fn apply_agrees_with_available(s in status(), r in role(), a in action()) {
            prop_assert_eq!(apply(s, a, r).is_ok(), available(s, r).contains(&a));
        }

        #[test]
        fn no_way_out_of_closed_but_reopening(r in role(), a in action()) {
            if let Ok(next) = apply(S::Closed, a, r) {
                prop_assert_eq!(next, S::Reopened);
            }
        }
    }
}
