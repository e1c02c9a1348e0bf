//! The session guard of every staff route: who is asking (401), may they (403), and for a
//! change, does it come from this site (the Origin check).

use chrono::{DateTime, Utc};
use domain::api::routes::{Guard, Route, Verb};
use domain::staff::{permitted, Permission, Wall};
use domain::taxonomy::Department;
use worker::{Env, Request};

use super::session::{self, Session};
use crate::error::{ApiError, ApiResult};

/// The route table's guard, run before the handler: nothing for a public route; for a staff
/// route the session (401), its permission (403), and for a change (POST) the Origin first.
pub async fn admit(
    req: &Request,
    env: &Env,
    now: DateTime<Utc>,
    route: &Route,
) -> ApiResult<Option<Session>> {
    let change = route.verb == Verb::Post;
    let s = match route.guard {
        Guard::Public => return Ok(None),
        Guard::Signed if change => {
            session::check_origin(req)?;
            session::current(req, env, now).await?
        }
        Guard::Signed => session::current(req, env, now).await?,
        Guard::Staff(p) if change => authorized_change(req, env, now, p).await?,
        Guard::Staff(p) => authorized(req, env, now, p).await?,
    };
    Ok(Some(s))
}

/// The session of a staff read, with its permission checked (401, then 403).
async fn authorized(
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
async fn authorized_change(
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

/// The unit a list of cases stops at for this session (`domain::staff::Wall`): `None` for every
/// unit; a handler without a unit may list nothing (403).
pub fn wall(s: &Session) -> ApiResult<Option<Department>> {
    match Wall::of(s.role, s.department) {
        Wall::Open => Ok(None),
        Wall::Unit(d) => Ok(Some(d)),
        Wall::Closed => Err(ApiError::Forbidden),
    }
}
