//! The 直通车 API as a Cloudflare Worker. Thin on purpose: parse the request, call `domain`,
//! read or write D1 with bound parameters, answer. Static pages are served by the assets binding;
//! only `/api/*` reaches this code.

mod agreement;
mod audit;
mod auth;
mod cases;
mod counters;
mod error;
mod http;
mod kept;
mod knowledge;
mod ledger;
mod limits;
mod meta;
mod notify;
mod qr;
mod routing;
mod settings;
mod staff;
mod stats;
mod triage;

use domain::time::from_millis;
use domain::Lang;
use error::{ApiError, ApiResult};
use limits::Door;
use worker::{
    event, Context, Date, Env, Method, Request, Response, ScheduleContext, ScheduledEvent,
};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let lang = Lang::from_tag(&http::header(&req, "accept-language").unwrap_or_default());
    let mut resp = route(req, &env, lang)
        .await
        .unwrap_or_else(|e| e.into_response(lang));
    http::secure(&mut resp);
    Ok(resp)
}

/// The Cron Trigger: the overdue and 48-hour sweep, then the notification outbox.
#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    let now = from_millis(Date::now().as_millis());
    match staff::sweep::run(&env, now).await {
        Ok(r) => worker::console_log!(
            "sweep: {} escalated, {} flagged, {} closed unrated",
            r.escalated,
            r.flagged_48h,
            r.auto_closed
        ),
        Err(e) => worker::console_error!("sweep failed: {e:?}"),
    }
    match notify::deliver(&env, now).await {
        Ok(r) => worker::console_log!(
            "notify: {} sent, {} to retry, {} failed",
            r.sent,
            r.retried,
            r.failed
        ),
        Err(e) => worker::console_error!("notify failed: {e:?}"),
    }
}

async fn route(req: Request, env: &Env, lang: Lang) -> ApiResult<Response> {
    let now = from_millis(Date::now().as_millis());
    let path = req.path();
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    let method = req.method();
    match segments.as_slice() {
        ["api", "openapi.json"] => match method {
            Method::Get => Ok(http::json(&domain::openapi::document(), 200)?),
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "meta"] => match method {
            Method::Get => meta::get(lang),
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "triage"] => match method {
            Method::Post => {
                limits::check(&req, env, Door::Triage).await?;
                triage::post(req, env).await
            }
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "cases"] => match method {
            Method::Post => {
                limits::check(&req, env, Door::Submit).await?;
                cases::api::create(req, env, now, lang).await
            }
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "cases", "status", token] => match method {
            Method::Get => cases::api::status(env, token, lang, now).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "cases", "status", token, "messages"] => match method {
            Method::Post => cases::follow::message(req, env, now, token).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "cases", "status", token, "rating"] => match method {
            Method::Post => cases::follow::rate(req, env, now, token).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "cases", "lookup"] => match method {
            Method::Post => cases::follow::lookup(req, env, now).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "cases", "status", token, file @ ("qr.svg" | "qr.png")] => match method {
            Method::Get => cases::api::qr(&req, env, token, *file == "qr.png").await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "search"] => match method {
            Method::Get => {
                limits::check(&req, env, Door::Search).await?;
                knowledge::search(req, env).await
            }
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "knowledge"] => match method {
            Method::Get => knowledge::list(req, env, lang).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "suggest"] => match method {
            Method::Post => {
                limits::check(&req, env, Door::Triage).await?;
                knowledge::suggest(req, env).await
            }
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "deflections"] => match method {
            Method::Post => {
                limits::check(&req, env, Door::Search).await?;
                knowledge::deflected(req, env, now).await
            }
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "fees"] => match method {
            Method::Get => knowledge::fees(req, env, lang).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "policies", id] => match method {
            Method::Get => knowledge::entry(env, "policy", id, lang).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "faqs", id] => match method {
            Method::Get => knowledge::entry(env, "faq", id, lang).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "admin", "knowledge", kind, id, action @ ("retire" | "restore")] => match method {
            Method::Post => {
                knowledge::admin::retire(req, env, now, kind, id, *action == "retire").await
            }
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "admin", "knowledge"] => match method {
            Method::Get => knowledge::admin::list(req, env, now, lang).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "admin", "settings"] => match method {
            Method::Get => settings::get(req, env, now).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "admin", "calendar", year] => match method {
            Method::Post => settings::save_year(req, env, now, year).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "admin", "routing-rules"] => match method {
            Method::Get => routing::get(req, env, now).await,
            Method::Post => routing::save(req, env, now).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "admin", "agreement"] => match method {
            Method::Get => agreement::get(req, env, now).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "admin", "training.tsv"] => match method {
            Method::Get => agreement::export(req, env, now).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "admin", "commitment"] => match method {
            Method::Post => settings::save_commitment(req, env, now).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "admin", "import"] => match method {
            Method::Post => knowledge::admin::import(req, env, now).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "auth", "login"] => match method {
            Method::Post => {
                limits::check(&req, env, Door::Login).await?;
                auth::login(req, env, now).await
            }
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "auth", "logout"] => match method {
            Method::Post => auth::logout(req, env).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "auth", "me"] => match method {
            Method::Get => auth::whoami(req, env, now).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "auth", "bootstrap"] => match method {
            Method::Post => auth::bootstrap(req, env, now).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "users"] => match method {
            Method::Get => staff::users::list(req, env, now).await,
            Method::Post => staff::users::add(req, env, now).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "users", id] => match method {
            Method::Post => staff::accounts::change(req, env, now, id).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "follow-ups"] => match method {
            Method::Get => staff::follow_list::list(req, env, now, lang).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "outbox"] => match method {
            Method::Get => staff::follow::outbox(req, env, now, lang).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "cases", no, "review"] => match method {
            Method::Post => staff::follow::review(req, env, now, no).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "cases", no, "visits"] => match method {
            Method::Post => staff::follow::visit(req, env, now, no).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "audit"] => match method {
            Method::Get => staff::users::audit_log(req, env, now).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "assignees"] => match method {
            Method::Get => staff::users::assignees(req, env, now).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "ledger"] => match method {
            Method::Get => ledger::page(req, env, now, lang).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "ledger.csv"] => match method {
            Method::Get => ledger::csv(req, env, now).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "ledger.xlsx"] => match method {
            Method::Get => ledger::xlsx(req, env, now).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "stats"] => match method {
            Method::Get => stats::stats(req, env, now, lang).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "commitment"] => match method {
            Method::Get => stats::commitment(env, now, lang).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "queue"] => match method {
            Method::Get => staff::queue::get(req, env, now, lang).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "cases"] => match method {
            Method::Post => staff::intake::post(req, env, now, lang).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "cases", no] => match method {
            Method::Get => staff::case::detail(req, env, now, lang, no).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "cases", no, "similar"] => match method {
            Method::Get => staff::batches::similar(req, env, now, lang, no).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "batches"] => match method {
            Method::Get => staff::batches::list(req, env, now, lang).await,
            Method::Post => staff::batches::create(req, env, now, lang).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "batches", id] => match method {
            Method::Get => staff::batches::get(req, env, now, lang, id).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "batches", id, "answer"] => match method {
            Method::Post => staff::batches::answer(req, env, now, lang, id).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "templates"] => match method {
            Method::Get => staff::templates::list(req, env, now).await,
            Method::Post => staff::templates::save(req, env, now, None).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "templates", id] => match method {
            Method::Post => staff::templates::save(req, env, now, Some(id)).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        ["api", "staff", "cases", no, "actions"] => match method {
            Method::Post => staff::case::act(req, env, now, lang, no).await,
            _ => Err(ApiError::MethodNotAllowed),
        },
        _ => Err(ApiError::NoRoute),
    }
}
