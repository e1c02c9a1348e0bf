//! After the answer: verifying a 差评 and deciding (rectify, explain, appeal), return visits
//! (回访), the follow-up lists with 差评 visit coverage, and the notification outbox.

use domain::api::follow::{ReviewRequest, VisitRequest};
use domain::lifecycle::Action;
use domain::rating::{Review, DEFAULT_RECTIFY_DAYS};
use domain::taxonomy::{EventKind, Status, VisitChannel, VisitOutcome};
use domain::time::display;
use domain::time::iso;
use serde::{Deserialize, Serialize};
use serde_json::json as j;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, Request, Response};

use crate::auth::session::Session;
use crate::cases::actions::lifecycle_move;
use crate::cases::db::case_no_text;
use crate::cases::store::{apply, load, Actor, Change};
use crate::error::{ApiError, ApiResult};
use crate::http::{json, optional_text, read_json, text, Cx};
use crate::settings;

#[derive(Deserialize)]
struct PendingRating {
    id: i64,
}

async fn pending_bad_rating(d1: &D1Database, case_id: i64) -> ApiResult<Option<i64>> {
    Ok(d1
        .prepare("SELECT id FROM ratings WHERE case_id = ?1 AND bad = 1 AND review = 'pending' ORDER BY id DESC LIMIT 1")
        .bind(&[JsValue::from(case_id as f64)])?
        .first::<PendingRating>(None)
        .await?
        .map(|r| r.id))
}

/// `POST /api/staff/cases/{no}/review`: a supervisor's decision on a verified 差评.
pub async fn review(mut req: Request, cx: &Cx<'_>, no: &str, s: Session) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    let body: ReviewRequest = read_json(&mut req).await?;
    let d1 = env.d1("DB")?;
    let row = load(&d1, &s, no).await?;
    let outcome = Review::parse(&body.outcome)
        .ok_or_else(|| ApiError::Field("outcome".into(), "err-review".into()))?;
    let note = text(&body.note, "note", "err-review")?;
    let message = optional_text(
        &body.message,
        domain::text::MAX_TYPED,
        "message",
        "err-review-message",
    )?;
    if outcome == Review::Explain && message.is_empty() {
        return Err(ApiError::Field(
            "message".into(),
            "err-review-message".into(),
        ));
    }
    if row.status() != Status::Reopened {
        return Err(ApiError::ActionNotAllowed);
    }
    let rating = pending_bad_rating(&d1, row.id)
        .await?
        .ok_or(ApiError::ActionNotAllowed)?;
    // explaining or concluding ends the case's work: not while an assisting unit still owes a reply
    if outcome != Review::Rectify
        && !crate::cases::assist::open_units(&d1, row.id)
            .await?
            .is_empty()
    {
        return Err(ApiError::ActionNotAllowed);
    }
    let change = match outcome {
        Review::Rectify => {
            let days = body.days.unwrap_or(DEFAULT_RECTIFY_DAYS).clamp(1, 60);
            let cal = settings::calendar(&d1).await?;
            let due = iso(cal.add_working_minutes(now, i64::from(days) * cal.minutes_per_day()));
            let mut c = Change::new(EventKind::Rectification, true);
            c.set.push(("rectify_due", due.as_str().into()));
            c.set.push(("due_at", due.as_str().into()));
            c.after = Some(j!({"rectify_due": due, "working_days": days}));
            c
        }
        // the explanation is an answer of its own: the enterprise may reply to it and rate it
        Review::Explain => Change::new(EventKind::Explained, true).status(lifecycle_move(
            row.status(),
            Action::Explain,
            &s,
        )?),
        Review::Appeal => Change::new(EventKind::Appealed, false).status(lifecycle_move(
            row.status(),
            Action::Conclude,
            &s,
        )?),
    };
    let mut change = change;
    // the event's note is what the enterprise reads; the finding stays in the reason (internal)
    change.note = (!message.is_empty()).then_some(message);
    change.reason = Some(note.clone());
    let decided = d1
        .prepare("UPDATE ratings SET review = ?2, reviewed_by = ?3, reviewed_at = ?4, review_note = ?5 WHERE id = ?1")
        .bind(&[
            JsValue::from(rating as f64),
            outcome.code().into(),
            JsValue::from(s.user_id as f64),
            iso(now).into(),
            note.as_str().into(),
        ])?;
    apply(&d1, &row, &Actor::from(&s), change, now, vec![decided]).await?;
    Ok(json(&j!({"ok": true, "outcome": outcome.code()}), 200)?)
}

/// `POST /api/staff/cases/{no}/visits`: a recorded 回访.
pub async fn visit(mut req: Request, cx: &Cx<'_>, no: &str, s: Session) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    let body: VisitRequest = read_json(&mut req).await?;
    let (Some(channel), Some(outcome)) = (
        VisitChannel::parse(&body.channel),
        VisitOutcome::parse(&body.outcome),
    ) else {
        return Err(ApiError::Field("outcome".into(), "err-visit".into()));
    };
    let d1 = env.d1("DB")?;
    let row = load(&d1, &s, no).await?;
    let rating: Option<i64> = d1
        .prepare("SELECT id FROM ratings WHERE case_id = ?1 ORDER BY id DESC LIMIT 1")
        .bind(&[JsValue::from(row.id as f64)])?
        .first::<PendingRating>(None)
        .await?
        .map(|r| r.id);
    let note = optional_text(&body.note, domain::text::MAX_TYPED, "note", "err-visit")?;
    let mut c = Change::new(EventKind::Visited, false);
    // the codes go in `after` (the console names them); the note is the officer's own words
    c.after = Some(j!({"channel": channel, "outcome": outcome}));
    c.note = (!note.is_empty()).then(|| note.clone());
    let visit = d1
        .prepare("INSERT INTO return_visits (case_id, rating_id, at, by_user, channel, outcome, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .bind(&[
            JsValue::from(row.id as f64),
            rating.map(|r| JsValue::from(r as f64)).unwrap_or(JsValue::NULL),
            iso(now).into(),
            JsValue::from(s.user_id as f64),
            channel.code().into(),
            outcome.code().into(),
            if note.is_empty() { JsValue::NULL } else { note.into() },
        ])?;
    apply(&d1, &row, &Actor::from(&s), c, now, vec![visit]).await?;
    Ok(json(&j!({"ok": true}), 201)?)
}

#[derive(Deserialize, Serialize)]
struct OutboxRow {
    id: i64,
    event_id: i64,
    status: String,
    attempts: u32,
    next_attempt_at: String,
    last_error: Option<String>,
    created_at: String,
    sent_at: Option<String>,
    kind: String,
    day: String,
    seq: u32,
}

/// `GET /api/staff/outbox[?status=failed]`: notifications and their delivery state.
pub async fn outbox(req: Request, cx: &Cx<'_>) -> ApiResult<Response> {
    let (env, lang) = (cx.env, cx.lang);
    let status = crate::http::query(&req, "status")?
        .filter(|v| matches!(v.as_str(), "pending" | "sent" | "failed"));
    let d1 = env.d1("DB")?;
    let sql = "SELECT o.id, o.event_id, o.status, o.attempts, o.next_attempt_at, o.last_error, o.created_at, o.sent_at, \
               e.kind, c.day, c.seq FROM outbox o JOIN case_events e ON e.id = o.event_id JOIN cases c ON c.id = o.case_id";
    let stmt = match status {
        Some(st) => d1
            .prepare(format!(
                "{sql} WHERE o.status = ?1 ORDER BY o.id DESC LIMIT 500"
            ))
            .bind(&[st.into()])?,
        None => d1.prepare(format!("{sql} ORDER BY o.id DESC LIMIT 500")),
    };
    let rows = stmt.all().await?.results::<OutboxRow>()?;
    let items: Vec<_> = rows
        .iter()
        .map(|r| j!({"id": r.id, "event_id": r.event_id, "case_no": case_no_text(&r.day, r.seq), "kind": r.kind, "status": r.status,
            "attempts": r.attempts, "last_error": r.last_error, "created_at_text": display(&r.created_at, lang),
            "sent_at": r.sent_at, "next_attempt_at": r.next_attempt_at}))
        .collect();
    Ok(json(&j!({"items": items}), 200)?)
}
