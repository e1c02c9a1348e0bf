//! One case as staff see it: the row, its grading and why, its clock, its event log with names
//! and labels, and the actions this staff member may take now.

use chrono::{DateTime, Utc};
use domain::api::case::{CaseEvent, CaseFlags, CaseTriage, CaseView, Responsible};
use domain::grade::Letter;
use domain::sla::Clock;
use domain::taxonomy::{Category, Channel, EventKind, Port};
use domain::time::display;
use domain::Lang;
use worker::D1Database;

use super::actions::available;
use super::db::CaseRow;
use super::store::{events, flags, EventRow};
use crate::auth::session::Session;
use crate::error::ApiResult;
use crate::settings;

fn label<T>(v: Option<T>, f: impl Fn(T) -> &'static str) -> Option<String> {
    v.map(|v| f(v).to_string())
}

fn json(text: Option<&str>) -> Option<serde_json::Value> {
    text.and_then(|t| serde_json::from_str(t).ok())
}

fn event(e: &EventRow, lang: Lang) -> Option<CaseEvent> {
    let Some(kind) = EventKind::parse(&e.kind) else {
        worker::console_warn!("case event of unknown kind {:?} left out", e.kind);
        return None;
    };
    Some(CaseEvent {
        at: e.at.clone(),
        at_text: display(&e.at, lang),
        actor: e.actor.clone(),
        actor_name: e.actor_name.clone(),
        role: e.role.clone(),
        kind,
        label: kind.label(lang).into(),
        public: e.public == 1,
        note: e.note.clone(),
        reason: e.reason.clone(),
        before: json(e.before.as_deref()),
        after: json(e.after.as_deref()),
    })
}

/// A member of staff's name and role (none if the account is gone).
async fn responsible(d1: &D1Database, id: i64) -> ApiResult<Option<Responsible>> {
    #[derive(serde::Deserialize)]
    struct Row {
        display_name: String,
        role: String,
    }
    let row = d1
        .prepare("SELECT display_name, role FROM staff_users WHERE id = ?1")
        .bind(&[worker::wasm_bindgen::JsValue::from(id as f64)])?
        .first::<Row>(None)
        .await?;
    Ok(row.and_then(|r| {
        Some(Responsible {
            role: domain::staff::StaffRole::parse(&r.role)?,
            name: r.display_name,
        })
    }))
}

pub async fn view(
    d1: &D1Database,
    row: &CaseRow,
    s: &Session,
    now: DateTime<Utc>,
    lang: Lang,
) -> ApiResult<CaseView> {
    let cal = settings::calendar(d1).await?;
    let first_responsible = match row.first_responsible_id {
        Some(id) => responsible(d1, id).await?,
        None => None,
    };
    let f = flags(row, &Clock::new(&cal, now));
    let events = events(d1, row.id).await?;
    let category = row.category.as_deref().and_then(Category::parse);
    let text = |t: &Option<String>| t.as_deref().map(|d| display(d, lang));
    let status = row.status();
    let sup = super::supervise::view(d1, row, s, now, lang).await?;
    Ok(CaseView {
        case_no: row.case_no()?.to_string(),
        status,
        status_label: status.label(lang).into(),
        enterprise_name: row.enterprise_name.clone(),
        uscc: row.uscc.clone(),
        contact_name: row.contact_name.clone(),
        // masked: the full number is one logged action away (`staff::case::reveal`)
        contact_phone: domain::Phone::mask_stored(&row.contact_phone),
        consent_notice: row.consent_notice.clone(),
        consent_withdrawn_at: row
            .consent_withdrawn_at
            .as_deref()
            .map(|at| display(at, lang)),
        port: row.port.clone(),
        port_label: label(Port::parse(&row.port), |p| p.label(lang)),
        channel: row.channel.clone(),
        channel_label: label(Channel::parse(&row.channel), |c| c.label(lang)),
        title: row.title.clone(),
        description: row.description.clone(),
        submitted_at: row.submitted_at.clone(),
        submitted_at_text: display(&row.submitted_at, lang),
        received_at: row
            .received()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        category,
        category_label: label(category, |c| c.label(lang)),
        importance: row.importance.as_deref().and_then(Letter::parse),
        urgency: row.urgency.as_deref().and_then(Letter::parse),
        grade: row.grade(),
        department: row.department(),
        department_label: label(row.department(), |d| d.label(lang)),
        level: row.level,
        assignee_id: row.assignee_id,
        due_at: row.due_at.clone(),
        due_at_text: text(&row.due_at),
        due_first_response: row.due_first_response.clone(),
        due_first_response_text: text(&row.due_first_response),
        first_response_at: row.first_response_at.clone(),
        paused_at: row.paused_at.clone(),
        flagged_48h_at: row.flagged_48h_at.clone(),
        returned_at: row.returned_at.clone(),
        updated_at: row.updated_at.clone(),
        first_responsible,
        triage: CaseTriage {
            source: row.triage_source.clone(),
            confidence: row.triage_confidence,
            reasons: row
                .triage_reasons
                .as_deref()
                .and_then(|r| serde_json::from_str(r).ok())
                .unwrap_or_default(),
            unsure: domain::triage::needs_confirmation(
                row.triage_source.as_deref(),
                row.triage_confidence,
            ),
        },
        flags: CaseFlags {
            overdue: f.overdue,
            near_due: f.near_due,
            flagged_48h: f.flagged_48h,
        },
        events: events.iter().filter_map(|e| event(e, lang)).collect(),
        actions: available(row, s),
        assists: super::assist::views(&super::assist::tasks(d1, row.id).await?, s, now, lang),
        may_assist: domain::coordination::assist::may_manage(s.role)
            && domain::coordination::assist::takes_tasks(status),
        orders: sup.orders,
        decision: sup.decision,
        may_order: sup.may_order,
        may_decide: sup.may_decide,
    })
}
