//! Batches 批量: a supervisor folds cases of the same problem together and answers them once;
//! every member case gets the answer as its own event. Candidates come by text similarity.

use chrono::{DateTime, Utc};
use domain::lifecycle::{self, Action};
use domain::similar::{cosine, profile};
use domain::staff::{may_see, Permission};
use domain::taxonomy::{EventKind, Status};
use domain::Lang;
use serde::Deserialize;
use serde_json::json as j;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, Env, Request, Response};

use super::case::{apply, lifecycle_move, load, text, Actor, Change};
use super::users::{authorized, authorized_change};
use crate::auth::session;
use crate::cases::api::time_text;
use crate::cases::db::{iso, CaseRow, CASE_COLUMNS};
use crate::error::{ApiError, ApiResult};
use crate::http::{json, read_json};

#[derive(Deserialize)]
struct NewBatch {
    #[serde(default)]
    title: String,
    #[serde(default)]
    case_nos: Vec<String>,
}

#[derive(Deserialize)]
struct BatchRow {
    id: i64,
    title: String,
    answer: Option<String>,
    created_at: String,
    answered_at: Option<String>,
}

async fn members(d1: &D1Database, id: i64) -> ApiResult<Vec<CaseRow>> {
    Ok(d1
        .prepare(format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE batch_id = ?1 ORDER BY id"
        ))
        .bind(&[JsValue::from(id as f64)])?
        .all()
        .await?
        .results::<CaseRow>()?)
}

async fn batch_json(d1: &D1Database, b: &BatchRow, lang: Lang) -> ApiResult<serde_json::Value> {
    let cases: Vec<serde_json::Value> = members(d1, b.id)
        .await?
        .iter()
        .map(|c| {
            Ok(j!({"case_no": c.case_no()?.to_string(), "title": c.title, "enterprise_name": c.enterprise_name,
                   "status": c.status().code(), "status_label": c.status().label(lang)}))
        })
        .collect::<ApiResult<_>>()?;
    Ok(
        j!({"id": b.id, "title": b.title, "answer": b.answer, "created_at": b.created_at,
           "created_at_text": time_text(&b.created_at), "answered_at": b.answered_at, "cases": cases}),
    )
}

async fn batch(d1: &D1Database, id: i64) -> ApiResult<BatchRow> {
    d1.prepare("SELECT id, title, answer, created_at, answered_at FROM batches WHERE id = ?1")
        .bind(&[JsValue::from(id as f64)])?
        .first::<BatchRow>(None)
        .await?
        .ok_or(ApiError::NotFound)
}

/// `GET /api/staff/batches`
pub async fn list(req: Request, env: &Env, now: DateTime<Utc>, lang: Lang) -> ApiResult<Response> {
    authorized(&req, env, now, Permission::ViewCases).await?;
    let d1 = env.d1("DB")?;
    let rows = d1
        .prepare("SELECT id, title, answer, created_at, answered_at FROM batches ORDER BY id DESC LIMIT 200")
        .all()
        .await?
        .results::<BatchRow>()?;
    let mut out = Vec::new();
    for b in &rows {
        out.push(batch_json(&d1, b, lang).await?);
    }
    Ok(json(&j!({ "batches": out }), 200)?)
}

/// `GET /api/staff/batches/{id}`
pub async fn get(
    req: Request,
    env: &Env,
    now: DateTime<Utc>,
    lang: Lang,
    id: &str,
) -> ApiResult<Response> {
    authorized(&req, env, now, Permission::ViewCases).await?;
    let d1 = env.d1("DB")?;
    let b = batch(&d1, id.parse().map_err(|_| ApiError::NotFound)?).await?;
    Ok(json(&batch_json(&d1, &b, lang).await?, 200)?)
}

/// `POST /api/staff/batches`: a new batch with the given cases merged into it.
pub async fn create(
    mut req: Request,
    env: &Env,
    now: DateTime<Utc>,
    lang: Lang,
) -> ApiResult<Response> {
    let s = authorized_change(&req, env, now, Permission::Batches).await?;
    let body: NewBatch = read_json(&mut req).await?;
    let title = text(&body.title, "title", "err-batch-title")?;
    if body.case_nos.is_empty() || body.case_nos.len() > 200 {
        return Err(ApiError::Field("case_nos".into(), "err-batch-cases".into()));
    }
    let d1 = env.d1("DB")?;
    let mut rows = Vec::new();
    for no in &body.case_nos {
        let row = load(&d1, &s, no).await?;
        lifecycle_move(row.status(), Action::Merge, &s)?;
        rows.push(row);
    }
    let id = d1
        .prepare(
            "INSERT INTO batches (title, created_by, created_at) VALUES (?1, ?2, ?3) RETURNING id",
        )
        .bind(&[
            title.as_str().into(),
            JsValue::from(s.user_id as f64),
            iso(now).into(),
        ])?
        .first::<i64>(Some("id"))
        .await?
        .ok_or_else(|| ApiError::Internal("insert batch".into()))?;
    for row in &rows {
        let mut c = Change::new(EventKind::Merged, true).status(Status::Merged);
        c.set.push(("batch_id", JsValue::from(id as f64)));
        c.note = Some(title.clone());
        apply(&d1, row, &Actor::from(&s), c, now).await?;
    }
    Ok(json(
        &batch_json(&d1, &batch(&d1, id).await?, lang).await?,
        201,
    )?)
}

#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    body: String,
}

/// `POST /api/staff/batches/{id}/answer`: one answer, given to every member case.
pub async fn answer(
    mut req: Request,
    env: &Env,
    now: DateTime<Utc>,
    lang: Lang,
    id: &str,
) -> ApiResult<Response> {
    session::check_origin(&req)?;
    let s = session::current(&req, env, now).await?;
    let d1 = env.d1("DB")?;
    let b = batch(&d1, id.parse().map_err(|_| ApiError::NotFound)?).await?;
    if !lifecycle::role_may(Action::AnswerBatch, s.role.lifecycle()) {
        return Err(ApiError::Forbidden);
    }
    let body: Answer = read_json(&mut req).await?;
    let answer = text(&body.body, "body", "err-body")?;
    for row in members(&d1, b.id)
        .await?
        .iter()
        .filter(|r| r.status() == Status::Merged)
    {
        let to = lifecycle_move(row.status(), Action::AnswerBatch, &s)?;
        let mut c = Change::new(EventKind::Answered, true).status(to);
        c.note = Some(answer.clone());
        if row.first_response_at.is_none() {
            c.set.push(("first_response_at", iso(now).into()));
        }
        apply(&d1, row, &Actor::from(&s), c, now).await?;
    }
    d1.prepare("UPDATE batches SET answer = ?2, answered_at = ?3 WHERE id = ?1")
        .bind(&[
            JsValue::from(b.id as f64),
            answer.as_str().into(),
            iso(now).into(),
        ])?
        .run()
        .await?;
    Ok(json(
        &batch_json(&d1, &batch(&d1, b.id).await?, lang).await?,
        200,
    )?)
}

/// `GET /api/staff/cases/{case_no}/similar`: open cases that read like this one.
pub async fn similar(
    req: Request,
    env: &Env,
    now: DateTime<Utc>,
    lang: Lang,
    no: &str,
) -> ApiResult<Response> {
    let s = authorized(&req, env, now, Permission::ViewCases).await?;
    let d1 = env.d1("DB")?;
    let this = load(&d1, &s, no).await?;
    let mine = profile(&format!("{} {}", this.title, this.description));
    let rows = d1
        .prepare(format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE status IN ({}) AND id <> ?1 \
             ORDER BY id DESC LIMIT 1000",
            domain::ledger::open_sql()
        ))
        .bind(&[JsValue::from(this.id as f64)])?
        .all()
        .await?
        .results::<CaseRow>()?;
    let mut scored: Vec<(f32, &CaseRow)> = rows
        .iter()
        .filter(|r| may_see(s.role, s.department, r.department()))
        .map(|r| {
            (
                cosine(&mine, &profile(&format!("{} {}", r.title, r.description))),
                r,
            )
        })
        .filter(|(score, _)| *score >= domain::similar::CANDIDATE)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let items: Vec<serde_json::Value> = scored
        .into_iter()
        .take(10)
        .map(|(score, r)| {
            Ok(j!({"case_no": r.case_no()?.to_string(), "title": r.title, "enterprise_name": r.enterprise_name,
                   "status": r.status().code(), "status_label": r.status().label(lang), "score": (score * 100.0).round() / 100.0}))
        })
        .collect::<ApiResult<_>>()?;
    Ok(json(&j!({ "items": items }), 200)?)
}
