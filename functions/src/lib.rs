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
mod person;
mod privacy;
mod provenance;
mod qr;
mod rights;
mod routes;
mod routing;
mod settings;
mod staff;
mod stats;
mod triage;

use domain::time::from_millis;
use domain::Lang;
use worker::{event, Context, Date, Env, Request, Response, ScheduleContext, ScheduledEvent};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let lang = Lang::from_tag(&http::header(&req, "accept-language").unwrap_or_default());
    let now = from_millis(Date::now().as_millis());
    let mut resp = routes::dispatch(req, &env, now, lang)
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
            "sweep: {} escalated, {} flagged, {} warned, {} orders reminded, {} closed unrated, {} anonymised",
            r.escalated,
            r.flagged_48h,
            r.warned,
            r.reminded,
            r.auto_closed,
            r.anonymised
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
    match staff::tell::deliver(&env, now).await {
        Ok(r) => worker::console_log!(
            "staff notices: {} sent, {} to retry, {} failed",
            r.sent,
            r.retried,
            r.failed
        ),
        Err(e) => worker::console_error!("staff notices failed: {e:?}"),
    }
}
