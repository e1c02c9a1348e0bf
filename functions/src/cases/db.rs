//! The rows of a case and its events. Bound parameters only.

use chrono::{DateTime, Utc};
use domain::idempotency::IdempotencyKey;
use domain::intake::NewCase;
use domain::sla::Deadlines;
use domain::taxonomy::EventKind;
use domain::time::{iso, parse as parse_time};
use domain::triage::Triage;
use domain::{CaseNo, CaseToken};
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::D1Database;

use crate::error::{ApiError, ApiResult};

#[derive(Debug, Clone, Deserialize)]
pub struct CaseRow {
    pub id: i64,
    pub day: String,
    pub seq: u32,
    pub token: String,
    pub enterprise_name: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub port: String,
    pub title: String,
    pub description: String,
    pub status: String,
    pub category: Option<String>,
    pub importance: Option<String>,
    pub urgency: Option<String>,
    pub level: Option<u8>,
    pub department: Option<String>,
    pub due_at: Option<String>,
    pub due_first_response: Option<String>,
    pub submitted_at: String,
    pub updated_at: String,
    pub uscc: String,
    pub channel: String,
    pub triage_confidence: Option<f64>,
    pub triage_reasons: Option<String>,
    pub triage_source: Option<String>,
    pub assignee_id: Option<i64>,
    pub first_response_at: Option<String>,
    pub paused_at: Option<String>,
    pub received_at: Option<String>,
    pub flagged_48h_at: Option<String>,
    pub answered_at: Option<String>,
    /// Given back to the desk (退回) and not routed again yet.
    #[serde(default)]
    pub returned_at: Option<String>,
    /// 首问负责人: the first member of staff who acted on it.
    #[serde(default)]
    pub first_responsible_id: Option<i64>,
    /// The privacy notice version agreed to (NULL: filed before the notice).
    #[serde(default)]
    pub consent_notice: Option<String>,
    /// When the contact withdrew consent (a person's request answered).
    #[serde(default)]
    pub consent_withdrawn_at: Option<String>,
}

impl CaseRow {
    pub fn case_no(&self) -> ApiResult<CaseNo> {
        case_no(&self.day, self.seq)
    }

    pub fn grade(&self) -> Option<String> {
        grade(&self.importance, &self.urgency)
    }
}

/// The grade (`BA`) from importance and urgency, once both are set.
pub fn grade(importance: &Option<String>, urgency: &Option<String>) -> Option<String> {
    Some(format!("{}{}", importance.as_deref()?, urgency.as_deref()?))
}

/// What a submission reads back of the case its key filed: the receipt's fields.
#[derive(Debug, Deserialize)]
pub struct FiledRow {
    pub day: String,
    pub seq: u32,
    pub token: String,
    pub fingerprint: String,
    pub submitted_at: String,
    pub category: Option<String>,
    pub importance: Option<String>,
    pub urgency: Option<String>,
    pub level: Option<u8>,
    pub department: Option<String>,
    pub due_at: Option<String>,
    pub due_first_response: Option<String>,
}

/// The case number stored as its day (`YYYYMMDD`) and that day's sequence.
pub fn case_no(day: &str, seq: u32) -> ApiResult<CaseNo> {
    let date = chrono::NaiveDate::parse_from_str(day, "%Y%m%d")
        .map_err(|e| ApiError::Internal(format!("bad day {day}: {e}")))?;
    CaseNo::new(date, seq).map_err(|_| ApiError::Internal(format!("bad seq {seq}")))
}

/// [`case_no`] as text for a list row (empty for a row that could never have been written).
pub fn case_no_text(day: &str, seq: u32) -> String {
    case_no(day, seq).map(|n| n.to_string()).unwrap_or_default()
}

#[derive(Debug, Deserialize)]
pub struct EventRow {
    pub at: String,
    pub kind: String,
    pub note: Option<String>,
}

impl CaseRow {
    pub fn status(&self) -> domain::taxonomy::Status {
        domain::taxonomy::Status::parse(&self.status).unwrap_or(domain::taxonomy::Status::Submitted)
    }

    pub fn department(&self) -> Option<domain::taxonomy::Department> {
        self.department
            .as_deref()
            .and_then(domain::taxonomy::Department::parse)
    }

    /// When the clock started: the enterprise's own time for cases keyed in on its behalf.
    pub fn received(&self) -> DateTime<Utc> {
        parse_time(self.received_at.as_deref().unwrap_or(&self.submitted_at)).unwrap_or_default()
    }
}

pub const CASE_COLUMNS: &str = "id, day, seq, token, enterprise_name, contact_name, contact_phone, port, \
     title, description, status, category, importance, urgency, level, department, due_at, due_first_response, submitted_at, \
     updated_at, uscc, channel, triage_confidence, triage_reasons, triage_source, assignee_id, first_response_at, paused_at, \
     received_at, flagged_48h_at, answered_at, returned_at, first_responsible_id, consent_notice, consent_withdrawn_at";

/// Files a case under its idempotency key, or finds the one the key already filed.
///
/// One D1 batch, which runs as one transaction: bump the day's counter, insert the case with
/// that number, write its first event, read the row back. Each write only happens when no case
/// holds the key yet, so a retry changes nothing and numbers have no gaps under concurrency.
/// What the engine made of a new case, stored beside it until staff confirm or correct it.
pub struct AutoTriage {
    pub triage: Triage,
    pub deadlines: Deadlines,
}

/// Who filed the case and since when the clock runs.
pub struct Filing {
    /// `enterprise`, or `staff:{id}` for intake on behalf.
    pub actor: String,
    pub kind: EventKind,
    pub received: DateTime<Utc>,
    /// 首问负责: the member of staff who keys a case in is its first-responsible person.
    pub first_responsible: Option<i64>,
}

pub async fn insert_case(
    db: &D1Database,
    key: &IdempotencyKey,
    case: &NewCase,
    token: &CaseToken,
    auto: &AutoTriage,
    filing: &Filing,
    now: DateTime<Utc>,
) -> ApiResult<FiledRow> {
    let t = &auto.triage;
    let day = CaseNo::day_key(domain::time::service_day(now));
    let at = iso(now);
    let k = JsValue::from(key.as_str());
    let fresh = "NOT EXISTS (SELECT 1 FROM cases WHERE idempotency_key = ?2)";

    let bump = db
        .prepare(format!(
            "INSERT INTO case_seq (day, n) SELECT ?1, 1 WHERE {fresh} \
             ON CONFLICT(day) DO UPDATE SET n = n + 1"
        ))
        .bind(&[day.clone().into(), k.clone()])?;
    let insert = db
        .prepare(format!(
            "INSERT INTO cases (day, seq, token, idempotency_key, fingerprint, enterprise_name, uscc, \
             contact_name, contact_phone, port, title, description, channel, status, submitted_at, updated_at, \
             category, importance, urgency, level, department, due_at, due_first_response, \
             triage_confidence, triage_reasons, triage_source, received_at, engine_category, engine_department, \
             consent_notice) \
             SELECT ?1, n, ?3, ?2, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'submitted', ?13, ?13, \
             ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, 'auto', ?23, ?14, ?18, ?24 \
             FROM case_seq WHERE day = ?1 AND {fresh}"
        ))
        .bind(&[
            day.into(),
            k.clone(),
            token.as_str().into(),
            case.fingerprint().into(),
            case.enterprise_name.as_str().into(),
            case.uscc.as_str().into(),
            case.contact_name.as_str().into(),
            case.contact_phone.as_str().into(),
            case.port.code().into(),
            case.title.as_str().into(),
            case.description.as_str().into(),
            case.channel.code().into(),
            at.as_str().into(),
            t.category.code().into(),
            t.importance.to_string().into(),
            t.urgency.to_string().into(),
            JsValue::from(f64::from(t.level.get())),
            t.department.code().into(),
            iso(auto.deadlines.resolution).into(),
            iso(auto.deadlines.first_response).into(),
            JsValue::from(f64::from(t.confidence)),
            serde_json::to_string(&t.reasons).unwrap_or_default().into(),
            iso(filing.received).into(),
            case.consent.as_str().into(),
        ])?;
    let event = db
        .prepare(
            "INSERT INTO case_events (case_id, at, actor, kind, public) \
             SELECT id, ?3, ?5, ?4, 1 FROM cases \
             WHERE idempotency_key = ?1 AND token = ?2 \
             AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = cases.id)",
        )
        .bind(&[
            k.clone(),
            token.as_str().into(),
            at.as_str().into(),
            filing.kind.code().into(),
            filing.actor.as_str().into(),
        ])?;
    let select = db
        .prepare(
            "SELECT day, seq, token, fingerprint, submitted_at, category, importance, urgency, level, \
             department, due_at, due_first_response FROM cases WHERE idempotency_key = ?1",
        )
        .bind(std::slice::from_ref(&k))?;

    let mut stmts = vec![bump, insert, event];
    if let Some(id) = filing.first_responsible {
        stmts.push(
            db.prepare(
                "UPDATE cases SET first_responsible_id = ?3 \
                 WHERE idempotency_key = ?1 AND token = ?2 AND first_responsible_id IS NULL",
            )
            .bind(&[k.clone(), token.as_str().into(), JsValue::from(id as f64)])?,
        );
    }
    stmts.push(select);
    let mut results = db.batch(stmts).await?;
    let rows = results
        .pop()
        .ok_or_else(|| ApiError::Internal("batch returned nothing".into()))?
        .results::<FiledRow>()?;
    rows.into_iter()
        .next()
        .ok_or_else(|| ApiError::Internal("case missing after insert".into()))
}

pub async fn by_token(db: &D1Database, token: &CaseToken) -> ApiResult<Option<CaseRow>> {
    Ok(db
        .prepare(format!("SELECT {CASE_COLUMNS} FROM cases WHERE token = ?1"))
        .bind(&[token.as_str().into()])?
        .first::<CaseRow>(None)
        .await?)
}

pub async fn by_number(db: &D1Database, no: CaseNo) -> ApiResult<Option<CaseRow>> {
    Ok(db
        .prepare(format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE day = ?1 AND seq = ?2"
        ))
        .bind(&[CaseNo::day_key(no.day).into(), JsValue::from(no.seq)])?
        .first::<CaseRow>(None)
        .await?)
}

pub async fn exists(db: &D1Database, token: &CaseToken) -> ApiResult<bool> {
    Ok(db
        .prepare("SELECT 1 AS one FROM cases WHERE token = ?1")
        .bind(&[token.as_str().into()])?
        .first::<u8>(Some("one"))
        .await?
        .is_some())
}

/// The latest answer (`answered` or `explained` event) of the case `case` selects (an SQL expression for its id), and
/// whether it has been rated.
pub fn latest_answer_sql(case: &str) -> String {
    format!(
        "SELECT e.id, e.at, EXISTS (SELECT 1 FROM ratings r WHERE r.case_id = e.case_id AND r.answer_event_id = e.id) AS rated \
         FROM case_events e WHERE e.case_id = {case} AND e.kind IN ({}) ORDER BY e.id DESC LIMIT 1",
        domain::rating::ANSWER_KINDS_SQL
    )
}

#[derive(Debug, Deserialize)]
pub struct AnswerRow {
    id: i64,
    at: String,
    rated: i64,
}

impl AnswerRow {
    pub fn parts(self) -> (i64, String, bool) {
        (self.id, self.at, self.rated == 1)
    }
}

/// What the public status page shows of a case: only the columns it needs, its public events
/// (in order) and its latest answer.
#[derive(Debug, Deserialize)]
pub struct PublicRow {
    pub day: String,
    pub seq: u32,
    pub status: String,
    pub port: String,
    pub department: Option<String>,
    pub enterprise_name: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub title: String,
    pub description: String,
    pub due_at: Option<String>,
    pub submitted_at: String,
    pub category: Option<String>,
    pub importance: Option<String>,
    pub urgency: Option<String>,
    pub level: Option<u8>,
    /// 首问负责人's role: the enterprise is told who answers for its case as a role, not a name.
    #[serde(default)]
    pub first_responsible_role: Option<String>,
    /// 会同: the assisting units (codes), first asked first.
    #[serde(default)]
    pub assisting: Vec<String>,
    /// 督办 orders and leadership decisions on record.
    #[serde(default)]
    pub orders: u32,
    #[serde(default)]
    pub decisions: u32,
    pub events: Vec<EventRow>,
    pub answer: Option<AnswerRow>,
}

/// Everything the public status page shows in one D1 statement whose one column is the whole
/// view as JSON built by SQLite: one value crosses from JavaScript, read by serde_json.
pub async fn public_view(db: &D1Database, token: &CaseToken) -> ApiResult<Option<PublicRow>> {
    const SQL: &str = include_str!("public_view.sql");
    let Some(view) = db
        .prepare(SQL)
        .bind(&[token.as_str().into()])?
        .first::<String>(Some("view"))
        .await?
    else {
        return Ok(None);
    };
    serde_json::from_str(&view)
        .map(Some)
        .map_err(|e| ApiError::Internal(format!("status json: {e}")))
}
