//! A person's rights over what is held about them (issue 20; 个人信息保护法 art. 44–47): the
//! administrator finds every case of a mobile number or credit code — the answer is the export
//! of what is held —, and erases or corrects the contact, each with a reason in the audit log.

use domain::privacy::PersonKey;
use domain::taxonomy::Status;
use serde::Deserialize;
use serde_json::json;
use worker::wasm_bindgen::JsValue;
use worker::{Request, Response};

use crate::auth::session::Session;
use crate::cases::db::case_no_text;
use crate::error::{ApiError, ApiResult};
use crate::http::{field, json, query, read_json, text, Cx};

/// The most cases one request touches (a contact of a busy forwarder may have many).
const MAX_CASES: u32 = 2_000;

fn key(phone: Option<&str>, uscc: Option<&str>) -> ApiResult<PersonKey> {
    PersonKey::parse(phone, uscc).map_err(|f| field(f, "admin-err-person"))
}

#[derive(Deserialize)]
struct Held {
    day: String,
    seq: u32,
    title: String,
    status: String,
    enterprise_name: String,
    uscc: String,
    contact_name: String,
    contact_phone: String,
    submitted_at: String,
    anonymised_at: Option<String>,
}

/// `GET /api/admin/person?phone=|uscc=` (admin): every case held about the person, in full, as a
/// download; the look is logged.
pub async fn find(req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let k = key(
        query(&req, "phone")?.as_deref(),
        query(&req, "uscc")?.as_deref(),
    )?;
    let (column, value) = k.column();
    let d1 = cx.env.d1("DB")?;
    let held = d1
        .prepare(format!(
            "SELECT day, seq, title, status, enterprise_name, uscc, contact_name, contact_phone, \
             submitted_at, anonymised_at FROM cases WHERE {column} = ?1 ORDER BY id LIMIT {MAX_CASES}"
        ))
        .bind(&[value.into()])?
        .all()
        .await?
        .results::<Held>()?;
    let entry = crate::audit::Entry::by(
        &s,
        domain::audit::AuditAction::PersonLookup,
        column.into(),
        json!({"cases": held.len()}),
    );
    crate::audit::write(&d1, entry, cx.now).await?;
    let cases: Vec<_> = held
        .into_iter()
        .map(|h| {
            json!({"case_no": case_no_text(&h.day, h.seq), "title": h.title,
                "status": Status::parse(&h.status).map(|s| s.label(cx.lang)), "enterprise_name": h.enterprise_name,
                "uscc": h.uscc, "contact_name": h.contact_name, "contact_phone": h.contact_phone,
                "submitted_at": h.submitted_at, "anonymised_at": h.anonymised_at})
        })
        .collect();
    let mut resp = json(&json!({"cases": cases}), 200)?;
    resp.headers_mut().set(
        "content-disposition",
        "attachment; filename=\"ztc-person.json\"",
    )?;
    Ok(resp)
}

#[derive(Deserialize)]
struct Erase {
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    uscc: Option<String>,
    #[serde(default)]
    reason: String,
}

/// `POST /api/admin/person/erase` (admin): empties the contact's name and number on every case of
/// the person, with the reason, in one batch with its audit line.
pub async fn erase(mut req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let body: Erase = read_json(&mut req).await?;
    let k = key(body.phone.as_deref(), body.uscc.as_deref())?;
    let reason = text(&body.reason, "reason", "err-reason")?;
    let (column, value) = k.column();
    let d1 = cx.env.d1("DB")?;
    let at = domain::time::iso(cx.now);
    let results = d1
        .batch(vec![
            d1.prepare(format!(
                "UPDATE cases SET {} WHERE {column} = ?1 AND (contact_name <> '' OR contact_phone <> '')",
                crate::privacy::FORGET_CONTACT
            ))
            .bind(&[value.into(), at.as_str().into()])?,
            d1.prepare(format!(
                "INSERT INTO audit_log (at, actor, role, action, target, detail) \
                 VALUES (?1, ?2, ?3, '{}', ?4, json_object('cases', changes(), 'reason', ?5))",
                domain::audit::AuditAction::PersonErased.code()
            ))
            .bind(&[
                at.as_str().into(),
                format!("staff:{}", s.user_id).into(),
                s.role.code().into(),
                column.into(),
                reason.as_str().into(),
            ])?,
        ])
        .await?;
    let erased = crate::http::first_changes(&results);
    Ok(json(&json!({"erased": erased}), 200)?)
}

#[derive(Deserialize)]
struct Correct {
    case_no: String,
    contact_name: String,
    contact_phone: String,
    #[serde(default)]
    reason: String,
}

/// `POST /api/admin/person/correct` (admin): one case's contact set right, with the reason; the
/// old values stay only in the audit line.
pub async fn correct(mut req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let body: Correct = read_json(&mut req).await?;
    let no = domain::CaseNo::parse(&body.case_no).map_err(|_| ApiError::CaseNotFound)?;
    let name = body.contact_name.trim();
    let (min, max) = domain::intake::Field::ContactName
        .length_limits()
        .unwrap_or((1, 30));
    if !(min..=max).contains(&name.chars().count()) {
        return Err(field("contact_name", "admin-err-person"));
    }
    let phone = domain::Phone::parse(&body.contact_phone)
        .map_err(|_| field("contact_phone", "admin-err-person"))?;
    let reason = text(&body.reason, "reason", "err-reason")?;
    let d1 = cx.env.d1("DB")?;
    let row = crate::cases::db::by_number(&d1, no)
        .await?
        .ok_or(ApiError::CaseNotFound)?;
    let detail = json!({"reason": reason, "before": {"contact_name": row.contact_name, "contact_phone": row.contact_phone}});
    let entry = crate::audit::Entry::by(
        &s,
        domain::audit::AuditAction::PersonCorrected,
        body.case_no.clone(),
        detail,
    );
    d1.batch(vec![
        d1.prepare("UPDATE cases SET contact_name = ?2, contact_phone = ?3 WHERE id = ?1")
            .bind(&[
                JsValue::from(row.id as f64),
                name.into(),
                phone.as_str().into(),
            ])?,
        crate::audit::statement(&d1, entry, cx.now)?,
    ])
    .await?;
    Ok(json(&json!({"ok": true}), 200)?)
}
