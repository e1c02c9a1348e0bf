//! Staff sessions: a random token in KV with an expiry, carried by an HttpOnly cookie.

use chrono::{DateTime, Duration, Utc};
use domain::staff::SESSION_HOURS;
use worker::{Env, Request};

use super::crypto::random;
use crate::error::{ApiError, ApiResult};
use crate::http::header;

pub const COOKIE: &str = "ztc_session";

/// A session as kept in KV is who the console says is signed in (`GET /api/auth/me`): one type.
pub use domain::api::desk::Me as Session;

/// KV marker of a disabled account (`staff/accounts.rs` sets it): [`current`] refuses the
/// account's sessions while it is there.
pub fn off_key(user_id: i64) -> String {
    format!("staff-off:{user_id}")
}

fn key(token: &str) -> String {
    format!("session:{token}")
}

fn token_of(req: &Request) -> Option<String> {
    let cookies = header(req, "cookie")?;
    cookies.split(';').find_map(|c| {
        let (name, value) = c.trim().split_once('=')?;
        (name == COOKIE && value.len() == 43 && domain::text::is_base64url(value))
            .then(|| value.to_string())
    })
}

/// How long a session lives, in seconds: `SESSION_HOURS`, or less where the deployment sets
/// `SESSION_SECONDS` (tests watch a session expire).
pub fn lifetime(env: &Env) -> i64 {
    env.var("SESSION_SECONDS")
        .ok()
        .and_then(|v| v.to_string().parse::<i64>().ok())
        .filter(|&s| s > 0 && s < SESSION_HOURS * 3600)
        .unwrap_or(SESSION_HOURS * 3600)
}

/// Starts a session and returns its token (for the cookie) with the session as stored.
pub async fn start(
    env: &Env,
    mut session: Session,
    now: DateTime<Utc>,
) -> ApiResult<(String, Session)> {
    let token = domain::text::base64url(&random::<32>()?);
    let life = lifetime(env);
    session.expires_at = now + Duration::seconds(life);
    let value = serde_json::to_string(&session).map_err(|e| ApiError::Internal(e.to_string()))?;
    env.kv("KV")?
        .put(&key(&token), value)
        .map_err(|e| ApiError::Internal(e.to_string()))?
        // KV keeps a key at least a minute; the stored expiry is what counts
        .expiration_ttl(life.max(60) as u64)
        .execute()
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((token, session))
}

/// The session of this request, or 401.
pub async fn current(req: &Request, env: &Env, now: DateTime<Utc>) -> ApiResult<Session> {
    let token = token_of(req).ok_or(ApiError::Unauthorized)?;
    let raw = env
        .kv("KV")?
        .get(&key(&token))
        .text()
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .ok_or(ApiError::Unauthorized)?;
    let session: Session = serde_json::from_str(&raw).map_err(|_| ApiError::Unauthorized)?;
    if session.expires_at <= now {
        return Err(ApiError::Unauthorized);
    }
    // a disabled account's sessions end at once
    let off = env
        .kv("KV")?
        .get(&off_key(session.user_id))
        .text()
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    if off.is_some() {
        return Err(ApiError::Unauthorized);
    }
    Ok(session)
}

pub async fn end(req: &Request, env: &Env) -> ApiResult<()> {
    if let Some(token) = token_of(req) {
        env.kv("KV")?
            .delete(&key(&token))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
    }
    Ok(())
}

pub fn cookie(token: &str, max_age: i64) -> String {
    format!("{COOKIE}={token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={max_age}")
}

/// State-changing staff calls must come from this site's own pages.
pub fn check_origin(req: &Request) -> ApiResult<()> {
    let own = req.url()?.origin().ascii_serialization();
    match header(req, "origin") {
        Some(origin) if origin == own => Ok(()),
        _ => Err(ApiError::BadOrigin),
    }
}
