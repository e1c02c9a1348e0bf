//! Per-client rate limits on the public doors (submission, triage and suggestions, search,
//! login), counted by the Workers rate-limit bindings named in `wrangler.toml`. The client is
//! the address Cloudflare saw (`CF-Connecting-IP`); over the limit the answer is 429 with
//! `Retry-After`.

use domain::api::routes::Door;
use worker::{Env, Request};

use crate::error::{ApiError, ApiResult};
use crate::http::header;

/// Every binding counts over 60 seconds (`simple.period` in `wrangler.toml`).
pub const PERIOD_SECONDS: u32 = 60;

fn binding(door: Door) -> &'static str {
    match door {
        Door::Submit => "LIMIT_SUBMIT",
        Door::Triage => "LIMIT_TRIAGE",
        Door::Search => "LIMIT_SEARCH",
        Door::Login => "LIMIT_LOGIN",
    }
}

pub fn client(req: &Request) -> String {
    header(req, "cf-connecting-ip").unwrap_or_else(|| "local".into())
}

/// Counts this request against the door's limit for its client.
pub async fn check(req: &Request, env: &Env, door: Door) -> ApiResult<()> {
    let limiter = env
        .rate_limiter(binding(door))
        .map_err(|e| ApiError::Internal(format!("rate limiter {}: {e}", binding(door))))?;
    let outcome = limiter
        .limit(format!("{}:{}", binding(door), client(req)))
        .await
        .map_err(|e| ApiError::Internal(format!("rate limit: {e}")))?;
    if outcome.success {
        Ok(())
    } else {
        Err(ApiError::TooManyRequests(PERIOD_SECONDS))
    }
}
