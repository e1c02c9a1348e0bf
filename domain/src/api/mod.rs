//! The JSON the API speaks, shared by the Worker (which writes it) and the app (which reads it).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::i18n::Lang;
use crate::sla::Commitment;
use crate::taxonomy::{Category, Channel, Department, Port, Topic};

/// Every error: `{"error":{"code","message","fields"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

/// The staff queue's tabs (`GET /api/staff/queue?tab=`), in the order the console shows them.
pub const QUEUE_TABS: [&str; 7] = [
    "returned",
    "new",
    "mine",
    "priority",
    "near_due",
    "overdue",
    "follow_up",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeLabel {
    pub code: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub ports: Vec<CodeLabel>,
    pub departments: Vec<CodeLabel>,
    pub topics: Vec<CodeLabel>,
    pub categories: Vec<CodeLabel>,
    pub channels: Vec<CodeLabel>,
    /// 办理层级 1–4 with their names.
    #[serde(default)]
    pub levels: Vec<CodeLabel>,
    pub commitment: Commitment,
    /// An answer left unrated this many working days closes by itself.
    #[serde(default)]
    pub auto_close_working_days: u32,
    /// The privacy notice in force and the retention period it states.
    #[serde(default)]
    pub privacy: crate::consent::NoticeFacts,
}

/// The part of `GET /api/meta` the report form reads (the ports and the privacy notice): a
/// phone decodes only that, not the commitment's tables.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FormMeta {
    pub ports: Vec<CodeLabel>,
    #[serde(default)]
    pub privacy: crate::consent::NoticeFacts,
}

/// Every code of a fixed list with its label in `lang`.
pub fn code_labels<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T, Lang) -> &'static str,
    lang: Lang,
) -> Vec<CodeLabel> {
    all.iter()
        .map(|&v| CodeLabel {
            code: code(v).into(),
            label: label(v, lang).into(),
        })
        .collect()
}

impl Meta {
    pub fn build(lang: Lang) -> Meta {
        Meta {
            ports: code_labels(Port::ALL, Port::code, Port::label, lang),
            departments: code_labels(Department::ALL, Department::code, Department::label, lang),
            topics: code_labels(Topic::ALL, Topic::code, Topic::label, lang),
            categories: code_labels(Category::ALL, Category::code, Category::label, lang),
            channels: code_labels(Channel::ALL, Channel::code, Channel::label, lang),
            levels: (1..=4)
                .filter_map(|n| crate::grade::Level::new(n).ok())
                .map(|l| CodeLabel {
                    code: l.get().to_string(),
                    label: l.label(lang).into(),
                })
                .collect(),
            commitment: Commitment::default(),
            auto_close_working_days: crate::rating::AUTO_CLOSE_WORKING_DAYS,
            privacy: Default::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub kind: String,
    pub id: String,
    pub title: String,
    pub score: f32,
}

/// `201` answer to `POST /api/cases`. Triage fields stay `null` until a case is graded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedCase {
    pub case_no: String,
    pub token: String,
    pub status_url: String,
    pub qr_svg_url: String,
    pub submitted_at: String,
    pub submitted_at_text: String,
    pub category: Option<String>,
    pub grade: Option<String>,
    pub level: Option<u8>,
    pub department: Option<String>,
    pub due_at: Option<String>,
    /// The committed time to resolve, for reading (the receipt says it).
    #[serde(default)]
    pub due_at_text: Option<String>,
    pub due_first_response: Option<String>,
    #[serde(default)]
    pub suggestions: Vec<Suggestion>,
}

/// `POST /api/triage`: what the engine would make of a report. Stores nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TriageRequest {
    pub title: String,
    pub description: String,
}

impl TriageRequest {
    /// What the engine may be asked to read (`/api/triage`, and `/api/suggest` while a report is
    /// typed): neither part over [`crate::text::MAX_TYPED`] characters. `said` also asks that one
    /// part says something.
    pub fn check(&self, said: bool) -> Result<(), crate::intake::FieldErrors> {
        use crate::intake::{Field, FieldError, FieldErrors};
        let max = crate::text::MAX_TYPED;
        let mut errors = FieldErrors::default();
        for (field, text) in [
            (Field::Title, &self.title),
            (Field::Description, &self.description),
        ] {
            if text.chars().count() > max {
                errors.0.insert(field, FieldError::TooLong { max });
            }
        }
        if said
            && errors.is_empty()
            && self.title.trim().is_empty()
            && self.description.trim().is_empty()
        {
            errors.0.insert(Field::Description, FieldError::Required);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: String,
    pub at_text: String,
    pub kind: String,
    pub label: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// `GET /api/cases/status/{token}`: one case as its enterprise may see it, contact masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseStatusView {
    pub case_no: String,
    pub status: String,
    pub status_label: String,
    pub submitted_at: String,
    pub submitted_at_text: String,
    pub enterprise_name: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub port: String,
    pub port_label: String,
    pub title: String,
    pub description: String,
    pub department: Option<String>,
    pub department_label: Option<String>,
    pub due_at: Option<String>,
    pub due_at_text: Option<String>,
    /// The grade (`BA`) and what it means, once graded.
    #[serde(default)]
    pub grade: Option<String>,
    #[serde(default)]
    pub category_label: Option<String>,
    /// Who handles it now: 首问自办 … 领导小组决策.
    #[serde(default)]
    pub level_label: Option<String>,
    /// 首问负责: the role of the first member of staff who took the case up (never a name).
    #[serde(default)]
    pub first_responsible: Option<String>,
    /// 会同: the units assisting the lead (`department_label`), by name.
    #[serde(default)]
    pub assisting: Vec<String>,
    /// At level 3 or 4, who has the case now and whether an order or a decision is on record
    /// (已提交工作专班 · 工作专班已督办 · 已提交领导小组 · 领导小组已作出决定): never "supervised"
    /// without an order.
    #[serde(default)]
    pub stage_label: Option<String>,
    /// An answer unrated this many working days closes the case.
    #[serde(default)]
    pub auto_close_working_days: u32,
    /// 0 submitted · 1 accepted (graded) · 2 handling · 3 answered · 4 closed.
    pub step: u8,
    /// `on_track`, `paused` (waiting on the enterprise: the clock stands still), `overdue`, `met`
    /// or `missed`; `None` before grading.
    pub deadline: Option<String>,
    pub deadline_label: Option<String>,
    /// What staff asked for, while the case waits on the enterprise.
    pub question: Option<String>,
    /// The latest answer in full (a batch's common answer for a merged case).
    pub answer: Option<String>,
    pub can_rate: bool,
    /// Answered three days ago and still unrated: asked again.
    pub rating_invited_again: bool,
    pub can_message: bool,
    pub timeline: Vec<TimelineEntry>,
}

impl CaseStatusView {
    /// Where a status sits on the five-step bar.
    pub fn step_of(status: crate::taxonomy::Status) -> u8 {
        use crate::taxonomy::Status::*;
        match status {
            Submitted => 0,
            Triaged => 1,
            InProgress | NeedsInfo | Reopened | Merged => 2,
            Answered => 3,
            Closed => 4,
        }
    }
}

pub mod case;
pub mod desk;
pub mod follow;
pub mod routes;
pub mod staff;
pub mod stats;
pub mod told;

#[cfg(test)]
mod tests {
    use super::TriageRequest;
    use crate::intake::{Field, FieldError};
    use crate::text::MAX_TYPED;

    fn ask(title: &str, description: &str) -> TriageRequest {
        TriageRequest {
            title: title.into(),
            description: description.into(),
        }
    }

    #[test]
    fn the_engine_reads_what_is_said_up_to_the_typed_limit() {
        let at_limit = "港".repeat(MAX_TYPED);
        assert_eq!(ask("提货", &at_limit).check(true), Ok(()));
        let over = ask(&format!("{at_limit}港"), "");
        let errors = over.check(false).unwrap_err();
        assert_eq!(
            errors.0.get(&Field::Title),
            Some(&FieldError::TooLong { max: MAX_TYPED })
        );
        // nothing said: refused for grading, quietly empty while typing
        assert!(ask(" ", "\n")
            .check(true)
            .unwrap_err()
            .0
            .contains_key(&Field::Description));
        assert_eq!(ask("", "").check(false), Ok(()));
    }
}
