//! Batches 批量: a supervisor folds cases of the same problem together and answers them once;
//! every member case gets the answer as its own event. Candidates come by text similarity.

use domain::lifecycle::{self, Action};
use domain::similar::{cosine, profile};
use domain::staff::may_see;
use domain::taxonomy::{EventKind, Status};
use domain::time::iso;
use domain::Lang;
use serde::Deserialize;
use serde_json::json as j;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, Request, Response};

use crate::auth::guard::wall;
use crate::auth::session::Session;
use crate::cases::actions::lifecycle_move;
use crate::cases::db::{CaseRow, CASE_COLUMNS};
use crate::cases::store::{load, run_guarded, statements, Actor, Change, GUARD_ONE_CHANGED};
use crate::error::{ApiError, ApiResult};
use crate::http::{json, read_json, text, Cx};
use domain::time::display;

#[derive(Deserialize)]
struct NewBatch {
    #[serde(default)]
    title: String,
    #[serde(default)]
    case_nos: Vec<String>,
}

#[derive(Deserialize)]
struct NewBatchId {
    id: i64,
}

#[derive(Deserialize)]
struct BatchRow {
    id: i64,
    title: String,
    answer: Option<String>,
    created_at: String,
    answered_at: Option<String>,
    corrected_at: Option<String>,
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

/// The department wall, as for a single case: a handler sees a batch only when every case in it
/// is one they may see (a batch of another unit's cases does not exist for them).
fn visible(s: &Session, cases: &[CaseRow]) -> bool {
    !cases.is_empty()
        && cases
            .iter()
            .all(|c| may_see(s.role, s.department, c.department()))
}

fn batch_json(b: &BatchRow, cases: &[CaseRow], lang: Lang) -> ApiResult<serde_json::Value> {
    let cases: Vec<serde_json::Value> = cases
        .iter()
        .map(|c| {
            Ok(j!({"case_no": c.case_no()?.to_string(), "title": c.title, "enterprise_name": c.enterprise_name,
                   "status": c.status().code(), "status_label": c.status().label(lang)}))
        })
        .collect::<ApiResult<_>>()?;
    Ok(
        j!({"id": b.id, "title": b.title, "answer": b.answer, "created_at": b.created_at,
           "created_at_text": display(&b.created_at, lang), "answered_at": b.answered_at,
           "corrected_at": b.corrected_at, "cases": cases}),
    )
}

const BATCH_COLUMNS: &str = "id, title, answer, created_at, answered_at, corrected_at";

async fn batch(d1: &D1Database, id: i64) -> ApiResult<BatchRow> {
    d1.prepare(format!("SELECT {BATCH_COLUMNS} FROM batches WHERE id = ?1"))
        .bind(&[JsValue::from(id as f64)])?
        .first::<BatchRow>(None)
        .await?
        .ok_or(ApiError::NotFound)
}

/// A batch and its cases, if this staff member may see it.
async fn visible_batch(
    d1: &D1Database,
    s: &Session,
    id: &str,
) -> ApiResult<(BatchRow, Vec<CaseRow>)> {
    let b = batch(d1, id.parse().map_err(|_| ApiError::NotFound)?).await?;
    let cases = members(d1, b.id).await?;
    if !visible(s, &cases) {
        return Err(ApiError::NotFound);
    }
    Ok((b, cases))
}

/// `GET /api/staff/batches`: the latest 200 batches this staff member may see (two statements).
pub async fn list(cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let (env, lang) = (cx.env, cx.lang);
    let d1 = env.d1("DB")?;
    let results = d1
        .batch(vec![
            d1.prepare(format!(
                "SELECT {BATCH_COLUMNS} FROM batches ORDER BY id DESC LIMIT 200"
            )),
            d1.prepare(format!(
                "SELECT {CASE_COLUMNS} FROM cases WHERE batch_id IN ({RECENT}) ORDER BY id"
            )),
            d1.prepare(format!(
                "SELECT id, batch_id FROM cases WHERE batch_id IN ({RECENT}) ORDER BY id"
            )),
        ])
        .await?;
    let [batches, cases, links] = &results[..] else {
        return Err(ApiError::Internal("batches".into()));
    };
    let batches = batches.results::<BatchRow>()?;
    let cases = cases.results::<CaseRow>()?;
    let links = links.results::<MemberRow>()?;
    let mut out = Vec::new();
    for b in &batches {
        let mine: Vec<CaseRow> = cases
            .iter()
            .zip(&links)
            .filter(|(c, m)| m.batch_id == b.id && m.id == c.id)
            .map(|(c, _)| c.clone())
            .collect();
        if visible(&s, &mine) {
            out.push(batch_json(b, &mine, lang)?);
        }
    }
    Ok(json(&j!({ "batches": out }), 200)?)
}

#[derive(Deserialize)]
struct MemberRow {
    id: i64,
    batch_id: i64,
}

const RECENT: &str = "SELECT id FROM batches ORDER BY id DESC LIMIT 200";

/// `GET /api/staff/batches/{id}`
pub async fn get(cx: &Cx<'_>, id: &str, s: Session) -> ApiResult<Response> {
    let (env, lang) = (cx.env, cx.lang);
    let d1 = env.d1("DB")?;
    let (b, cases) = visible_batch(&d1, &s, id).await?;
    Ok(json(&batch_json(&b, &cases, lang)?, 200)?)
}

/// `POST /api/staff/batches`: a new batch with the given cases merged into it.
pub async fn create(mut req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let (env, now, lang) = (cx.env, cx.now, cx.lang);
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
        // a case whose assisting units have not replied is not answered for them by a batch
        if !crate::cases::assist::open_units(&d1, row.id)
            .await?
            .is_empty()
        {
            return Err(ApiError::ActionNotAllowed);
        }
        rows.push(row);
    }
    // the batch row and every case's merge together, or nothing: each case takes the id of the
    // batch row the same transaction has just inserted (D1 writes one transaction at a time)
    let mut stmts = vec![d1
        .prepare(
            "INSERT INTO batches (title, created_by, created_at) VALUES (?1, ?2, ?3) RETURNING id",
        )
        .bind(&[
            title.as_str().into(),
            JsValue::from(s.user_id as f64),
            iso(now).into(),
        ])?];
    for row in &rows {
        let mut c = Change::new(EventKind::Merged, true)
            .status(Status::Merged)
            .set_sql("batch_id", "(SELECT max(id) FROM batches)");
        c.note = Some(title.clone());
        stmts.extend(statements(&d1, row, &Actor::from(&s), c, now).await?);
    }
    let results = run_guarded(&d1, stmts).await?;
    let id = results
        .first()
        .map(|r| r.results::<NewBatchId>())
        .transpose()?
        .and_then(|rows| rows.first().map(|r| r.id))
        .ok_or_else(|| ApiError::Internal("batch id".into()))?;
    Ok(json(
        &batch_json(&batch(&d1, id).await?, &members(&d1, id).await?, lang)?,
        201,
    )?)
}

#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    body: String,
    /// Replace an answer already given, on every case that received it (with a reason).
    #[serde(default)]
    correction: bool,
    #[serde(default)]
    reason: String,
}

/// `POST /api/staff/batches/{id}/answer`: one answer, given to every member case, once. A second
/// answer is a conflict unless it says it is a correction (with a reason): then each case gets it
/// as a corrected answer and the batch records who corrected it. Either way one D1 batch: the
/// batch row and every case change together or not at all.
pub async fn answer(mut req: Request, cx: &Cx<'_>, id: &str, s: Session) -> ApiResult<Response> {
    let (env, now, lang) = (cx.env, cx.now, cx.lang);
    let d1 = env.d1("DB")?;
    let (b, cases) = visible_batch(&d1, &s, id).await?;
    if !lifecycle::role_may(Action::AnswerBatch, s.role.lifecycle()) {
        return Err(ApiError::Forbidden);
    }
    let body: Answer = read_json(&mut req).await?;
    let answer = text(&body.body, "body", "err-body")?;
    let at = iso(now);
    let bid = JsValue::from(b.id as f64);
    let mut stmts = Vec::new();
    if body.correction {
        if b.answered_at.is_none() {
            return Err(ApiError::ActionNotAllowed);
        }
        let reason = text(&body.reason, "reason", "err-reason")?;
        stmts.push(
            d1.prepare(
                "UPDATE batches SET answer = ?2, corrected_at = ?3, corrected_by = ?4 \
                 WHERE id = ?1 AND answered_at IS NOT NULL AND answer = ?5",
            )
            .bind(&[
                bid,
                answer.as_str().into(),
                at.as_str().into(),
                JsValue::from(s.user_id as f64),
                b.answer.clone().unwrap_or_default().into(),
            ])?,
        );
        stmts.push(d1.prepare(GUARD_ONE_CHANGED));
        for row in &cases {
            let mut c = Change::new(EventKind::AnswerCorrected, true);
            c.note = Some(answer.clone());
            c.reason = Some(reason.clone());
            stmts.extend(statements(&d1, row, &Actor::from(&s), c, now).await?);
        }
    } else {
        if b.answered_at.is_some() {
            return Err(ApiError::Conflict);
        }
        stmts.push(
            d1.prepare(
                "UPDATE batches SET answer = ?2, answered_at = ?3 WHERE id = ?1 AND answered_at IS NULL",
            )
            .bind(&[bid, answer.as_str().into(), at.as_str().into()])?,
        );
        stmts.push(d1.prepare(GUARD_ONE_CHANGED));
        for row in cases.iter().filter(|r| r.status() == Status::Merged) {
            let to = lifecycle_move(row.status(), Action::AnswerBatch, &s)?;
            let mut c = Change::new(EventKind::Answered, true).status(to);
            c.note = Some(answer.clone());
            if row.first_response_at.is_none() {
                c.set.push(("first_response_at", at.as_str().into()));
            }
            stmts.extend(statements(&d1, row, &Actor::from(&s), c, now).await?);
        }
    }
    run_guarded(&d1, stmts).await?;
    Ok(json(
        &batch_json(&batch(&d1, b.id).await?, &members(&d1, b.id).await?, lang)?,
        200,
    )?)
}

/// `GET /api/staff/cases/{case_no}/similar`: open cases that read like this one.
pub async fn similar(cx: &Cx<'_>, no: &str, s: Session) -> ApiResult<Response> {
    let (env, lang) = (cx.env, cx.lang);
    let d1 = env.d1("DB")?;
    let this = load(&d1, &s, no).await?;
    let mine = profile(&format!("{} {}", this.title, this.description));
    // the wall in SQL, so the 1 000 newest are the newest this member of staff may see
    let unit = wall(&s)?.map_or(JsValue::NULL, |d| d.code().into());
    let rows = d1
        .prepare(format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE status IN ({}) AND id <> ?1 \
             AND (?2 IS NULL OR department = ?2) ORDER BY id DESC LIMIT 1000",
            domain::ledger::open_sql()
        ))
        .bind(&[JsValue::from(this.id as f64), unit])?
        .all()
        .await?
        .results::<CaseRow>()?;
    let mut scored: Vec<(f32, &CaseRow)> = rows
        .iter()
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
