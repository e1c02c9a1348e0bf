//! The staff API's shapes: what the console sends (`ActionRequest` over [`CaseAction`]) and
//! reads. One list of the actions on a case, so the Worker, the OpenAPI document and the console
//! name them the same way.

use serde::{Deserialize, Serialize};

use crate::lifecycle;

/// One thing a staff member does to a case (`POST /api/staff/cases/{no}/actions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseAction {
    /// Grade (first time) or regrade: category, importance, urgency, unit, level.
    Triage,
    Accept,
    RequestInfo,
    Answer,
    Close,
    Reopen,
    /// A public message that is not the answer.
    Reply,
    /// An internal note.
    Note,
    Escalate,
    Assign,
    /// 退回: the unit's handler gives a case outside its remit back to the desk, with a reason.
    Return,
}

impl CaseAction {
    pub const ALL: [CaseAction; 11] = [
        CaseAction::Triage,
        CaseAction::Accept,
        CaseAction::RequestInfo,
        CaseAction::Answer,
        CaseAction::Close,
        CaseAction::Reopen,
        CaseAction::Reply,
        CaseAction::Note,
        CaseAction::Escalate,
        CaseAction::Assign,
        CaseAction::Return,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseAction::Triage => "triage",
            CaseAction::Accept => "accept",
            CaseAction::RequestInfo => "request_info",
            CaseAction::Answer => "answer",
            CaseAction::Close => "close",
            CaseAction::Reopen => "reopen",
            CaseAction::Reply => "reply",
            CaseAction::Note => "note",
            CaseAction::Escalate => "escalate",
            CaseAction::Assign => "assign",
            CaseAction::Return => "return",
        }
    }

    pub fn parse(code: &str) -> Option<CaseAction> {
        CaseAction::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The lifecycle move this action makes, for the actions that move the status.
    pub fn lifecycle(self) -> Option<lifecycle::Action> {
        Some(match self {
            CaseAction::Triage => lifecycle::Action::Triage,
            CaseAction::Accept => lifecycle::Action::Accept,
            CaseAction::RequestInfo => lifecycle::Action::RequestInfo,
            CaseAction::Answer => lifecycle::Action::Answer,
            CaseAction::Close => lifecycle::Action::Close,
            CaseAction::Reopen => lifecycle::Action::Reopen,
            CaseAction::Reply
            | CaseAction::Note
            | CaseAction::Escalate
            | CaseAction::Assign
            | CaseAction::Return => return None,
        })
    }

    /// The staff action that makes a lifecycle move, when there is one.
    pub fn of_lifecycle(a: lifecycle::Action) -> Option<CaseAction> {
        CaseAction::ALL
            .into_iter()
            .find(|c| c.lifecycle() == Some(a))
    }
}

/// The body of `POST /api/staff/cases/{no}/actions`. `action` travels as its code so that an
/// unknown one is a 422 naming the field, not an unreadable body; build it with [`ActionRequest::new`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionRequest {
    pub action: String,
    pub reason: String,
    pub body: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub importance: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub urgency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<i64>,
    /// 一次性告知: the materials asked for, codes of `coordination::materials::Material`
    /// from the case's category's list.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<String>,
}

impl ActionRequest {
    pub fn new(action: CaseAction) -> ActionRequest {
        ActionRequest {
            action: action.code().into(),
            ..ActionRequest::default()
        }
    }

    pub fn action(&self) -> Option<CaseAction> {
        CaseAction::parse(&self.action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_from_its_code_and_its_json() {
        for a in CaseAction::ALL {
            assert_eq!(CaseAction::parse(a.code()), Some(a));
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.code()));
            assert_eq!(ActionRequest::new(a).action(), Some(a));
            if let Some(l) = a.lifecycle() {
                assert_eq!(CaseAction::of_lifecycle(l), Some(a));
            }
        }
        assert_eq!(CaseAction::parse("merge"), None);
    }
}
