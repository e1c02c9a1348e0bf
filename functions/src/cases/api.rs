use chrono::{DateTime, Utc};
use domain::api::{CaseStatusView, CreatedCase, TimelineEntry};
use domain::i18n::t;
use domain::idempotency::IdempotencyKey;
use domain::intake::{mask_name, NewCase, NewCaseInput};
use domain::taxonomy::{Department, EventKind, Port, Status};
use domain::time::display;
use domain::token::TOKEN_BYTES;
use domain::{CaseToken, Lang, Phone};
use worker::{Env, Request, Response};

use super::db;
use crate::error::{ApiError, ApiResult};
use crate::http::{idempotency_key, json, read_json, Cx};
use crate::settings;

fn origin(req: &Request) -> ApiResult<String> {
    Ok(req.url()?.origin().ascii_serialization())
}

/// `POST /api/cases`: the enterprise files a case.
pub async fn create(mut req: Request, cx: &Cx<'_>) -> ApiResult<Response> {
    let (env, now, lang) = (cx.env, cx.now, cx.lang);
    let key = idempotency_key(&req)?;
    let input: NewCaseInput = read_json(&mut req).await?;
    let case = input.validate().map_err(ApiError::Validation)?;
    let filing = db::Filing {
        actor: "enterprise".into(),
        kind: EventKind::Submitted,
        received: now,
        first_responsible: None,
    };
    file(env, &key, &case, &filing, now, lang).await
}

/// Grades the case, sets its deadlines from `filing.received`, stores it under its key (or
/// finds the case the key already filed) and answers `201` with the receipt.
pub async fn file(
    env: &Env,
    key: &IdempotencyKey,
    case: &NewCase,
    filing: &db::Filing,
    now: DateTime<Utc>,
    lang: Lang,
) -> ApiResult<Response> {
    let mut random = [0u8; TOKEN_BYTES];
    getrandom::getrandom(&mut random).map_err(|e| ApiError::Internal(format!("random: {e}")))?;
    let token = CaseToken::from_random(random);

    let d1 = env.d1("DB")?;
    let rules = crate::routing::rules(&d1).await?;
    let triage = domain::triage::triage_routed(&case.title, &case.description, &rules);
    let (calendar, table) = settings::load(&d1).await?;
    let deadlines = table.deadlines(
        &calendar,
        triage.category,
        triage.urgency,
        filing.received,
        &[],
        now,
    );
    let auto = db::AutoTriage { triage, deadlines };
    let row = db::insert_case(&d1, key, case, &token, &auto, filing, now).await?;
    if row.fingerprint != case.fingerprint() {
        return Err(ApiError::IdempotencyKeyReused);
    }
    let replayed = row.token != token.as_str();
    let token =
        CaseToken::parse(&row.token).map_err(|_| ApiError::Internal("stored token".into()))?;
    let body = CreatedCase {
        case_no: db::case_no(&row.day, row.seq)?.to_string(),
        status_url: token.status_path(),
        qr_svg_url: format!("/api/cases/status/{token}/qr.svg"),
        token: token.to_string(),
        submitted_at_text: display(&row.submitted_at, lang),
        submitted_at: row.submitted_at.clone(),
        category: row.category.clone(),
        grade: db::grade(&row.importance, &row.urgency),
        level: row.level,
        department: row.department.clone(),
        due_at_text: row.due_at.as_deref().map(|d| display(d, lang)),
        due_at: row.due_at.clone(),
        due_first_response: row.due_first_response.clone(),
        suggestions: Vec::new(),
    };
    let mut resp = json(&body, 201)?;
    if replayed {
        resp.headers_mut().set("idempotent-replayed", "true")?;
    }
    Ok(resp)
}

fn parse_token(raw: &str) -> ApiResult<CaseToken> {
    CaseToken::parse(raw).map_err(|_| ApiError::CaseNotFound)
}

/// `GET /api/cases/status/{token}`
pub async fn status(cx: &Cx<'_>, raw_token: &str) -> ApiResult<Response> {
    let (env, lang, now) = (cx.env, cx.lang, cx.now);
    let token = parse_token(raw_token)?;
    let d1 = env.d1("DB")?;
    let row = db::public_view(&d1, &token)
        .await?
        .ok_or(ApiError::CaseNotFound)?;
    let answer = row.answer.map(db::AnswerRow::parts);
    let events = row.events;

    let status = Status::parse(&row.status).unwrap_or(Status::Submitted);
    let port = Port::parse(&row.port);
    let department = row.department.as_deref().and_then(Department::parse);
    let phone = Phone::parse(&row.contact_phone)
        .map(|p| p.masked())
        .unwrap_or_else(|_| "***".into());
    let due = row.due_at.as_deref().and_then(domain::time::parse);
    let answered_at = answer
        .as_ref()
        .and_then(|(_, at, _)| domain::time::parse(at));
    let deadline = due.map(|due| match (status, answered_at) {
        (Status::Answered | Status::Closed, Some(at)) if at <= due => "met",
        (Status::Answered | Status::Closed, _) => "missed",
        _ if domain::lifecycle::clock_paused(status) => "paused",
        _ if now > due => "overdue",
        _ => "on_track",
    });
    let category = row
        .category
        .as_deref()
        .and_then(domain::taxonomy::Category::parse);
    let level = row.level.and_then(|l| domain::grade::Level::new(l).ok());
    let question = (status == Status::NeedsInfo)
        .then(|| {
            events
                .iter()
                .rev()
                .find(|e| e.kind == "info_requested")
                .and_then(|e| e.note.clone())
        })
        .flatten();
    let latest_answer_text = events
        .iter()
        .rev()
        .find(|e| {
            matches!(
                e.kind.as_str(),
                "answered" | "explained" | "answer_corrected"
            )
        })
        .and_then(|e| e.note.clone());
    let unrated = matches!(&answer, Some((_, _, false))) && status == Status::Answered;
    let view = CaseStatusView {
        step: CaseStatusView::step_of(status),
        deadline_label: deadline.map(|d| t(lang, &format!("deadline-{d}")).to_string()),
        deadline: deadline.map(str::to_string),
        question,
        answer: latest_answer_text,
        can_rate: unrated,
        rating_invited_again: unrated
            && answer
                .as_ref()
                .is_some_and(|(_, at, _)| super::follow::invited_again(at, now)),
        can_message: domain::lifecycle::is_open(status) || status == Status::Answered,
        case_no: db::case_no(&row.day, row.seq)?.to_string(),
        status: status.code().into(),
        status_label: t(lang, &format!("public-status-{}", status.code())).into(),
        submitted_at_text: display(&row.submitted_at, lang),
        submitted_at: row.submitted_at.clone(),
        enterprise_name: row.enterprise_name,
        contact_name: mask_name(&row.contact_name),
        contact_phone: phone,
        port: row.port.clone(),
        port_label: port.map(|p| p.label(lang)).unwrap_or_default().into(),
        title: row.title,
        description: row.description,
        department: department.map(|d| d.code().into()),
        department_label: department.map(|d| d.label(lang).into()),
        due_at_text: row.due_at.as_deref().map(|d| display(d, lang)),
        due_at: row.due_at.clone(),
        grade: db::grade(&row.importance, &row.urgency),
        category_label: category.map(|c| c.label(lang).into()),
        level_label: level.map(|l| l.label(lang).into()),
        first_responsible: row
            .first_responsible_role
            .as_deref()
            .and_then(domain::staff::StaffRole::parse)
            .map(|r| t(lang, &format!("worker-first-responsible-{}", r.code())).into()),
        stage_label: level
            .and_then(|l| {
                domain::coordination::stage::public_stage(l, row.orders > 0, row.decisions > 0)
            })
            .map(|s| s.label(lang).into()),
        assisting: row
            .assisting
            .iter()
            .filter_map(|u| Department::parse(u).map(|d| d.label(lang).to_string()))
            .collect(),
        auto_close_working_days: domain::rating::AUTO_CLOSE_WORKING_DAYS,
        timeline: events
            .into_iter()
            .map(|e| TimelineEntry {
                at_text: display(&e.at, lang),
                label: EventKind::parse(&e.kind)
                    .map(|k| k.label(lang))
                    .unwrap_or_else(|| t(lang, "status-title"))
                    .into(),
                at: e.at,
                kind: e.kind,
                note: e.note,
            })
            .collect(),
    };
    let view = super::follow::verification_notice(&d1, view, now, lang).await?;
    Ok(json(&view, 200)?)
}

/// `GET /api/cases/status/{token}/qr.svg` (to print) and `…/qr.png` (to long-press in
/// WeChat): the QR code of the case's status link.
pub async fn qr(req: &Request, env: &Env, raw_token: &str, png: bool) -> ApiResult<Response> {
    let token = parse_token(raw_token)?;
    if !db::exists(&env.d1("DB")?, &token).await? {
        return Err(ApiError::CaseNotFound);
    }
    let url = format!("{}{}", origin(req)?, token.status_path());
    let failed = || ApiError::Internal("qr".into());
    let (mut resp, kind) = if png {
        let bytes = crate::qr::png(&url).ok_or_else(failed)?;
        (Response::from_bytes(bytes)?, "image/png")
    } else {
        (
            Response::ok(crate::qr::svg(&url).ok_or_else(failed)?)?,
            "image/svg+xml",
        )
    };
    let h = resp.headers_mut();
    h.set("content-type", kind)?;
    h.set("cache-control", "private, max-age=86400")?;
    Ok(resp)
}
