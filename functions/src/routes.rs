//! Dispatch on the one route table (`domain::api::routes::ROUTES`): find the route (404, 405),
//! count its rate limit, run its guard (Origin, 401, 403), then call the operation's handler.
//! The `match` over [`Op`] is exhaustive, so an operation in the table cannot lack a handler.

use chrono::{DateTime, Utc};
use domain::api::routes::{self, Miss, Op, Params, Throttle};
use domain::Lang;
use worker::{Env, Request, Response};

use crate::auth::session::Session;
use crate::auth::{self, guard};
use crate::error::{ApiError, ApiResult};
use crate::http::Cx;
use crate::{agreement, cases, http, knowledge, ledger, limits, meta, routing, settings};
use crate::{staff, stats, triage};

pub async fn dispatch(
    req: Request,
    env: &Env,
    now: DateTime<Utc>,
    lang: Lang,
) -> ApiResult<Response> {
    let path = req.path();
    let (route, params) = routes::find(req.method().as_ref(), &path).map_err(|m| match m {
        Miss::NoRoute => ApiError::NoRoute,
        Miss::MethodNotAllowed => ApiError::MethodNotAllowed,
    })?;
    if let Some(Throttle::Door(door)) = route.throttle {
        limits::check(&req, env, door).await?;
    }
    let session = guard::admit(&req, env, now, route).await?;
    call(route.op, req, Cx { env, now, lang }, &params, session).await
}

/// The session the guard admitted (a staff route always has one).
fn signed(s: Option<Session>) -> ApiResult<Session> {
    s.ok_or(ApiError::Unauthorized)
}

async fn call(
    op: Op,
    req: Request,
    cx: Cx<'_>,
    p: &Params<'_>,
    s: Option<Session>,
) -> ApiResult<Response> {
    let Cx { env, now: _, lang } = cx;
    match op {
        Op::OpenApi => Ok(http::json(&domain::openapi::document(), 200)?),
        Op::Meta => meta::get(env, lang).await,
        Op::Triage => triage::post(req, env).await,
        Op::FileCase => cases::api::create(req, &cx).await,
        Op::CaseStatus => cases::api::status(&cx, p.get(0)).await,
        Op::AddMessage => cases::follow::message(req, &cx, p.get(0)).await,
        Op::Rate => cases::follow::rate(req, &cx, p.get(0)).await,
        Op::Lookup => cases::follow::lookup(req, &cx).await,
        Op::QrSvg => cases::api::qr(&req, env, p.get(0), false).await,
        Op::QrPng => cases::api::qr(&req, env, p.get(0), true).await,
        Op::Search => knowledge::search(req, env).await,
        Op::Knowledge => knowledge::list(req, &cx).await,
        Op::Suggest => knowledge::suggest(req, env).await,
        Op::Deflect => knowledge::deflected(req, &cx).await,
        Op::Fees => knowledge::fees(req, &cx).await,
        Op::Policy => knowledge::entry(&cx, "policy", p.get(0)).await,
        Op::Faq => knowledge::entry(&cx, "faq", p.get(0)).await,
        Op::Commitment => stats::commitment(&cx).await,
        Op::Login => auth::login(req, &cx).await,
        Op::Logout => auth::logout(req, env).await,
        Op::Me => auth::whoami(&signed(s)?),
        Op::Bootstrap => auth::bootstrap(req, &cx).await,
        Op::Queue => staff::queue::get(req, &cx, signed(s)?).await,
        Op::Intake => staff::intake::post(req, &cx, signed(s)?).await,
        Op::CaseView => staff::case::detail(&cx, p.get(0), signed(s)?).await,
        Op::CaseAct => staff::case::act(req, &cx, p.get(0), signed(s)?).await,
        Op::Similar => staff::batches::similar(&cx, p.get(0), signed(s)?).await,
        Op::Review => staff::follow::review(req, &cx, p.get(0), signed(s)?).await,
        Op::Visit => staff::follow::visit(req, &cx, p.get(0), signed(s)?).await,
        Op::RevealContact => staff::case::reveal(&cx, p.get(0), signed(s)?).await,
        Op::AddAssist => cases::assist::add(req, &cx, p.get(0), signed(s)?).await,
        Op::ReplyAssist => cases::assist::reply(req, &cx, p.get(0), p.get(1), signed(s)?).await,
        Op::WithdrawAssist => cases::assist::withdraw(&cx, p.get(0), p.get(1), signed(s)?).await,
        Op::IssueOrder => cases::supervise::issue(req, &cx, p.get(0), signed(s)?).await,
        Op::ReplyOrder => cases::supervise::reply(req, &cx, p.get(0), p.get(1), signed(s)?).await,
        Op::Decide => cases::supervise::decide(req, &cx, p.get(0), signed(s)?).await,
        Op::Batches => staff::batches::list(&cx, signed(s)?).await,
        Op::MakeBatch => staff::batches::create(req, &cx, signed(s)?).await,
        Op::Batch => staff::batches::get(&cx, p.get(0), signed(s)?).await,
        Op::AnswerBatch => staff::batches::answer(req, &cx, p.get(0), signed(s)?).await,
        Op::Templates => staff::templates::list(req, env).await,
        Op::AddTemplate => staff::templates::save(req, &cx, None, signed(s)?).await,
        Op::ChangeTemplate => staff::templates::save(req, &cx, Some(p.get(0)), signed(s)?).await,
        Op::Users => staff::users::list(env).await,
        Op::AddUser => staff::users::add(req, &cx, signed(s)?).await,
        Op::ChangeUser => staff::accounts::change(req, &cx, p.get(0), signed(s)?).await,
        Op::Assignees => staff::users::assignees(req, env).await,
        Op::Audit => staff::audit_page::list(req, &cx).await,
        Op::AuditCsv => staff::audit_page::csv(req, &cx, signed(s)?).await,
        Op::FollowUps => staff::follow_list::list(req, &cx, signed(s)?).await,
        Op::Outbox => staff::follow::outbox(req, &cx).await,
        Op::StaffOutbox => staff::told::deliveries(req, &cx).await,
        Op::Notifications => staff::told::list(req, &cx, signed(s)?).await,
        Op::ReadNotifications => staff::told::read(req, &cx, signed(s)?).await,
        Op::NotifyPreference => staff::told::get_preference(&cx, signed(s)?).await,
        Op::SaveNotifyPreference => staff::told::save_preference(req, &cx, signed(s)?).await,
        Op::Ledger => ledger::page(req, &cx, signed(s)?).await,
        Op::LedgerCsv => ledger::csv(req, &cx, signed(s)?).await,
        Op::LedgerXlsx => ledger::xlsx(req, &cx, signed(s)?).await,
        Op::Stats => stats::stats(req, &cx, signed(s)?).await,
        Op::RoutingRules => routing::get(env).await,
        Op::SaveRoutingRules => routing::save(req, &cx, signed(s)?).await,
        Op::Agreement => agreement::get(req, &cx).await,
        Op::TrainingExport => agreement::export(req, &cx, signed(s)?).await,
        Op::AdminKnowledge => knowledge::admin::list(req, &cx).await,
        Op::Retire => retire(&cx, p, true, signed(s)?).await,
        Op::Restore => retire(&cx, p, false, signed(s)?).await,
        Op::Import => knowledge::admin::import(req, &cx, signed(s)?).await,
        Op::Settings => settings::get(env).await,
        Op::SaveCalendar => settings::save_year(req, &cx, p.get(0), signed(s)?).await,
        Op::SaveCommitment => settings::save_commitment(req, &cx, signed(s)?).await,
        Op::SaveRetention => crate::privacy::save(req, &cx, signed(s)?).await,
        Op::Person => crate::person::find(req, &cx, signed(s)?).await,
        Op::ErasePerson => crate::person::erase(req, &cx, signed(s)?).await,
        Op::CorrectPerson => crate::person::correct(req, &cx, signed(s)?).await,
        Op::FileRights => crate::rights::file(req, &cx).await,
        Op::RightsStatus => crate::rights::status(&cx, p.get(0)).await,
        Op::RightsList => crate::rights::list(req, &cx, signed(s)?).await,
        Op::AnswerRights => crate::rights::answer(req, &cx, p.get(0), signed(s)?).await,
    }
}

async fn retire(cx: &Cx<'_>, p: &Params<'_>, retire: bool, s: Session) -> ApiResult<Response> {
    knowledge::admin::retire(cx, p.get(0), p.get(1), retire, s).await
}
