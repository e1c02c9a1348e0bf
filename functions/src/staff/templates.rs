//! Reply templates per category: every officer may use them, an administrator edits them.

use domain::taxonomy::Category;
use domain::time::iso;
use serde::{Deserialize, Serialize};
use serde_json::json as j;
use worker::wasm_bindgen::JsValue;
use worker::{Env, Request, Response};

use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::{json, read_json, text, Cx};

#[derive(Debug, Serialize, Deserialize)]
struct Template {
    id: i64,
    category: String,
    title: String,
    body: String,
    updated_at: String,
}

#[derive(Deserialize)]
struct Edit {
    #[serde(default)]
    category: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

/// `GET /api/staff/templates[?category=]`
pub async fn list(req: Request, env: &Env) -> ApiResult<Response> {
    let category = crate::http::query(&req, "category")?;
    let d1 = env.d1("DB")?;
    let stmt = match category.filter(|c| Category::parse(c).is_some()) {
        Some(c) => d1
            .prepare("SELECT id, category, title, body, updated_at FROM reply_templates WHERE category = ?1 ORDER BY id")
            .bind(&[c.into()])?,
        None => d1.prepare("SELECT id, category, title, body, updated_at FROM reply_templates ORDER BY category, id"),
    };
    let rows = stmt.all().await?.results::<Template>()?;
    Ok(json(&j!({ "templates": rows }), 200)?)
}

/// `POST /api/staff/templates` (new) and `POST /api/staff/templates/{id}` (edit), admin only.
pub async fn save(
    mut req: Request,
    cx: &Cx<'_>,
    id: Option<&str>,
    s: Session,
) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    let e: Edit = read_json(&mut req).await?;
    let category = Category::parse(&e.category)
        .ok_or_else(|| ApiError::Field("category".into(), "err-triage".into()))?;
    let title = text(&e.title, "title", "err-batch-title")?;
    let body = text(&e.body, "body", "err-body")?;
    let d1 = env.d1("DB")?;
    let args = [
        category.code().into(),
        title.as_str().into(),
        body.as_str().into(),
        iso(now).into(),
        JsValue::from(s.user_id as f64),
    ];
    let saved_new = id.is_none();
    let saved = match id {
        None => d1
            .prepare("INSERT INTO reply_templates (category, title, body, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id")
            .bind(&args)?
            .first::<i64>(Some("id"))
            .await?,
        Some(raw) => {
            let id: i64 = raw.parse().map_err(|_| ApiError::NotFound)?;
            let mut args = args.to_vec();
            args.push(JsValue::from(id as f64));
            d1.prepare(
                "UPDATE reply_templates SET category = ?1, title = ?2, body = ?3, updated_at = ?4, updated_by = ?5 \
                 WHERE id = ?6 RETURNING id",
            )
            .bind(&args)?
            .first::<i64>(Some("id"))
            .await?
        }
    };
    let id = saved.ok_or(ApiError::NotFound)?;
    let entry = crate::audit::Entry::by(
        &s,
        domain::audit::AuditAction::TemplateSaved,
        format!("template:{id}"),
        j!({"category": category.code(), "title": title, "body": body}),
    );
    crate::audit::write(&d1, entry, now).await?;
    // a new template is created (201); an edit changes one (200)
    Ok(json(&j!({ "id": id }), if saved_new { 201 } else { 200 })?)
}
