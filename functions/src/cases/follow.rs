//! What the enterprise does after filing, with nothing but its token: add information (which
//! resumes a paused clock), rate the answer (好差评), and find a case again without the QR.

use chrono::{DateTime, Duration, Utc};
use domain::lifecycle::{self, Action, Role};
use domain::rating::Score;
use domain::taxonomy::{EventKind, Status};
use domain::time::iso;
use domain::{CaseToken, Phone};
use serde::Deserialize;
use serde_json::json as j;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, Request, Response};

use super::db::{self, CaseRow};
use super::store::{apply, events, pauses, Actor, Change, GUARD_ONE_CHANGED};
use crate::error::{ApiError, ApiResult};
use crate::http::{json, optional_text, read_json, text, Cx};
use crate::settings;

async fn by_token(d1: &D1Database, raw: &str) -> ApiResult<CaseRow> {
    let token = CaseToken::parse(raw).map_err(|_| ApiError::CaseNotFound)?;
    db::by_token(d1, &token)
        .await?
        .ok_or(ApiError::CaseNotFound)
}

fn enterprise_move(status: Status, action: Action) -> ApiResult<Status> {
    lifecycle::apply(status, action, Role::Enterprise).map_err(|_| ApiError::ActionNotAllowed)
}

#[derive(Deserialize)]
struct Message {
    #[serde(default)]
    body: String,
}

/// `POST /api/cases/status/{token}/messages`: the enterprise adds information. While the case
/// waits on it (`needs_info`), this is the answer that resumes the clock.
pub async fn message(mut req: Request, cx: &Cx<'_>, raw: &str) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    let body: Message = read_json(&mut req).await?;
    let note = text(&body.body, "body", "err-message")?;
    let d1 = env.d1("DB")?;
    let row = by_token(&d1, raw).await?;
    let status = row.status();
    let change = if status == Status::NeedsInfo {
        let to = enterprise_move(status, Action::SupplyInfo)?;
        let mut c = Change::new(EventKind::InfoSupplied, true).status(to);
        // the pause ends now: deadlines move by the working time it lasted
        let mut ps = pauses(&events(&d1, row.id).await?);
        if let Some(open) = ps.iter_mut().rev().find(|p| p.end.is_none()) {
            open.end = Some(now);
        }
        if let (Some(category), Some(urgency)) = (
            row.category
                .as_deref()
                .and_then(domain::taxonomy::Category::parse),
            row.urgency
                .as_deref()
                .and_then(domain::grade::Letter::parse),
        ) {
            let (cal, table) = settings::load(&d1).await?;
            let d = table.deadlines(&cal, category, urgency, row.received(), &ps, now);
            c.set.push(("due_at", iso(d.resolution).into()));
            c.set
                .push(("due_first_response", iso(d.first_response).into()));
        }
        c.set.push(("paused_at", JsValue::NULL));
        c
    } else if lifecycle::is_open(status) || status == Status::Answered {
        Change::new(EventKind::Message, true)
    } else {
        return Err(ApiError::ActionNotAllowed);
    };
    let mut change = change;
    change.note = Some(note);
    apply(&d1, &row, &Actor::enterprise(), change, now, Vec::new()).await?;
    Ok(json(&j!({"ok": true}), 201)?)
}

/// The latest answer event of a case, and whether it has been rated.
pub async fn latest_answer(
    d1: &D1Database,
    case_id: i64,
) -> ApiResult<Option<(i64, String, bool)>> {
    Ok(d1
        .prepare(db::latest_answer_sql("?1"))
        .bind(&[JsValue::from(case_id as f64)])?
        .first::<db::AnswerRow>(None)
        .await?
        .map(db::AnswerRow::parts))
}

#[derive(Deserialize)]
struct Rating {
    score: Option<u8>,
    #[serde(default)]
    comment: String,
}

/// `POST /api/cases/status/{token}/rating`: 好差评, once per answer. 3–5 close the case;
/// 1–2 (差评) reopen it for a supervisor to verify and decide.
pub async fn rate(mut req: Request, cx: &Cx<'_>, raw: &str) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    let body: Rating = read_json(&mut req).await?;
    let score = body
        .score
        .and_then(Score::new)
        .ok_or_else(|| ApiError::Field("score".into(), "err-score".into()))?;
    let comment = optional_text(&body.comment, 500, "comment", "err-comment")?;
    let d1 = env.d1("DB")?;
    let row = by_token(&d1, raw).await?;
    let Some((answer_id, _, false)) = latest_answer(&d1, row.id).await? else {
        return Err(ApiError::ActionNotAllowed);
    };
    let (to, review) = if score.is_bad() {
        (
            enterprise_move(row.status(), Action::Reopen)?,
            Some("pending"),
        )
    } else {
        (enterprise_move(row.status(), Action::Close)?, None)
    };
    // one rating per answer: the unique index refuses a second, even under a race (the guard
    // after it then undoes the whole change)
    let rating = d1
        .prepare(
            "INSERT INTO ratings (case_id, answer_event_id, at, score, comment, bad, review) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (case_id, answer_event_id) DO NOTHING",
        )
        .bind(&[
            JsValue::from(row.id as f64),
            JsValue::from(answer_id as f64),
            iso(now).into(),
            JsValue::from(score.get()),
            if comment.is_empty() {
                JsValue::NULL
            } else {
                comment.as_str().into()
            },
            JsValue::from(u8::from(score.is_bad())),
            review.map(JsValue::from).unwrap_or(JsValue::NULL),
        ])?;
    let mut c = Change::new(EventKind::Rated, true).status(to);
    c.note = Some(format!(
        "{}{}",
        score.label(domain::Lang::ZhCn),
        if comment.is_empty() {
            String::new()
        } else {
            format!("：{comment}")
        }
    ));
    c.after = Some(j!({"score": score.get()}));
    c.set.push(("rating", JsValue::from(score.get())));
    let extra = vec![rating, d1.prepare(GUARD_ONE_CHANGED)];
    apply(&d1, &row, &Actor::enterprise(), c, now, extra).await?;
    Ok(json(
        &j!({"ok": true, "bad": score.is_bad(), "status": to.code()}),
        201,
    )?)
}

#[derive(Deserialize)]
struct Lookup {
    #[serde(default)]
    case_no: String,
    #[serde(default)]
    phone_last4: String,
}

const LOOKUP_LIMIT: u32 = 10;
const LOOKUP_WINDOW_SECONDS: i64 = 15 * 60;

/// `POST /api/cases/lookup`: case number + the contact phone's last four digits → the token.
/// "No such case" and "wrong digits" get the same answer; each client has ten tries per
/// 15 minutes.
pub async fn lookup(mut req: Request, cx: &Cx<'_>) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    // what is not even a case number and four digits is said so, and costs no try
    let body: Lookup = read_json(&mut req).await?;
    let wrong = |(field, key): (&str, &str)| ApiError::Field(field.into(), key.into());
    // a personal information request's number finds that request's page
    let request = domain::rights::parse_request_no(&body.case_no);
    let (no, last4) = match request {
        Some(_) => (
            None,
            domain::case_no::check_last4(&body.phone_last4).map_err(wrong)?,
        ),
        None => domain::case_no::check_lookup(&body.case_no, &body.phone_last4)
            .map(|(no, last4)| (Some(no), last4))
            .map_err(wrong)?,
    };
    let d1 = env.d1("DB")?;
    let key = format!("lookup:{}", crate::limits::client(&req));
    let (tries, ends) =
        crate::counters::count_in_window(&d1, &key, now, Duration::seconds(LOOKUP_WINDOW_SECONDS))
            .await?;
    if tries > LOOKUP_LIMIT {
        let wait = (ends - now).num_seconds().clamp(1, LOOKUP_WINDOW_SECONDS);
        return Err(ApiError::TooManyRequests(wait as u32));
    }
    let not_found = || ApiError::CaseNotFound;
    let Some(no) = no else {
        let (day, seq) = request.ok_or_else(not_found)?;
        let token = crate::rights::token_if(&d1, &day, seq, &last4)
            .await?
            .ok_or_else(not_found)?;
        let url = format!("/rights/{token}");
        return Ok(json(&j!({"token": token, "status_url": url}), 200)?);
    };
    let row = db::by_number(&d1, no).await?.ok_or_else(not_found)?;
    let phone = Phone::parse(&row.contact_phone).map_err(|_| not_found())?;
    if !domain::text::constant_time_eq(phone.last4().as_bytes(), last4.as_bytes()) {
        return Err(not_found());
    }
    let token = CaseToken::parse(&row.token).map_err(|_| not_found())?;
    Ok(json(
        &j!({"token": token.as_str(), "status_url": token.status_path()}),
        200,
    )?)
}

/// Answered, unrated for three days: invited again, and listed for a return visit.
pub fn invited_again(answered_at: &str, now: DateTime<Utc>) -> bool {
    domain::time::parse(answered_at)
        .is_some_and(|t| now - t >= Duration::days(domain::rating::REINVITE_DAYS))
}

/// After a 差评, until a supervisor has verified it: the page thanks the enterprise and says who
/// calls back by when, instead of the stale deadline of the answer already given.
pub async fn verification_notice(
    d1: &D1Database,
    mut view: domain::api::CaseStatusView,
    now: DateTime<Utc>,
    lang: domain::Lang,
) -> ApiResult<domain::api::CaseStatusView> {
    if view.status != Status::Reopened.code() {
        return Ok(view);
    }
    let rated = domain::rating::awaiting_verification(
        view.timeline
            .iter()
            .map(|e| (e.kind.as_str(), e.at.as_str())),
    )
    .and_then(domain::time::parse);
    let Some(rated) = rated else {
        return Ok(view);
    };
    let cal = settings::calendar(d1).await?;
    let days = i64::from(domain::rating::VERIFY_WORKING_DAYS);
    let by = cal.add_working_minutes(rated, days * cal.minutes_per_day());
    let by_text = domain::time::format_in(by, lang);
    view.status_label = domain::i18n::t(lang, "public-status-verifying").into();
    view.deadline = Some(if now > by { "overdue" } else { "verifying" }.into());
    view.deadline_label = Some(domain::i18n::tf(
        lang,
        "deadline-verifying",
        &[("date", &by_text)],
    ));
    view.due_at = Some(iso(by));
    view.due_at_text = Some(by_text);
    Ok(view)
}
