//! Staff login, logout, who-am-I, and the one-time bootstrap of the first administrator.

pub mod accounts;
pub mod crypto;
pub mod guard;
pub mod session;

use domain::staff::{lock_for, StaffRole, Username, PBKDF2_ITERATIONS};
use domain::text::{base64url, constant_time_eq};
use serde::Deserialize;
use worker::{Env, Request, Response};

use crate::audit;
use crate::counters;
use crate::error::{ApiError, ApiResult};
use crate::http::{json, read_json, Cx};
use accounts::NewUser;
use session::Session;

#[derive(Deserialize)]
struct Login {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

/// `POST /api/auth/login`
pub async fn login(mut req: Request, cx: &Cx<'_>) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    session::check_origin(&req)?;
    let body: Login = read_json(&mut req).await?;
    let d1 = env.d1("DB")?;
    let user = match Username::parse(&body.username) {
        Some(name) => accounts::by_username(&d1, name.as_str()).await?,
        None => None,
    };
    let Some(user) = user.filter(|u| u.active == 1) else {
        // Same work for an unknown name, so timing does not tell which names exist.
        let _ = crypto::pbkdf2(&body.password, b"no-such-user-salt", PBKDF2_ITERATIONS).await?;
        return Err(ApiError::InvalidCredentials);
    };
    let log = |action: domain::audit::AuditAction| audit::Entry {
        actor: format!("staff:{}", user.id),
        role: Some(user.role.as_str()),
        action,
        target: Some(user.username.clone()),
        detail: serde_json::json!({}),
    };
    // wrong passwords are counted per account and client: a stranger locks out only themselves
    let key = counters::login_key(user.id, &crate::limits::client(&req));
    if let Some(until) = counters::locked_until(&d1, &key, now).await? {
        audit::write(&d1, log(domain::audit::AuditAction::LoginLocked), now).await?;
        return Err(ApiError::Locked(domain::time::format_cn(until)));
    }
    let salt = accounts::decode(&user.pw_salt)?;
    let hash = crypto::pbkdf2(&body.password, &salt, user.pw_iterations).await?;
    if !constant_time_eq(base64url(&hash).as_bytes(), user.pw_hash.as_bytes()) {
        let failures = counters::add_failure(&d1, &key).await?;
        audit::write(&d1, log(domain::audit::AuditAction::LoginFailed), now).await?;
        return Err(match lock_for(failures) {
            Some(d) => {
                counters::lock(&d1, &key, now + d).await?;
                ApiError::Locked(domain::time::format_cn(now + d))
            }
            None => ApiError::InvalidCredentials,
        });
    }
    counters::clear(&d1, &key).await?;
    audit::write(&d1, log(domain::audit::AuditAction::LoginOk), now).await?;
    let s = Session {
        user_id: user.id,
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role: StaffRole::parse(&user.role).ok_or_else(|| ApiError::Internal("role".into()))?,
        department: user
            .department
            .as_deref()
            .and_then(domain::taxonomy::Department::parse),
        expires_at: now,
    };
    let (token, s) = session::start(env, s, now).await?;
    let mut resp = json(&s, 200)?;
    resp.headers_mut().set(
        "set-cookie",
        &session::cookie(&token, session::lifetime(env)),
    )?;
    Ok(resp)
}

/// `POST /api/auth/logout`
pub async fn logout(req: Request, env: &Env) -> ApiResult<Response> {
    session::check_origin(&req)?;
    session::end(&req, env).await?;
    let mut resp = json(&serde_json::json!({"ok": true}), 200)?;
    resp.headers_mut()
        .set("set-cookie", &session::cookie("", 0))?;
    Ok(resp)
}

/// `GET /api/auth/me`
pub fn whoami(s: &Session) -> ApiResult<Response> {
    Ok(json(s, 200)?)
}

#[derive(Deserialize)]
struct Bootstrap {
    #[serde(default)]
    secret: String,
    #[serde(flatten)]
    user: NewUser,
}

/// `POST /api/auth/bootstrap`: creates the first administrator when no account exists yet and
/// the secret matches the deployment's `BOOTSTRAP_SECRET`.
pub async fn bootstrap(mut req: Request, cx: &Cx<'_>) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    let body: Bootstrap = read_json(&mut req).await?;
    let expected = env
        .secret("BOOTSTRAP_SECRET")
        .map(|s| s.to_string())
        .unwrap_or_default();
    if expected.len() < 16 || !constant_time_eq(expected.as_bytes(), body.secret.as_bytes()) {
        return Err(ApiError::BootstrapClosed);
    }
    let d1 = env.d1("DB")?;
    if accounts::count(&d1).await? > 0 {
        return Err(ApiError::BootstrapClosed);
    }
    let user = NewUser {
        role: "admin".into(),
        department: None,
        ..body.user
    };
    let id = accounts::create(&d1, user, now).await?;
    Ok(json(&serde_json::json!({"user_id": id}), 201)?)
}
