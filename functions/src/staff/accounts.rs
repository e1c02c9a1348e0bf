//! `POST /api/staff/users/{id}` (administrator): what an office does when people come and go or
//! forget a password — disable an account (its sessions end), enable it again, lift a lockout,
//! set a new password. Each change and its audit entry are one D1 batch.

use domain::staff::password_acceptable;
use serde::Deserialize;
use serde_json::json as j;
use worker::wasm_bindgen::JsValue;
use worker::{Request, Response};

use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::{json, read_json, Cx};

#[derive(Deserialize, Default)]
#[serde(default)]
struct Change {
    action: String,
    password: String,
}

fn field(name: &str, key: &str) -> ApiError {
    ApiError::Field(name.into(), key.into())
}

pub async fn change(
    mut req: Request,
    cx: &Cx<'_>,
    raw_id: &str,
    s: Session,
) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    let id: i64 = raw_id.parse().map_err(|_| ApiError::NotFound)?;
    let body: Change = read_json(&mut req).await?;
    let d1 = env.d1("DB")?;
    let exists = d1
        .prepare("SELECT id FROM staff_users WHERE id = ?1")
        .bind(&[JsValue::from(id as f64)])?
        .first::<i64>(Some("id"))
        .await?
        .is_some();
    if !exists {
        return Err(ApiError::NotFound);
    }
    let id_js = JsValue::from(id as f64);
    let mut statements = match body.action.as_str() {
        "disable" if id == s.user_id => return Err(field("action", "err-account-self")),
        "disable" | "enable" => vec![d1
            .prepare("UPDATE staff_users SET active = ?2 WHERE id = ?1")
            .bind(&[id_js, JsValue::from(i32::from(body.action == "enable"))])?],
        "unlock" => vec![crate::counters::clear_logins(&d1, id)?],
        "reset_password" => {
            if !password_acceptable(&body.password) {
                return Err(field("password", "err-password"));
            }
            let (salt, hash) = crate::auth::accounts::hash_password(&body.password).await?;
            vec![
                d1.prepare("UPDATE staff_users SET pw_salt = ?2, pw_hash = ?3, pw_iterations = ?4 WHERE id = ?1")
                    .bind(&[
                        id_js,
                        salt.into(),
                        hash.into(),
                        JsValue::from(domain::staff::PBKDF2_ITERATIONS),
                    ])?,
                crate::counters::clear_logins(&d1, id)?,
            ]
        }
        _ => return Err(field("action", "err-account-action")),
    };
    let action = domain::audit::AuditAction::parse(&format!("user_{}", body.action))
        .ok_or_else(|| field("action", "err-account-action"))?;
    let entry = crate::audit::Entry::by(&s, action, format!("staff:{id}"), j!({}));
    statements.push(crate::audit::statement(&d1, entry, now)?);
    d1.batch(statements).await?;
    let kv = env.kv("KV")?;
    let kv_err = |e: worker::kv::KvError| ApiError::Internal(e.to_string());
    match body.action.as_str() {
        "disable" => kv
            .put(&crate::auth::session::off_key(id), "1")
            .map_err(kv_err)?
            .execute()
            .await
            .map_err(kv_err)?,
        "enable" => kv
            .delete(&crate::auth::session::off_key(id))
            .await
            .map_err(kv_err)?,
        _ => {}
    }
    Ok(json(&j!({"ok": true, "action": body.action}), 200)?)
}
