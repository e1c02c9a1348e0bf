//! One case as staff read it (`GET /api/staff/cases/{no}`): written by the Worker, read by the
//! console. The JSON keys are the ones the API has always had.

use serde::{Deserialize, Serialize};

use super::staff::CaseAction;
use crate::grade::Letter;
use crate::taxonomy::{Category, Department, EventKind, Status, VisitChannel, VisitOutcome};
use crate::triage::Reason;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseView {
    pub case_no: String,
    pub status: Status,
    pub status_label: String,
    pub enterprise_name: String,
    pub uscc: String,
    pub contact_name: String,
    pub contact_phone: String,
    /// The privacy notice version the contact agreed to (or was told of, keyed in by staff);
    /// `None` for a case filed before the notice.
    #[serde(default)]
    pub consent_notice: Option<String>,
    /// When the contact withdrew that consent, if they did.
    #[serde(default)]
    pub consent_withdrawn_at: Option<String>,
    pub port: String,
    pub port_label: Option<String>,
    pub channel: String,
    pub channel_label: Option<String>,
    pub title: String,
    pub description: String,
    pub submitted_at: String,
    pub submitted_at_text: String,
    /// When the clock started (the enterprise's own time for a case keyed in on its behalf).
    pub received_at: String,
    pub category: Option<Category>,
    pub category_label: Option<String>,
    pub importance: Option<Letter>,
    pub urgency: Option<Letter>,
    /// Importance and urgency, e.g. `BA`.
    pub grade: Option<String>,
    pub department: Option<Department>,
    pub department_label: Option<String>,
    pub level: Option<u8>,
    pub assignee_id: Option<i64>,
    pub due_at: Option<String>,
    pub due_at_text: Option<String>,
    pub due_first_response: Option<String>,
    pub due_first_response_text: Option<String>,
    pub first_response_at: Option<String>,
    pub paused_at: Option<String>,
    pub flagged_48h_at: Option<String>,
    /// Given back to the desk (退回) and not routed again yet.
    #[serde(default)]
    pub returned_at: Option<String>,
    pub updated_at: String,
    /// 首问负责人: the first member of staff who acted on the case, named.
    #[serde(default)]
    pub first_responsible: Option<Responsible>,
    pub triage: CaseTriage,
    pub flags: CaseFlags,
    pub events: Vec<CaseEvent>,
    /// What this member of staff may do now (nothing for an assisting unit: it acts on its
    /// task only).
    pub actions: Vec<CaseAction>,
    /// 会同: the assisting units' tasks.
    #[serde(default)]
    pub assists: Vec<AssistView>,
    /// This member of staff may ask another unit to assist.
    #[serde(default)]
    pub may_assist: bool,
    /// 督办: the supervision orders on the case.
    #[serde(default)]
    pub orders: Vec<OrderView>,
    /// 决策: the leadership group's decision, once recorded.
    #[serde(default)]
    pub decision: Option<DecisionView>,
    /// This member of staff may issue an order now (task force or leadership, level 3 or 4).
    #[serde(default)]
    pub may_order: bool,
    /// This member of staff may record the decision now (leadership, level 4, none yet).
    #[serde(default)]
    pub may_decide: bool,
}

/// A supervision order as staff read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderView {
    pub id: i64,
    pub unit: Department,
    pub unit_label: String,
    /// What is ordered: the issuer's words, or the sweep's standard words.
    pub text: String,
    /// Issued by the overdue sweep, not by a person.
    pub by_sweep: bool,
    pub due_at_text: String,
    pub issued_at_text: String,
    pub status: crate::coordination::supervision::OrderStatus,
    pub reply: Option<String>,
    pub overdue: bool,
    pub may_reply: bool,
}

/// The leadership group's recorded decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionView {
    pub text: String,
    pub by_name: Option<String>,
    pub at_text: String,
}

/// `POST /api/staff/cases/{no}/orders`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderRequest {
    /// The ordered unit's code.
    pub unit: String,
    pub text: String,
    /// RFC 3339, after now.
    pub due_at: String,
}

/// One assisting unit's task as staff read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssistView {
    pub id: i64,
    pub unit: Department,
    pub unit_label: String,
    pub ask: String,
    pub due_at: String,
    pub due_at_text: String,
    pub status: crate::coordination::assist::TaskStatus,
    pub reply: Option<String>,
    pub replied_at_text: Option<String>,
    pub overdue: bool,
    /// The reader is a handler of this unit and the task is open.
    pub may_reply: bool,
    pub may_withdraw: bool,
}

/// `POST /api/staff/cases/{no}/assists`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssistRequest {
    /// The assisting unit's code.
    pub unit: String,
    /// What is asked of it.
    pub ask: String,
    /// The sub-deadline (RFC 3339), after now and not after the case's own.
    pub due_at: String,
}

/// `POST /api/staff/cases/{no}/assists/{task}/reply`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssistReply {
    pub body: String,
}

/// A member of staff by name and role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Responsible {
    pub name: String,
    pub role: crate::staff::StaffRole,
}

/// How the grading came about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseTriage {
    /// `auto` (the engine) or `staff` (a person confirmed or changed it).
    pub source: Option<String>,
    pub confidence: Option<f64>,
    pub reasons: Vec<Reason>,
    /// The engine's grading, below the confirmation threshold: the desk checks it first.
    pub unsure: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFlags {
    pub overdue: bool,
    pub near_due: bool,
    pub flagged_48h: bool,
}

/// One row of the case's event log, with who did it by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseEvent {
    pub at: String,
    pub at_text: String,
    /// `enterprise`, `system` or `staff:{id}`.
    pub actor: String,
    pub actor_name: Option<String>,
    /// The actor's role code (a staff role, `enterprise` or `system`).
    pub role: Option<String>,
    pub kind: EventKind,
    /// The shared wording of the kind in the reader's language.
    pub label: String,
    pub public: bool,
    pub note: Option<String>,
    pub reason: Option<String>,
    /// What the event changed, as it was and as it became (a regrade's fields, a visit's codes).
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl CaseEvent {
    /// A 回访's channel and outcome, from the codes the event keeps.
    pub fn visit(&self) -> Option<(VisitChannel, VisitOutcome)> {
        if self.kind != EventKind::Visited {
            return None;
        }
        let after = self.after.as_ref()?;
        Some((
            VisitChannel::parse(after["channel"].as_str()?)?,
            VisitOutcome::parse(after["outcome"].as_str()?)?,
        ))
    }

    /// The enterprise reads this event's note as the answer.
    pub fn is_answer(&self) -> bool {
        matches!(
            self.kind,
            EventKind::Answered | EventKind::Explained | EventKind::AnswerCorrected
        )
    }
}

impl CaseView {
    /// The answer the enterprise reads now, with when it was given.
    pub fn latest_answer(&self) -> Option<(&str, &str)> {
        self.events
            .iter()
            .rev()
            .find(|e| e.is_answer())
            .and_then(|e| Some((e.note.as_deref()?, e.at_text.as_str())))
    }
}
