//! The staff routes of one case: read it, act on it. The work is in `crate::cases`.

use domain::api::staff::{ActionRequest, CaseAction};
use domain::coordination::assist::assisting_reads;
use domain::taxonomy::Department;
use worker::{Request, Response};

use crate::auth::session::Session;
use crate::cases::actions::decide;
use crate::cases::assist::lead_takes_over;
use crate::cases::store::{apply, load, Actor};
use crate::cases::view::view;
use crate::error::ApiResult;
use crate::http::{json, read_json, Cx};

/// `GET /api/staff/cases/{case_no}`
pub async fn detail(cx: &Cx<'_>, raw: &str, s: Session) -> ApiResult<Response> {
    let (env, now, lang) = (cx.env, cx.now, cx.lang);
    let d1 = env.d1("DB")?;
    let (row, lead) = crate::cases::assist::load_seen(&d1, &s, raw).await?;
    let mut v = view(&d1, &row, &s, now, lang).await?;
    if !lead {
        // an assisting unit acts on its own task only, and reads the public record and its task
        v.actions.clear();
        v.may_assist = false;
        v.may_order = false;
        v.may_decide = false;
        if let Some(own) = s.department {
            v.events.retain(|e| {
                let unit = e
                    .after
                    .as_ref()
                    .and_then(|a| a["unit"].as_str())
                    .and_then(Department::parse);
                assisting_reads(e.public, unit, own)
            });
        }
    }
    Ok(json(&v, 200)?)
}

/// `POST /api/staff/cases/{case_no}/actions`
pub async fn act(mut req: Request, cx: &Cx<'_>, raw: &str, s: Session) -> ApiResult<Response> {
    let (env, now, lang) = (cx.env, cx.now, cx.lang);
    let body: ActionRequest = read_json(&mut req).await?;
    let d1 = env.d1("DB")?;
    let row = load(&d1, &s, raw).await?;
    let change = decide(&d1, &row, &s, &body, now).await?;
    let extra = match body.action() {
        Some(CaseAction::Triage) => vec![lead_takes_over(&d1, row.id, s.user_id, now)?],
        _ => Vec::new(),
    };
    apply(&d1, &row, &Actor::from(&s), change, now, extra).await?;
    let row = load(&d1, &s, raw).await?;
    Ok(json(&view(&d1, &row, &s, now, lang).await?, 200)?)
}

/// `POST /api/staff/cases/{case_no}/contact`: the full number, behind the lead's wall (an
/// assisting unit works through the lead), and the look written to the audit log first.
pub async fn reveal(cx: &Cx<'_>, raw: &str, s: Session) -> ApiResult<Response> {
    let d1 = cx.env.d1("DB")?;
    let row = load(&d1, &s, raw).await?;
    let no = row.case_no()?.to_string();
    let entry = crate::audit::Entry::by(
        &s,
        domain::audit::AuditAction::RevealContact,
        no,
        serde_json::json!({}),
    );
    crate::audit::write(&d1, entry, cx.now).await?;
    let answer =
        serde_json::json!({"contact_name": row.contact_name, "contact_phone": row.contact_phone});
    Ok(json(&answer, 200)?)
}
