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
/// route, a change (POST) must come from this site (Origin), then the session (401), then its
/// permission (403).
pub async fn admit(
    req: &Request,
    env: &Env,
    now: DateTime<Utc>,
    route: &Route,
) -> ApiResult<Option<Session>> {
    if route.guard == Guard::Public {
        return Ok(None);
    }
    if route.verb == Verb::Post {
        session::check_origin(req)?;
    }
    let s = session::current(req, env, now).await?;
    if let Guard::Staff(p) = route.guard {
        require(&s, p)?;
    }
    Ok(Some(s))
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
