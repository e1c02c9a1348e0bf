//! Staff accounts: rows, creation (admin only, or the bootstrap), lockout bookkeeping.

use chrono::{DateTime, Utc};
use domain::staff::{
    password_acceptable, permitted, Permission, StaffRole, Username, PBKDF2_ITERATIONS,
};
use domain::taxonomy::Department;
use serde::{Deserialize, Serialize};
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, Env, Request, Response};

use crate::auth::session::{self, Session};
use crate::error::{ApiError, ApiResult};
use crate::http::{json, read_json};

#[derive(Debug, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub department: Option<String>,
    pub pw_salt: String,
    pub pw_hash: String,
    pub pw_iterations: u32,
    pub active: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub department: Option<String>,
    pub password: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub department: Option<String>,
    pub active: i64,
}

pub fn decode(b64: &str) -> ApiResult<Vec<u8>> {
    domain::text::base64url_decode(b64).ok_or_else(|| ApiError::Internal("stored salt".into()))
}

pub async fn by_username(db: &D1Database, username: &str) -> ApiResult<Option<UserRow>> {
    Ok(db
        .prepare(
            "SELECT id, username, display_name, role, department, pw_salt, pw_hash, pw_iterations, \
             active FROM staff_users WHERE username = ?1",
        )
        .bind(&[username.into()])?
        .first::<UserRow>(None)
        .await?)
}

pub async fn count(db: &D1Database) -> ApiResult<u32> {
    Ok(db
        .prepare("SELECT COUNT(*) AS n FROM staff_users")
        .first::<u32>(Some("n"))
        .await?
        .unwrap_or(0))
}

fn field_error(field: &str, key: &str) -> ApiError {
    ApiError::Field(field.to_string(), key.to_string())
}

/// Validates and stores a new account; returns its id.
pub async fn create(db: &D1Database, u: NewUser, now: DateTime<Utc>) -> ApiResult<i64> {
    let t = |k: &'static str| k;
    let name =
        Username::parse(&u.username).ok_or_else(|| field_error("username", t("err-username")))?;
    let role = StaffRole::parse(&u.role).ok_or_else(|| field_error("role", t("err-role")))?;
    let department = match (&u.department, role) {
        (Some(d), _) if !d.is_empty() => Some(
            Department::parse(d).ok_or_else(|| field_error("department", t("err-department")))?,
        ),
        (_, StaffRole::Handler) => return Err(field_error("department", t("err-department"))),
        _ => None,
    };
    if !password_acceptable(&u.password) {
        return Err(field_error("password", t("err-password")));
    }
    let display = domain::text::clean_line(&u.display_name);
    if display.is_empty() || display.chars().count() > 40 {
        return Err(field_error("display_name", t("err-display-name")));
    }
    if by_username(db, name.as_str()).await?.is_some() {
        return Err(field_error("username", t("err-username-taken")));
    }
    let (salt, hash) = crate::auth::hash_password(&u.password).await?;
    let id = db
        .prepare(
            "INSERT INTO staff_users (username, display_name, role, department, pw_salt, pw_hash, pw_iterations, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        )
        .bind(&[
            name.as_str().into(),
            display.as_str().into(),
            role.code().into(),
            department.map(|d| JsValue::from(d.code())).unwrap_or(JsValue::NULL),
            salt.into(),
            hash.into(),
            JsValue::from(PBKDF2_ITERATIONS),
            crate::cases::db::iso(now).into(),
        ])?
        .first::<i64>(Some("id"))
        .await?
        .ok_or_else(|| ApiError::Internal("insert user".into()))?;
    Ok(id)
}

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

/// `GET /api/staff/users` (admin)
pub async fn list(req: Request, env: &Env, now: DateTime<Utc>) -> ApiResult<Response> {
    authorized(&req, env, now, Permission::ManageUsers).await?;
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
pub async fn assignees(req: Request, env: &Env, now: DateTime<Utc>) -> ApiResult<Response> {
    authorized(&req, env, now, Permission::Assign).await?;
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
pub async fn add(mut req: Request, env: &Env, now: DateTime<Utc>) -> ApiResult<Response> {
    let s = authorized_change(&req, env, now, Permission::ManageUsers).await?;
    let u: NewUser = read_json(&mut req).await?;
    let d1 = env.d1("DB")?;
    let detail =
        serde_json::json!({"username": u.username, "role": u.role, "department": u.department});
    let id = create(&d1, u, now).await?;
    let entry = crate::audit::Entry::by(&s, "user_created", format!("staff:{id}"), detail);
    crate::audit::write(&d1, entry, now).await?;
    Ok(json(&serde_json::json!({ "user_id": id }), 201)?)
}

/// `GET /api/staff/audit` (admin): the latest entries of the log.
pub async fn audit_log(req: Request, env: &Env, now: DateTime<Utc>) -> ApiResult<Response> {
    #[derive(Serialize, Deserialize)]
    struct Row {
        at: String,
        actor: String,
        role: Option<String>,
        action: String,
        target: Option<String>,
        detail: Option<String>,
    }
    authorized(&req, env, now, Permission::ManageUsers).await?;
    let rows = env
        .d1("DB")?
        .prepare("SELECT at, actor, role, action, target, detail FROM audit_log ORDER BY id DESC LIMIT 500")
        .all()
        .await?
        .results::<Row>()?;
    Ok(json(&serde_json::json!({ "entries": rows }), 200)?)
}
