//! 督办 and 决策: at level 3 the task force issues recorded supervision orders (to which unit,
//! what, by when), which the unit answers; at level 4 the leadership group records its decision.
//!
//! An order is `issued` until a handler of its unit replies (`replied`, final). Its reminder is
//! due one working day before its deadline, or halfway through when it runs two working days
//! or less ([`reminder_at`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{code_enum, Reply, Staff, StaffId, Text500, TextError};
use crate::calendar::WorkCalendar;
use crate::grade::Level;
use crate::staff::StaffRole;
use crate::taxonomy::{Department, Status};

#[cfg(test)]
mod tests;

/// The sweep's orders are due this many working days after they are issued.
pub const SWEEP_ORDER_WORKING_DAYS: i64 = 2;

code_enum!(
    /// Orders in standard words (their texts are in the locale files).
    OrderCode, "order" {
        /// The sweep, a case gone overdue at level 3: handle it now and report back.
        OverdueExpedite = "overdue_expedite",
        /// The sweep, a case gone overdue at level 4: report to the leadership group.
        OverdueReportToLeadership = "overdue_report_to_leadership",
    }
);

code_enum!(
    OrderStatus, "order-status" {
        Issued = "issued",
        Replied = "replied",
    }
);

/// What an order asks: standard words, or a supervisor's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Directive {
    Standard(OrderCode),
    Text(Text500),
}

/// Who issued an order: a member of staff, or the overdue sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Issuer {
    Staff(StaffId),
    Sweep,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum OrderState {
    Issued,
    Replied(Reply),
}

/// A supervision order (督办单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisionOrder {
    pub to: Department,
    pub what: Directive,
    pub due: DateTime<Utc>,
    pub issued_by: Issuer,
    pub issued_at: DateTime<Utc>,
    pub state: OrderState,
}

/// The leadership group's recorded decision on a level-4 case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub text: Text500,
    pub by: StaffId,
    pub at: DateTime<Utc>,
}

/// What a supervisor orders, as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOrder {
    pub to: Department,
    pub text: String,
    pub due: DateTime<Utc>,
}

/// The case an order or a decision is about: its status and handling level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SupervisedCase {
    pub status: Status,
    pub level: Level,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SupervisionError {
    Forbidden {
        role: StaffRole,
    },
    /// Only a handler of the order's unit replies to it.
    NotYourOrder {
        unit: Department,
    },
    /// Orders start at level 3 (工作专班督办).
    BelowTaskForce {
        level: Level,
    },
    /// Decisions are taken at level 4 (领导小组决策).
    NotLeadership {
        level: Level,
    },
    CaseNotOpen {
        status: Status,
    },
    Text {
        error: TextError,
    },
    DueNotAhead,
    AlreadyReplied,
}

impl SupervisionOrder {
    pub fn status(&self) -> OrderStatus {
        match self.state {
            OrderState::Issued => OrderStatus::Issued,
            OrderState::Replied(_) => OrderStatus::Replied,
        }
    }

    /// Not replied by its deadline.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.state == OrderState::Issued && self.due < now
    }
}

/// Who issues orders: the task force, and the leadership group above it.
pub fn may_issue(role: StaffRole) -> bool {
    matches!(role, StaffRole::Supervisor | StaffRole::Leader)
}

fn text(raw: &str) -> Result<Text500, SupervisionError> {
    Text500::parse(raw).map_err(|error| SupervisionError::Text { error })
}

fn require_open(case: &SupervisedCase) -> Result<(), SupervisionError> {
    if crate::lifecycle::is_open(case.status) {
        Ok(())
    } else {
        Err(SupervisionError::CaseNotOpen {
            status: case.status,
        })
    }
}

/// Whether `actor` may issue an order on `case` now: the task force or the leadership, on an
/// open case at level 3 or 4.
pub fn may_order(case: &SupervisedCase, actor: &Staff) -> Result<(), SupervisionError> {
    if !may_issue(actor.role) {
        return Err(SupervisionError::Forbidden { role: actor.role });
    }
    if case.level < Level::TASK_FORCE {
        return Err(SupervisionError::BelowTaskForce { level: case.level });
    }
    require_open(case)
}

/// An order by `actor` on a case at level 3 or 4, due after `now`.
pub fn issue_order(
    case: &SupervisedCase,
    actor: &Staff,
    new: &NewOrder,
    now: DateTime<Utc>,
) -> Result<SupervisionOrder, SupervisionError> {
    may_order(case, actor)?;
    let what = Directive::Text(text(&new.text)?);
    if new.due <= now {
        return Err(SupervisionError::DueNotAhead);
    }
    Ok(SupervisionOrder {
        to: new.to,
        what,
        due: new.due,
        issued_by: Issuer::Staff(actor.id),
        issued_at: now,
        state: OrderState::Issued,
    })
}

/// The order answered by a handler of its unit.
pub fn reply_order(
    order: &SupervisionOrder,
    actor: &Staff,
    raw: &str,
    now: DateTime<Utc>,
) -> Result<SupervisionOrder, SupervisionError> {
    if !actor.acts_for(order.to) {
        return Err(SupervisionError::NotYourOrder { unit: order.to });
    }
    if order.state != OrderState::Issued {
        return Err(SupervisionError::AlreadyReplied);
    }
    let reply = Reply {
        text: text(raw)?,
        by: actor.id,
        at: now,
    };
    Ok(SupervisionOrder {
        state: OrderState::Replied(reply),
        ..order.clone()
    })
}

/// Whether `actor` may record the decision on `case` now: a member of the leadership group, on
/// an open case at level 4.
pub fn may_decide(case: &SupervisedCase, actor: &Staff) -> Result<(), SupervisionError> {
    if actor.role != StaffRole::Leader {
        return Err(SupervisionError::Forbidden { role: actor.role });
    }
    if case.level != Level::LEADERSHIP {
        return Err(SupervisionError::NotLeadership { level: case.level });
    }
    require_open(case)
}

/// The leadership group's decision on an open level-4 case, recorded by one of its members.
pub fn record_decision(
    case: &SupervisedCase,
    actor: &Staff,
    raw: &str,
    now: DateTime<Utc>,
) -> Result<Decision, SupervisionError> {
    may_decide(case, actor)?;
    Ok(Decision {
        text: text(raw)?,
        by: actor.id,
        at: now,
    })
}

/// When the unit is reminded of an order: one working day before its deadline; for an order of
/// two working days or less, halfway through its working time (so a short order is not
/// reminded the moment it is issued). Both rules agree at exactly two working days.
pub fn reminder_at(cal: &WorkCalendar, order: &SupervisionOrder) -> DateTime<Utc> {
    reminder_moment(cal, order.issued_at, order.due)
}

/// [`reminder_at`] of an order issued at `issued_at` and due at `due` (the sweep reads only
/// those two of its rows).
pub fn reminder_moment(
    cal: &WorkCalendar,
    issued_at: DateTime<Utc>,
    due: DateTime<Utc>,
) -> DateTime<Utc> {
    let total = cal.working_minutes_between(issued_at, due);
    let day = cal.minutes_per_day();
    let offset = if total >= 2 * day {
        total - day
    } else {
        total / 2
    };
    cal.add_working_minutes(issued_at, offset)
}

/// The reminder is due: still issued, not reminded yet, its moment come and the deadline not
/// passed (past it the order is overdue, which is told instead).
pub fn reminder_due(
    cal: &WorkCalendar,
    order: &SupervisionOrder,
    reminded: bool,
    now: DateTime<Utc>,
) -> bool {
    order.state == OrderState::Issued
        && !reminded
        && now <= order.due
        && reminder_at(cal, order) <= now
}

/// The order the overdue sweep issues after escalating a case to `level`: to the case's unit,
/// in standard words, due [`SWEEP_ORDER_WORKING_DAYS`] working days from `now`. None below
/// level 3, or for a case without a unit.
pub fn sweep_order(
    cal: &WorkCalendar,
    level: Level,
    unit: Option<Department>,
    now: DateTime<Utc>,
) -> Option<SupervisionOrder> {
    let code = match level {
        l if l == Level::TASK_FORCE => OrderCode::OverdueExpedite,
        l if l == Level::LEADERSHIP => OrderCode::OverdueReportToLeadership,
        _ => return None,
    };
    let minutes = SWEEP_ORDER_WORKING_DAYS * cal.minutes_per_day();
    Some(SupervisionOrder {
        to: unit?,
        what: Directive::Standard(code),
        due: cal.add_working_minutes(now, minutes),
        issued_by: Issuer::Sweep,
        issued_at: now,
        state: OrderState::Issued,
    })
}
