//! Staff accounts as stored: the rows, the password hash, and creating one (by the
//! administrator, or the one-time bootstrap). The screens over them are in `crate::staff`.

use chrono::{DateTime, Utc};
use domain::staff::{password_acceptable, StaffRole, Username, PBKDF2_ITERATIONS};
use domain::taxonomy::Department;
use domain::text::base64url;
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::D1Database;

use super::crypto;
use crate::error::{ApiError, ApiResult};
use crate::http::field;

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

pub async fn hash_password(password: &str) -> ApiResult<(String, String)> {
    let salt = crypto::random::<16>()?;
    let hash = crypto::pbkdf2(password, &salt, PBKDF2_ITERATIONS).await?;
    Ok((base64url(&salt), base64url(&hash)))
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

/// Validates and stores a new account; returns its id.
pub async fn create(db: &D1Database, u: NewUser, now: DateTime<Utc>) -> ApiResult<i64> {
    let t = |k: &'static str| k;
    let name = Username::parse(&u.username).ok_or_else(|| field("username", t("err-username")))?;
    let role = StaffRole::parse(&u.role).ok_or_else(|| field("role", t("err-role")))?;
    let department = match (&u.department, role) {
        (Some(d), _) if !d.is_empty() => {
            Some(Department::parse(d).ok_or_else(|| field("department", t("err-department")))?)
        }
        (_, StaffRole::Handler) => return Err(field("department", t("err-department"))),
        _ => None,
    };
    if !password_acceptable(&u.password) {
        return Err(field("password", t("err-password")));
    }
    let display = domain::text::clean_line(&u.display_name);
    if display.is_empty() || display.chars().count() > 40 {
        return Err(field("display_name", t("err-display-name")));
    }
    if by_username(db, name.as_str()).await?.is_some() {
        return Err(field("username", t("err-username-taken")));
    }
    let (salt, hash) = hash_password(&u.password).await?;
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
            domain::time::iso(now).into(),
        ])?
        .first::<i64>(Some("id"))
        .await?
        .ok_or_else(|| ApiError::Internal("insert user".into()))?;
    Ok(id)
}
