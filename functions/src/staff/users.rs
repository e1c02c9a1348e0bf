//! The administrator's screens over staff accounts: the list, the officers a case may be
//! assigned to, a new account, and the audit log. Accounts as stored are `crate::auth::accounts`.

use domain::staff::StaffRole;
use domain::taxonomy::Department;
use serde::{Deserialize, Serialize};
use worker::{Env, Request, Response};

use crate::auth::accounts::{self, NewUser};
use crate::auth::session::Session;
use crate::error::ApiResult;
use crate::http::{json, read_json, Cx};

#[derive(Debug, Serialize, Deserialize)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub department: Option<String>,
    pub active: i64,
}

/// `GET /api/staff/users` (admin)
pub async fn list(env: &Env) -> ApiResult<Response> {
    let rows = env
        .d1("DB")?
        .prepare("SELECT id, username, display_name, role, department, active FROM staff_users ORDER BY id")
        .all()
        .await?
        .results::<UserView>()?;
    Ok(json(&serde_json::json!({ "users": rows }), 200)?)
}

/// `GET /api/staff/assignees?department=`: the active officers who may hold a case of that unit
/// ([`domain::staff::may_be_assigned`]: the front desk and the unit's own handlers).
pub async fn assignees(req: Request, env: &Env) -> ApiResult<Response> {
    let unit = crate::http::query(&req, "department")?.and_then(|v| Department::parse(&v));
    let rows = env
        .d1("DB")?
        .prepare(
            "SELECT id, username, display_name, role, department, active FROM staff_users \
             WHERE active = 1 ORDER BY role, display_name",
        )
        .all()
        .await?
        .results::<UserView>()?;
    let rows: Vec<UserView> = rows
        .into_iter()
        .filter(|u| {
            StaffRole::parse(&u.role).is_some_and(|r| {
                domain::staff::may_be_assigned(
                    r,
                    u.department.as_deref().and_then(Department::parse),
                    unit,
                )
            })
        })
        .collect();
    Ok(json(&serde_json::json!({ "users": rows }), 200)?)
}

/// `POST /api/staff/users` (admin)
pub async fn add(mut req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    let u: NewUser = read_json(&mut req).await?;
    let d1 = env.d1("DB")?;
    let detail =
        serde_json::json!({"username": u.username, "role": u.role, "department": u.department});
    let id = accounts::create(&d1, u, now).await?;
    let entry = crate::audit::Entry::by(
        &s,
        domain::audit::AuditAction::UserCreated,
        format!("staff:{id}"),
        detail,
    );
    crate::audit::write(&d1, entry, now).await?;
    Ok(json(&serde_json::json!({ "user_id": id }), 201)?)
}
