//! Request parsing and response helpers shared by every route.

use chrono::{DateTime, Utc};
use domain::idempotency::{IdempotencyKey, IdempotencyKeyError};
use domain::Lang;
use serde::de::DeserializeOwned;
use serde::Serialize;
use worker::{Env, Request, Response};

use crate::error::{ApiError, ApiResult};

/// What every handler may read besides its request: the bindings, the moment the request
/// arrived (one clock reading for all it does) and the reader's language.
#[derive(Clone, Copy)]
pub struct Cx<'e> {
    pub env: &'e Env,
    pub now: DateTime<Utc>,
    pub lang: Lang,
}

pub const MAX_BODY: usize = 64 * 1024;

/// A JSON body: right content type, at most 64 KB, parseable as `T`.
pub async fn read_json<T: DeserializeOwned>(req: &mut Request) -> ApiResult<T> {
    let ctype = req
        .headers()
        .get("content-type")?
        .unwrap_or_default()
        .to_ascii_lowercase();
    let media_type = ctype.split(';').next().unwrap_or_default().trim();
    if media_type != "application/json" {
        return Err(ApiError::UnsupportedMediaType);
    }
    let declared = req
        .headers()
        .get("content-length")?
        .and_then(|v| v.trim().parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY) {
        return Err(ApiError::BodyTooLarge);
    }
    let bytes = req.bytes().await.map_err(|_| ApiError::InvalidJson)?;
    if bytes.len() > MAX_BODY {
        return Err(ApiError::BodyTooLarge);
    }
    serde_json::from_slice(&bytes).map_err(|_| ApiError::InvalidJson)
}

pub fn json<T: Serialize>(value: &T, status: u16) -> worker::Result<Response> {
    let mut resp = Response::from_json(value)?.with_status(status);
    let h = resp.headers_mut();
    h.set("cache-control", "no-store")?;
    h.set("x-content-type-options", "nosniff")?;
    Ok(resp)
}

/// A query parameter's value; absent and empty are the same.
pub fn query(req: &Request, name: &str) -> ApiResult<Option<String>> {
    Ok(req
        .url()?
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty()))
}

/// The query string's pairs, owned.
pub fn pairs(req: &Request) -> ApiResult<Vec<(String, String)>> {
    Ok(req
        .url()?
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect())
}

/// How many rows the first statement of a D1 batch changed (the one a batch's answer reports).
pub fn first_changes(results: &[worker::D1Result]) -> usize {
    results
        .first()
        .and_then(|r| r.meta().ok().flatten())
        .and_then(|m| m.changes)
        .unwrap_or(0)
}

/// The page parameter `name` of a list of `size` rows a page; a bad number is a 422 naming it.
pub fn page(req: &Request, name: &str, size: u32) -> ApiResult<domain::page::Page> {
    domain::page::Page::parse(query(req, name)?.as_deref(), size)
        .ok_or_else(|| ApiError::Field(name.into(), "err-page".into()))
}

pub fn header(req: &Request, name: &str) -> Option<String> {
    req.headers().get(name).ok().flatten()
}

/// The security headers of every API answer (pages and files get theirs from `public/_headers`):
/// nothing may frame, sniff, run or load from an answer, and browsers keep to HTTPS.
pub fn secure(resp: &mut Response) {
    let h = resp.headers_mut();
    for (name, value) in [
        (
            "content-security-policy",
            "default-src 'none'; frame-ancestors 'none'",
        ),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "strict-origin-when-cross-origin"),
        ("x-frame-options", "DENY"),
        (
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        ),
    ] {
        let _ = h.set(name, value);
    }
}

/// Marks `resp` as a file to save (`name`), never cached nor sniffed.
pub fn download(resp: &mut Response, ctype: &str, name: &str) -> ApiResult<()> {
    let h = resp.headers_mut();
    h.set("content-type", ctype)?;
    h.set(
        "content-disposition",
        &format!("attachment; filename=\"{name}\""),
    )?;
    h.set("cache-control", "no-store")?;
    h.set("x-content-type-options", "nosniff")?;
    Ok(())
}

/// A 422 naming the field `name`, with the message key `key`.
pub fn field(name: &str, key: &str) -> ApiError {
    ApiError::Field(name.into(), key.into())
}

/// A required text (a reply, a note): not empty, at most 4 000 characters, nothing hidden.
pub fn text(v: &str, name: &str, key: &str) -> ApiResult<String> {
    let v = optional_text(v, domain::text::MAX_TYPED, name, key)?;
    if v.is_empty() {
        return Err(field(name, key));
    }
    Ok(v)
}

/// A text that may be empty (a reason, a comment): at most `max` characters, nothing hidden.
pub fn optional_text(v: &str, max: usize, name: &str, key: &str) -> ApiResult<String> {
    domain::text::typed_text(v, max).map_err(|e| match e {
        domain::text::TypedTextError::TooLong => field(name, key),
        domain::text::TypedTextError::HiddenControl => field(name, "err-hidden-control"),
    })
}

/// The request's `Idempotency-Key` header: missing or malformed is a 400 of its own.
pub fn idempotency_key(req: &Request) -> ApiResult<IdempotencyKey> {
    IdempotencyKey::parse(header(req, "idempotency-key").as_deref()).map_err(|e| match e {
        IdempotencyKeyError::Missing => ApiError::IdempotencyKeyMissing,
        IdempotencyKeyError::Malformed => ApiError::IdempotencyKeyMalformed,
    })
}
