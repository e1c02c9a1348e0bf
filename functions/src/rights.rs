//! A person's request about their own information (`domain::rights`): filed through the portal
//! with a mobile number, followed by its link, answered once by the administrator. This module
//! owns the `rights_requests` rows and their SQL.

use chrono::{DateTime, Utc};
use domain::audit::AuditAction;
use domain::rights::{self, RightsAnswer, RightsFiled, RightsInput, RightsRow, RightsStatus};
use domain::rights::{RightsKind, RightsView};
use domain::time::{display, iso};
use domain::{CaseNo, CaseToken, Lang, Phone};
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, Request, Response};

use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::{json, query, read_json, Cx};

/// The most requests the administrator's list shows at once (an office has a handful a month).
const LIST_MAX: u32 = 200;

#[derive(Debug, Deserialize)]
struct Row {
    day: String,
    seq: u32,
    token: String,
    fingerprint: String,
    kind: String,
    contact_name: String,
    contact_phone: String,
    uscc: Option<String>,
    case_no: Option<String>,
    detail: String,
    status: String,
    submitted_at: String,
    due_at: String,
    answer: Option<String>,
    answered_at: Option<String>,
}

const COLUMNS: &str = "day, seq, token, fingerprint, kind, contact_name, contact_phone, uscc, \
     case_no, detail, status, submitted_at, due_at, answer, answered_at";

impl Row {
    fn kind(&self) -> RightsKind {
        RightsKind::parse(&self.kind).unwrap_or(RightsKind::Access)
    }

    fn status(&self) -> RightsStatus {
        RightsStatus::parse(&self.status).unwrap_or(RightsStatus::Open)
    }

    fn answered_text(&self, lang: Lang) -> Option<String> {
        self.answered_at.as_deref().map(|a| display(a, lang))
    }

    /// The request as read: the contact masked for the person's link, in full for the list.
    fn view(&self, lang: Lang, masked: bool) -> RightsView {
        let (kind, status) = (self.kind(), self.status());
        let (name, phone) = match masked {
            true => (
                domain::intake::mask_name(&self.contact_name),
                Phone::mask_stored(&self.contact_phone),
            ),
            false => (self.contact_name.clone(), self.contact_phone.clone()),
        };
        RightsView {
            request_no: rights::request_no(&self.day, self.seq),
            kind_label: kind.label(lang).into(),
            kind,
            status_label: status.label(lang).into(),
            status,
            contact_name: name,
            contact_phone: phone,
            submitted_at_text: display(&self.submitted_at, lang),
            due_at_text: display(&self.due_at, lang),
            answered_at_text: self.answered_text(lang),
            answer: self.answer.clone(),
        }
    }

    fn row(self, lang: Lang, now: DateTime<Utc>) -> RightsRow {
        let overdue = self.status() == RightsStatus::Open
            && domain::time::parse(&self.due_at).is_some_and(|due| now > due);
        RightsRow {
            view: self.view(lang, false),
            overdue,
            uscc: self.uscc,
            case_no: self.case_no,
            detail: self.detail,
            due_at: self.due_at,
        }
    }
}

/// `POST /api/rights`: the request is filed under its idempotency key (a retry files it once).
pub async fn file(mut req: Request, cx: &Cx<'_>) -> ApiResult<Response> {
    let key = crate::http::idempotency_key(&req)?;
    let input: RightsInput = read_json(&mut req).await?;
    let r = input.validate().map_err(ApiError::Fields)?;
    let d1 = cx.env.d1("DB")?;
    let due = rights::due(&crate::settings::calendar(&d1).await?, cx.now);
    let mut random = [0u8; domain::token::TOKEN_BYTES];
    getrandom::getrandom(&mut random).map_err(|e| ApiError::Internal(format!("random: {e}")))?;
    let token = CaseToken::from_random(random);
    let uscc = r.uscc.as_ref().map(|u| u.as_str().to_string());
    let case_no = r.case_no.as_ref().map(ToString::to_string);
    let fingerprint = domain::idempotency::fingerprint(&[
        r.kind.code(),
        &r.contact_name,
        r.contact_phone.as_str(),
        uscc.as_deref().unwrap_or_default(),
        case_no.as_deref().unwrap_or_default(),
        &r.detail,
    ]);
    let day = CaseNo::day_key(domain::time::service_day(cx.now));
    let k = JsValue::from(key.as_str());
    let fresh = "NOT EXISTS (SELECT 1 FROM rights_requests WHERE idempotency_key = ?2)";
    let opt = |v: Option<String>| v.map(JsValue::from).unwrap_or(JsValue::NULL);
    let results = d1
        .batch(vec![
            d1.prepare(format!(
                "INSERT INTO rights_seq (day, n) SELECT ?1, 1 WHERE {fresh} \
                 ON CONFLICT(day) DO UPDATE SET n = n + 1"
            ))
            .bind(&[day.as_str().into(), k.clone()])?,
            d1.prepare(format!(
                "INSERT INTO rights_requests (day, seq, idempotency_key, token, fingerprint, kind, \
                 contact_name, contact_phone, uscc, case_no, detail, submitted_at, due_at) \
                 SELECT ?1, n, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12 \
                 FROM rights_seq WHERE day = ?1 AND {fresh}"
            ))
            .bind(&[
                day.as_str().into(),
                k.clone(),
                token.as_str().into(),
                fingerprint.as_str().into(),
                r.kind.code().into(),
                r.contact_name.as_str().into(),
                r.contact_phone.as_str().into(),
                opt(uscc),
                opt(case_no),
                r.detail.as_str().into(),
                iso(cx.now).into(),
                iso(due).into(),
            ])?,
            d1.prepare(format!(
                "SELECT {COLUMNS} FROM rights_requests WHERE idempotency_key = ?1"
            ))
            .bind(&[k])?,
        ])
        .await?;
    let row = results
        .get(2)
        .ok_or_else(|| ApiError::Internal("rights batch".into()))?
        .results::<Row>()?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Internal("rights row".into()))?;
    if row.fingerprint != fingerprint {
        return Err(ApiError::IdempotencyKeyReused);
    }
    let filed = RightsFiled {
        request_no: rights::request_no(&row.day, row.seq),
        status_url: format!("/rights/{}", row.token),
        due_at_text: display(&row.due_at, cx.lang),
        due_at: row.due_at,
        token: row.token,
    };
    Ok(json(&filed, 201)?)
}

/// `GET /api/rights/{token}`: where the request stands, the contact masked.
pub async fn status(cx: &Cx<'_>, raw: &str) -> ApiResult<Response> {
    let token = CaseToken::parse(raw).map_err(|_| ApiError::NotFound)?;
    let d1 = cx.env.d1("DB")?;
    let row = d1
        .prepare(format!(
            "SELECT {COLUMNS} FROM rights_requests WHERE token = ?1"
        ))
        .bind(&[token.as_str().into()])?
        .first::<Row>(None)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(json(&row.view(cx.lang, true), 200)?)
}

/// `GET /api/admin/rights?status=open|done|refused|all`: the open ones first by deadline.
pub async fn list(req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let wanted = query(&req, "status")?.unwrap_or_else(|| "open".into());
    let status = match wanted.as_str() {
        "all" | "" => None,
        s => Some(
            RightsStatus::parse(s)
                .ok_or_else(|| ApiError::Field("status".into(), "err-filter".into()))?,
        ),
    };
    let d1 = cx.env.d1("DB")?;
    let (condition, binds): (&str, Vec<JsValue>) = match status {
        Some(s) => ("WHERE status = ?1", vec![s.code().into()]),
        None => ("", vec![]),
    };
    let rows = d1
        .prepare(format!(
            "SELECT {COLUMNS} FROM rights_requests {condition} \
             ORDER BY status = 'open' DESC, due_at, id LIMIT {LIST_MAX}"
        ))
        .bind(&binds)?
        .all()
        .await?
        .results::<Row>()?;
    let open = d1
        .prepare("SELECT count(*) AS n FROM rights_requests WHERE status = 'open'")
        .first::<u32>(Some("n"))
        .await?
        .unwrap_or(0);
    // the list shows people's numbers in full: a look, recorded like any other
    let detail = serde_json::json!({"status": wanted, "rows": rows.len()});
    let entry = crate::audit::Entry::by(&s, AuditAction::RightsListed, "rights".into(), detail);
    crate::audit::write(&d1, entry, cx.now).await?;
    let items: Vec<RightsRow> = rows.into_iter().map(|r| r.row(cx.lang, cx.now)).collect();
    Ok(json(
        &serde_json::json!({"items": items, "open": open}),
        200,
    )?)
}

/// `POST /api/admin/rights/{request}/answer`: done or refused, once (409 after that); logged in
/// the same batch; a withdrawal answered as done marks the person's cases.
pub async fn answer(mut req: Request, cx: &Cx<'_>, raw: &str, s: Session) -> ApiResult<Response> {
    let (day, seq) = rights::parse_request_no(raw).ok_or(ApiError::NotFound)?;
    let body: RightsAnswer = read_json(&mut req).await?;
    let (outcome, words) = body
        .checked()
        .map_err(|(field, key)| ApiError::Field(field.into(), key.into()))?;
    let d1 = cx.env.d1("DB")?;
    let (status, kind, phone, _) = current(&d1, &day, seq).await?;
    if !rights::may_answer(status) {
        return Err(ApiError::Conflict);
    }
    let no = rights::request_no(&day, seq);
    let detail = serde_json::json!({"outcome": outcome.code()});
    let entry = crate::audit::Entry::by(&s, AuditAction::RightsAnswered, no, detail);
    let mut statements = vec![
        d1.prepare(
            "UPDATE rights_requests SET status = ?3, answer = ?4, answered_at = ?5, answered_by = ?6 \
             WHERE day = ?1 AND seq = ?2 AND status = 'open'",
        )
        .bind(&[
            day.as_str().into(),
            JsValue::from(seq),
            outcome.code().into(),
            words.as_str().into(),
            iso(cx.now).into(),
            JsValue::from(s.user_id as f64),
        ])?,
        crate::audit::statement_if_changed(&d1, entry, cx.now)?,
    ];
    if rights::withdraws_consent(kind, outcome) {
        // from now on the cases of this number say that consent was withdrawn
        statements.push(
            d1.prepare(
                "UPDATE cases SET consent_withdrawn_at = ?2 \
                 WHERE contact_phone = ?1 AND consent_withdrawn_at IS NULL",
            )
            .bind(&[phone.into(), iso(cx.now).into()])?,
        );
    }
    let results = d1.batch(statements).await?;
    if crate::http::first_changes(&results) != 1 {
        // another administrator answered it a moment ago
        return Err(ApiError::Conflict);
    }
    Ok(json(&serde_json::json!({"ok": true}), 200)?)
}

/// The request's token when `last4` ends its contact's number (the lookup by number, for a
/// lost link; the caller counts the tries).
pub async fn token_if(
    d1: &D1Database,
    day: &str,
    seq: u32,
    last4: &str,
) -> ApiResult<Option<String>> {
    let (_, _, phone, token) = current(d1, day, seq)
        .await
        .map_err(|_| ApiError::CaseNotFound)?;
    let ends = Phone::parse(&phone)
        .is_ok_and(|p| domain::text::constant_time_eq(p.last4().as_bytes(), last4.as_bytes()));
    Ok(ends.then_some(token))
}

#[derive(Deserialize)]
struct Waiting {
    open: u32,
    overdue: Option<u32>,
}

/// How many requests wait for an answer, and how many of them are past their deadline (no
/// personal information: the administrator's bell reads it every minute).
pub async fn waiting(d1: &D1Database, now: DateTime<Utc>) -> ApiResult<(u32, u32)> {
    let w = d1
        .prepare(
            "SELECT count(*) AS open, sum(due_at < ?1) AS overdue FROM rights_requests \
             WHERE status = 'open'",
        )
        .bind(&[iso(now).into()])?
        .first::<Waiting>(None)
        .await?;
    Ok(w.map_or((0, 0), |w| (w.open, w.overdue.unwrap_or(0))))
}

#[derive(Deserialize)]
struct Current {
    status: String,
    kind: String,
    contact_phone: String,
    token: String,
}

/// A request's status, kind, number and token (404 if there is no such request).
async fn current(
    d1: &D1Database,
    day: &str,
    seq: u32,
) -> ApiResult<(RightsStatus, RightsKind, String, String)> {
    let row = d1
        .prepare(
            "SELECT status, kind, contact_phone, token FROM rights_requests WHERE day = ?1 AND seq = ?2",
        )
        .bind(&[day.into(), JsValue::from(seq)])?
        .first::<Current>(None)
        .await?
        .ok_or(ApiError::NotFound)?;
    let status = RightsStatus::parse(&row.status).unwrap_or(RightsStatus::Open);
    let kind = RightsKind::parse(&row.kind).unwrap_or(RightsKind::Access);
    Ok((status, kind, row.contact_phone, row.token))
}
