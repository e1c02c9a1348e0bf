//! 一次性告知: a request for information is a checklist picked from the case's category's list
//! of materials, sent once; asking again needs the task force's approval with a reason — by the
//! rule of `domain::coordination::first_contact::request_info`.

use chrono::{DateTime, Utc};
use domain::api::staff::ActionRequest;
use domain::coordination::first_contact::{
    request_info, ApprovalInput, InfoRequest, InfoRequestError, NewInfoRequest,
};
use domain::coordination::materials::Material;
use domain::i18n::{t, Lang};
use domain::taxonomy::{Category, EventKind, Status};
use domain::time::iso;
use serde_json::json as j;
use worker::D1Database;

use super::db::CaseRow;
use super::returned::staff;
use super::store::{events, Change};
use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::field;

/// The request `b` makes of the case (moving it to `to`), as a change: the materials listed in
/// the public note, their codes and any approval kept in the event. A request without a
/// checklist (`materials` empty) asks for "other" materials, which its text describes.
pub async fn ask(
    d1: &D1Database,
    row: &CaseRow,
    s: &Session,
    b: &ActionRequest,
    to: Status,
    now: DateTime<Utc>,
) -> ApiResult<Change> {
    let category = row
        .category
        .as_deref()
        .and_then(Category::parse)
        .unwrap_or(Category::Basic);
    let earlier = events(d1, row.id)
        .await?
        .iter()
        .filter(|e| e.kind == EventKind::InfoRequested.code())
        .count();
    let me = staff(s)?;
    let approval = ApprovalInput {
        approver: me,
        reason: b.reason.clone(),
    };
    let asked = request_info(category, earlier, &me, &checklist(b)?, Some(&approval), now)
        .map_err(refusal)?;
    let mut c = Change::new(EventKind::InfoRequested, true).status(to);
    c.note = Some(note(&asked, Lang::ZhCn));
    c.after = Some(j!({
        "materials": asked.materials.iter().map(|m| m.code()).collect::<Vec<_>>(),
        "approved_by": asked.approval.as_ref().map(|a| a.by.get()),
    }));
    c.reason = asked.approval.map(|a| a.reason.as_str().to_string());
    c.set.push(("paused_at", iso(now).into()));
    Ok(c)
}

/// What was ticked (unknown codes refused), or "other" for a request in words only.
fn checklist(b: &ActionRequest) -> ApiResult<NewInfoRequest> {
    let mut materials = b
        .materials
        .iter()
        .map(|m| Material::parse(m).ok_or_else(|| field("materials", "err-materials")))
        .collect::<ApiResult<Vec<_>>>()?;
    if materials.is_empty() {
        if b.body.trim().is_empty() {
            return Err(field("body", "err-body"));
        }
        materials.push(Material::Other);
    }
    Ok(NewInfoRequest {
        materials,
        note: Some(b.body.clone()).filter(|n| !n.trim().is_empty()),
    })
}

fn refusal(e: InfoRequestError) -> ApiError {
    use InfoRequestError as E;
    match e {
        E::Forbidden { .. } => ApiError::Forbidden,
        E::EmptyChecklist | E::NotForCategory { .. } | E::Duplicate { .. } => {
            field("materials", "err-materials")
        }
        E::OtherNeedsNote | E::Note { .. } => field("body", "err-body"),
        E::ApprovalRequired | E::ApproverNotSupervisor { .. } | E::Reason { .. } => {
            field("reason", "err-second-request")
        }
    }
}

/// What the enterprise reads: the materials, numbered, then the officer's words. A request in
/// words only is just those words.
fn note(asked: &InfoRequest, lang: Lang) -> String {
    let words = asked.note.as_ref().map(|n| n.as_str().to_string());
    let listed: Vec<String> = asked
        .materials
        .iter()
        .filter(|m| **m != Material::Other || words.is_none())
        .enumerate()
        .map(|(i, m)| format!("{}. {}", i + 1, t(lang, &m.label_key())))
        .collect();
    if listed.is_empty() {
        return words.unwrap_or_default();
    }
    let mut text = format!("{}\n{}", t(lang, "worker-info-request"), listed.join("\n"));
    if let Some(w) = words {
        text.push('\n');
        text.push_str(&w);
    }
    text
}
