//! The 回访 desk (`GET /api/staff/follow-ups`) and what a supervisor sends from it: written by
//! the Worker, read by the console.

use serde::{Deserialize, Serialize};

use crate::page::Paged;

/// Every 差评 and every answer left unrated, a page of each, with the 差评 visit coverage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUps {
    pub bad: Paged<BadRating>,
    pub unrated: Paged<UnratedAnswer>,
    pub coverage: Coverage,
}

/// A 差评 and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadRating {
    pub case_no: String,
    pub title: String,
    pub score: u8,
    pub comment: Option<String>,
    /// `pending` until a supervisor decides, then the decision's code (`crate::rating::Review`).
    pub review: Option<String>,
    pub at_text: String,
    pub visits: u32,
}

impl BadRating {
    /// Still waiting for a supervisor's decision.
    pub fn pending(&self) -> bool {
        self.review.as_deref() == Some("pending")
    }
}

/// An answer the enterprise has not rated for three days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnratedAnswer {
    pub case_no: String,
    pub title: String,
    pub answered_at_text: String,
    pub visits: u32,
}

/// How many 差评 had their 回访.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub bad_total: u64,
    pub bad_visited: u64,
    /// `bad_visited / bad_total`, 1 when there is none.
    pub rate: f64,
}

/// `POST /api/staff/cases/{no}/review`: a supervisor's decision on a verified 差评.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewRequest {
    /// `rectify`, `explain` or `appeal` (`crate::rating::Review`); anything else is a 422.
    pub outcome: String,
    /// What the supervisor found: internal, never shown to the enterprise.
    pub note: String,
    /// What the enterprise reads on its status page (required to explain; optional to rectify).
    pub message: String,
    /// Working days to rectify (default 5, 1–60).
    pub days: Option<u32>,
}

/// `POST /api/staff/cases/{no}/visits`: a recorded 回访.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VisitRequest {
    /// `crate::taxonomy::VisitChannel`'s code.
    pub channel: String,
    /// `crate::taxonomy::VisitOutcome`'s code.
    pub outcome: String,
    pub note: String,
}
