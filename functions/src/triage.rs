//! `POST /api/triage`: what the engine makes of a report, after the office's routing rules.
//! Stores nothing.

use domain::api::TriageRequest;
use worker::{Env, Request, Response};

use crate::error::{ApiError, ApiResult};
use crate::http::{json, read_json};

pub async fn post(mut req: Request, env: &Env) -> ApiResult<Response> {
    let input: TriageRequest = read_json(&mut req).await?;
    input.check(true).map_err(ApiError::Validation)?;
    let rules = crate::routing::rules(&env.d1("DB")?).await?;
    let t = domain::triage::triage_routed(&input.title, &input.description, &rules);
    let mut body = serde_json::to_value(&t).map_err(|e| ApiError::Internal(e.to_string()))?;
    body["suggestions"] = serde_json::json!([]);
    Ok(json(&body, 200)?)
}
