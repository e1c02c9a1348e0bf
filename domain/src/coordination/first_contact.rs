//! 首问负责 and 一次性告知 (seed 002 item 8). The first member of staff who acts on a case is
//! answerable for it from then on, whoever handles it later. And what the enterprise must add
//! is asked once, as one complete checklist; asking again needs a supervisor's approval with a
//! reason, so that "please also send…" does not become a way to stop the clock.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::materials::Material;
use super::{Staff, StaffId, Text, Text500, TextError};

/// The longest words of a request for information: the limit of every typed text.
pub const MAX_NOTE: usize = crate::text::MAX_TYPED;
use crate::lifecycle::{role_may, Action};
use crate::staff::StaffRole;
use crate::taxonomy::Category;

/// Who becomes first-responsible by acting: staff who work cases (not administrators).
pub fn may_be_first_responsible(role: StaffRole) -> bool {
    !matches!(role, StaffRole::Admin)
}

/// The case's first-responsible person after `actor` acts on it: once set, never changed.
pub fn first_responsible(existing: Option<StaffId>, actor: &Staff) -> Option<StaffId> {
    existing.or_else(|| may_be_first_responsible(actor.role).then_some(actor.id))
}

/// Whether this action makes `actor` the first-responsible person (to record it, once).
pub fn becomes_first_responsible(existing: Option<StaffId>, actor: &Staff) -> bool {
    existing.is_none() && may_be_first_responsible(actor.role)
}

/// A request for information as sent: the checklist and, for `other`, what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewInfoRequest {
    pub materials: Vec<Material>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A supervisor's approval of a further request, as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalInput {
    pub approver: Staff,
    pub reason: String,
}

/// A recorded approval of a further request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub by: StaffId,
    pub reason: Text500,
}

/// A recorded request for information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoRequest {
    /// In the order of the category's list, each once.
    pub materials: Vec<Material>,
    pub note: Option<Text<MAX_NOTE>>,
    pub by: StaffId,
    pub at: DateTime<Utc>,
    /// Present on every request after the first.
    pub approval: Option<Approval>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum InfoRequestError {
    Forbidden {
        role: StaffRole,
    },
    EmptyChecklist,
    NotForCategory {
        material: Material,
        category: Category,
    },
    Duplicate {
        material: Material,
    },
    /// `other` says what in the note.
    OtherNeedsNote,
    Note {
        error: TextError,
    },
    /// The case was asked before: a supervisor must approve, with a reason.
    ApprovalRequired,
    ApproverNotSupervisor {
        role: StaffRole,
    },
    Reason {
        error: TextError,
    },
}

/// The request `actor` sends on a case of `category` that has been asked `earlier` times.
/// A first request records no approval, even if one is given.
pub fn request_info(
    category: Category,
    earlier: usize,
    actor: &Staff,
    new: &NewInfoRequest,
    approval: Option<&ApprovalInput>,
    now: DateTime<Utc>,
) -> Result<InfoRequest, InfoRequestError> {
    if !role_may(Action::RequestInfo, actor.role.lifecycle()) {
        return Err(InfoRequestError::Forbidden { role: actor.role });
    }
    let materials = checklist(category, &new.materials)?;
    let note = note(&materials, new.note.as_deref())?;
    let approval = match earlier {
        0 => None,
        _ => Some(approve(approval)?),
    };
    Ok(InfoRequest {
        materials,
        note,
        by: actor.id,
        at: now,
        approval,
    })
}

/// The picked materials, checked against the category's list, in that list's order.
pub fn checklist(
    category: Category,
    picked: &[Material],
) -> Result<Vec<Material>, InfoRequestError> {
    if picked.is_empty() {
        return Err(InfoRequestError::EmptyChecklist);
    }
    for (i, &m) in picked.iter().enumerate() {
        if !m.fits(category) {
            return Err(InfoRequestError::NotForCategory {
                material: m,
                category,
            });
        }
        if picked[..i].contains(&m) {
            return Err(InfoRequestError::Duplicate { material: m });
        }
    }
    let list = super::materials::for_category(category);
    Ok(list
        .iter()
        .copied()
        .filter(|m| picked.contains(m))
        .collect())
}

fn note(
    materials: &[Material],
    raw: Option<&str>,
) -> Result<Option<Text<MAX_NOTE>>, InfoRequestError> {
    let raw = raw.unwrap_or_default();
    if raw.trim().is_empty() {
        if materials.contains(&Material::Other) {
            return Err(InfoRequestError::OtherNeedsNote);
        }
        return Ok(None);
    }
    Text::parse(raw)
        .map(Some)
        .map_err(|error| InfoRequestError::Note { error })
}

fn approve(input: Option<&ApprovalInput>) -> Result<Approval, InfoRequestError> {
    let input = input.ok_or(InfoRequestError::ApprovalRequired)?;
    let role = input.approver.role;
    if role != StaffRole::Supervisor {
        return Err(InfoRequestError::ApproverNotSupervisor { role });
    }
    let reason =
        Text500::parse(&input.reason).map_err(|error| InfoRequestError::Reason { error })?;
    Ok(Approval {
        by: input.approver.id,
        reason,
    })
}

#[cfg(test)]
mod tests;
