//! Counters that must hold under parallel requests (login failures, status lookups), in D1's
//! `counters` table. D1 runs one statement at a time against its one database, so an
//! `UPSERT … RETURNING` is an atomic increment: sixteen tries at once count to sixteen. KV cannot
//! do this (a get then a put, eventually consistent), and a Durable Object would add a class and a
//! binding for what one statement already does.

use chrono::{DateTime, Duration, Utc};
use domain::time::{iso, parse as parse_time};
use serde::Deserialize;
use worker::D1Database;

use crate::error::ApiResult;

#[derive(Deserialize)]
struct Counted {
    n: u32,
    until: Option<String>,
}

/// Counts one try in a fixed window: the window starts at the first try and lasts `window`.
/// Returns the tries in the current window (this one included) and when the window ends.
pub async fn count_in_window(
    d1: &D1Database,
    key: &str,
    now: DateTime<Utc>,
    window: Duration,
) -> ApiResult<(u32, DateTime<Utc>)> {
    let ends = iso(now + window);
    let c = d1
        .prepare(
            "INSERT INTO counters (key, n, until) VALUES (?1, 1, ?3) \
             ON CONFLICT (key) DO UPDATE SET \
               n = CASE WHEN until <= ?2 THEN 1 ELSE n + 1 END, \
               until = CASE WHEN until <= ?2 THEN ?3 ELSE until END \
             RETURNING n, until",
        )
        .bind(&[key.into(), iso(now).into(), ends.as_str().into()])?
        .first::<Counted>(None)
        .await?;
    Ok(match c {
        Some(c) => (
            c.n,
            c.until
                .as_deref()
                .and_then(parse_time)
                .unwrap_or(now + window),
        ),
        None => (1, now + window),
    })
}

/// Counts one failure and returns how many in a row (this one included).
pub async fn add_failure(d1: &D1Database, key: &str) -> ApiResult<u32> {
    let c = d1
        .prepare(
            "INSERT INTO counters (key, n) VALUES (?1, 1) \
             ON CONFLICT (key) DO UPDATE SET n = n + 1 RETURNING n, until",
        )
        .bind(&[key.into()])?
        .first::<Counted>(None)
        .await?;
    Ok(c.map(|c| c.n).unwrap_or(1))
}

/// Locks `key` until `until`, or later if it already is.
pub async fn lock(d1: &D1Database, key: &str, until: DateTime<Utc>) -> ApiResult<()> {
    d1.prepare("UPDATE counters SET until = max(coalesce(until, ''), ?2) WHERE key = ?1")
        .bind(&[key.into(), iso(until).into()])?
        .run()
        .await?;
    Ok(())
}

/// When `key` is locked until, if it is now.
pub async fn locked_until(
    d1: &D1Database,
    key: &str,
    now: DateTime<Utc>,
) -> ApiResult<Option<DateTime<Utc>>> {
    let until = d1
        .prepare("SELECT until FROM counters WHERE key = ?1")
        .bind(&[key.into()])?
        .first::<Option<String>>(Some("until"))
        .await?
        .flatten();
    Ok(until.as_deref().and_then(parse_time).filter(|u| *u > now))
}

/// Wrong passwords for one account from one client: a stranger's tries lock out only the
/// stranger.
pub fn login_key(user_id: i64, client: &str) -> String {
    format!("login:{user_id}:{client}")
}

/// Forgets the wrong passwords of one account from every client (the [`login_key`]s of `user_id`,
/// as a key range), for a D1 batch.
pub fn clear_logins(d1: &D1Database, user_id: i64) -> ApiResult<worker::D1PreparedStatement> {
    Ok(d1
        .prepare("DELETE FROM counters WHERE key >= ?1 AND key < ?2")
        .bind(&[
            login_key(user_id, "").into(),
            format!("login:{user_id};").into(),
        ])?)
}

pub async fn clear(d1: &D1Database, key: &str) -> ApiResult<()> {
    d1.prepare("DELETE FROM counters WHERE key = ?1")
        .bind(&[key.into()])?
        .run()
        .await?;
    Ok(())
}

/// Forgets counters whose window or lock ended a day ago (the sweep).
pub async fn forget_old(d1: &D1Database, now: DateTime<Utc>) -> ApiResult<()> {
    d1.prepare("DELETE FROM counters WHERE until IS NOT NULL AND until < ?1")
        .bind(&[iso(now - Duration::days(1)).into()])?
        .run()
        .await?;
    Ok(())
}
