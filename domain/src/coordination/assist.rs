//! 会同: the lead unit (the case's own department) asks other units for help. Each assisting
//! unit gets its own task — what is asked, a sub-deadline inside the case's, and its reply.
//!
//! A task is `open` until the assisting unit's handler replies (`replied`) or the desk or a
//! supervisor withdraws it (`withdrawn`); both are final. The lead cannot give the case its
//! answer while a task is open ([`may_answer`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{code_enum, Reply, Staff, StaffId, Text500, TextError};
use crate::staff::{permitted, Permission, StaffRole};
use crate::taxonomy::{Department, Status};

#[cfg(test)]
mod tests;

/// At most this many tasks (open, replied or withdrawn) on one case.
pub const MAX_TASKS_PER_CASE: usize = 5;

code_enum!(
    /// Where an assisting task stands.
    TaskStatus, "assist-status" {
        Open = "open",
        Replied = "replied",
        Withdrawn = "withdrawn",
    }
);

/// Who withdrew a task, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    pub by: StaffId,
    pub at: DateTime<Utc>,
}

/// A task's state with what the state carries: a replied task always has its reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum TaskState {
    Open,
    Replied(Reply),
    Withdrawn(Withdrawal),
}

/// One assisting unit's task on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistTask {
    pub unit: Department,
    pub ask: Text500,
    /// The sub-deadline: after the moment it was asked, never after the case's deadline.
    pub due: DateTime<Utc>,
    pub asked_by: StaffId,
    pub asked_at: DateTime<Utc>,
    pub state: TaskState,
}

/// What the lead case is now: its status, its unit (the lead) and its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeadCase {
    pub status: Status,
    pub lead: Department,
    pub due: DateTime<Utc>,
}

/// Why a task cannot be added, replied to or withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AssistError {
    /// This role may not add or withdraw tasks.
    Forbidden {
        role: StaffRole,
    },
    /// Only a handler of the task's own unit replies to it.
    NotYourTask {
        unit: Department,
    },
    /// Tasks are added to a routed, open case only.
    CaseNotOpen {
        status: Status,
    },
    /// The lead unit cannot assist itself.
    LeadCannotAssist {
        unit: Department,
    },
    /// This unit already has an open task on the case.
    AlreadyOpen {
        unit: Department,
    },
    TooMany {
        max: usize,
    },
    Ask {
        error: TextError,
    },
    Reply {
        error: TextError,
    },
    /// The sub-deadline is not after now.
    DueNotAhead,
    /// The sub-deadline is after the case's own deadline.
    DueAfterCase {
        case_due: DateTime<Utc>,
    },
    /// Replied and withdrawn are final.
    NotOpen {
        status: TaskStatus,
    },
}

/// The lead may not answer while these units' tasks are open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenTasks {
    pub units: Vec<Department>,
}

impl AssistTask {
    pub fn status(&self) -> TaskStatus {
        match self.state {
            TaskState::Open => TaskStatus::Open,
            TaskState::Replied(_) => TaskStatus::Replied,
            TaskState::Withdrawn(_) => TaskStatus::Withdrawn,
        }
    }

    pub fn is_open(&self) -> bool {
        self.state == TaskState::Open
    }

    /// Still open after its sub-deadline.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.is_open() && self.due < now
    }

    fn require_open(&self) -> Result<(), AssistError> {
        if self.is_open() {
            Ok(())
        } else {
            Err(AssistError::NotOpen {
                status: self.status(),
            })
        }
    }
}

/// Who adds and withdraws tasks: those who route cases (the desk and the task force), the same
/// roles as [`Permission::Assign`].
pub fn may_manage(role: StaffRole) -> bool {
    permitted(role, Permission::Assign)
}

/// A case takes tasks once routed and while open: triaged, in progress, waiting on the
/// enterprise, or reopened.
pub fn takes_tasks(status: Status) -> bool {
    crate::lifecycle::is_open(status) && status != Status::Submitted
}

/// What the desk or a supervisor asks of an assisting unit, as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTask {
    pub unit: Department,
    pub ask: String,
    pub due: DateTime<Utc>,
}

/// A new task on `case`, asked by `actor` at `now`, next to the case's `existing` tasks.
pub fn add_task(
    case: &LeadCase,
    existing: &[AssistTask],
    actor: &Staff,
    new: &NewTask,
    now: DateTime<Utc>,
) -> Result<AssistTask, AssistError> {
    check_adder(case, actor)?;
    check_unit(case, existing, new.unit)?;
    let ask = Text500::parse(&new.ask).map_err(|error| AssistError::Ask { error })?;
    check_due(case, new.due, now)?;
    Ok(AssistTask {
        unit: new.unit,
        ask,
        due: new.due,
        asked_by: actor.id,
        asked_at: now,
        state: TaskState::Open,
    })
}

fn check_adder(case: &LeadCase, actor: &Staff) -> Result<(), AssistError> {
    if !may_manage(actor.role) {
        return Err(AssistError::Forbidden { role: actor.role });
    }
    if !takes_tasks(case.status) {
        return Err(AssistError::CaseNotOpen {
            status: case.status,
        });
    }
    Ok(())
}

fn check_unit(
    case: &LeadCase,
    existing: &[AssistTask],
    unit: Department,
) -> Result<(), AssistError> {
    if unit == case.lead {
        return Err(AssistError::LeadCannotAssist { unit });
    }
    if existing.iter().any(|t| t.unit == unit && t.is_open()) {
        return Err(AssistError::AlreadyOpen { unit });
    }
    if existing.len() >= MAX_TASKS_PER_CASE {
        return Err(AssistError::TooMany {
            max: MAX_TASKS_PER_CASE,
        });
    }
    Ok(())
}

fn check_due(case: &LeadCase, due: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), AssistError> {
    if due <= now {
        return Err(AssistError::DueNotAhead);
    }
    if due > case.due {
        return Err(AssistError::DueAfterCase { case_due: case.due });
    }
    Ok(())
}

/// The task answered by `actor`, who must be a handler of the task's unit.
pub fn reply(
    task: &AssistTask,
    actor: &Staff,
    text: &str,
    now: DateTime<Utc>,
) -> Result<AssistTask, AssistError> {
    if !actor.acts_for(task.unit) {
        return Err(AssistError::NotYourTask { unit: task.unit });
    }
    task.require_open()?;
    let text = Text500::parse(text).map_err(|error| AssistError::Reply { error })?;
    let reply = Reply {
        text,
        by: actor.id,
        at: now,
    };
    Ok(AssistTask {
        state: TaskState::Replied(reply),
        ..task.clone()
    })
}

/// The task withdrawn by the desk or a supervisor (no longer needed, or asked of the wrong unit).
pub fn withdraw(
    task: &AssistTask,
    actor: &Staff,
    now: DateTime<Utc>,
) -> Result<AssistTask, AssistError> {
    if !may_manage(actor.role) {
        return Err(AssistError::Forbidden { role: actor.role });
    }
    task.require_open()?;
    let w = Withdrawal {
        by: actor.id,
        at: now,
    };
    Ok(AssistTask {
        state: TaskState::Withdrawn(w),
        ..task.clone()
    })
}

/// The lead may give the case its answer only when no task is open (replied or withdrawn).
pub fn may_answer(tasks: &[AssistTask]) -> Result<(), OpenTasks> {
    let units: Vec<Department> = tasks
        .iter()
        .filter(|t| t.is_open())
        .map(|t| t.unit)
        .collect();
    if units.is_empty() {
        Ok(())
    } else {
        Err(OpenTasks { units })
    }
}

/// The department wall per task: besides those who see the lead's cases
/// ([`crate::staff::may_see`]), a handler sees a case on which their unit has an open or
/// replied task (a withdrawn task no longer opens the case to them).
pub fn may_see_with_tasks(
    role: StaffRole,
    own: Option<Department>,
    lead: Option<Department>,
    tasks: &[AssistTask],
) -> bool {
    crate::staff::may_see(role, own, lead)
        || (role == StaffRole::Handler
            && own.is_some_and(|u| {
                tasks
                    .iter()
                    .any(|t| t.unit == u && t.status() != TaskStatus::Withdrawn)
            }))
}

/// What an assisting unit reads of a case it does not lead: the case's public record (what the
/// enterprise reads too) and the events of its own task or order — never the lead's internal
/// notes, returns, gradings or other units' tasks. `unit` is the unit the event names
/// (`after.unit`), if any.
pub fn assisting_reads(public: bool, unit: Option<Department>, own: Department) -> bool {
    public || unit == Some(own)
}

/// The units whose tasks on a case are overdue at `now` (for the sweep's notifications).
pub fn overdue_units(tasks: &[AssistTask], now: DateTime<Utc>) -> Vec<Department> {
    tasks
        .iter()
        .filter(|t| t.is_overdue(now))
        .map(|t| t.unit)
        .collect()
}
