//! The session guard of every staff route: who is asking (401), may they (403), and for a
//! change, does it come from this site (the Origin check).

use chrono::{DateTime, Utc};
use domain::staff::{permitted, Permission};
use worker::{Env, Request};

use super::session::{self, Session};
use crate::error::{ApiError, ApiResult};

/// The session of a staff read, with its permission checked (401, then 403).
pub async fn authorized(
    req: &Request,
    env: &Env,
    now: DateTime<Utc>,
    p: Permission,
) -> ApiResult<Session> {
    let s = session::current(req, env, now).await?;
    require(&s, p)?;
    Ok(s)
}

/// The same for a staff change, which must also come from this site (Origin, then 401, then 403).
pub async fn authorized_change(
    req: &Request,
    env: &Env,
    now: DateTime<Utc>,
    p: Permission,
) -> ApiResult<Session> {
    session::check_origin(req)?;
    authorized(req, env, now, p).await
}

pub fn require(s: &Session, p: Permission) -> ApiResult<()> {
    if permitted(s.role, p) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}
