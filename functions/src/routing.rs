//! The office's routing rules (`domain::triage::rules`): read before every triage, kept by the
//! isolate for a minute like the calendar (`crate::kept`), edited by the administrator as one list.

use domain::triage::rules::{validate, RoutingRule, RuleInput};
use serde::Deserialize;
use std::cell::RefCell;
use worker::{D1Database, Env, Request, Response};

use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::{json, read_json, Cx};

thread_local! {
    static KEPT: crate::kept::Slot<Vec<RoutingRule>> = const { RefCell::new(None) };
}

#[derive(Deserialize)]
struct Value {
    value: String,
}

async fn read(db: &D1Database) -> ApiResult<Vec<RoutingRule>> {
    let saved = db
        .prepare("SELECT value FROM settings WHERE key = 'routing_rules'")
        .first::<Value>(None)
        .await?;
    // what was saved passed `validate`; a row that no longer parses routes nothing
    Ok(saved
        .and_then(|v| serde_json::from_str(&v.value).ok())
        .unwrap_or_default())
}

/// The rules, kept by the isolate for a minute ([`crate::kept`]), else read from D1.
pub async fn rules(db: &D1Database) -> ApiResult<Vec<RoutingRule>> {
    crate::kept::get_or_read(&KEPT, read(db)).await
}

/// `GET /api/admin/routing-rules` (admin): the rules in the order they are tried.
pub async fn get(env: &Env) -> ApiResult<Response> {
    let rules = read(&env.d1("DB")?).await?;
    Ok(json(&serde_json::json!({ "rules": rules }), 200)?)
}

#[derive(Deserialize)]
struct Body {
    rules: Vec<RuleInput>,
}

/// `POST /api/admin/routing-rules {rules}` (admin): replaces the list; a bad rule is a 422
/// naming it (`rules.2.department`) and nothing is saved. Saved and audited in one batch.
pub async fn save(mut req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    let body: Body = read_json(&mut req).await?;
    let rules = validate(&body.rules)
        .map_err(|e| ApiError::Field(format!("rules.{}.{}", e.index, e.field), e.key.into()))?;
    let value = serde_json::to_string(&rules)
        .map_err(|e| ApiError::Internal(format!("routing rules: {e}")))?;
    let d1 = env.d1("DB")?;
    let save = crate::settings::save_statement(&d1, "routing_rules", value, &s, now)?;
    let entry = crate::audit::Entry::by(
        &s,
        domain::audit::AuditAction::RoutingRulesSaved,
        "routing_rules".into(),
        serde_json::to_value(&rules).unwrap_or_default(),
    );
    d1.batch(vec![save, crate::audit::statement(&d1, entry, now)?])
        .await?;
    crate::kept::forget(&KEPT);
    Ok(json(&serde_json::json!({ "rules": rules }), 200)?)
}
