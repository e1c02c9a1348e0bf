//! `POST /api/staff/cases`: a case that came by hotline, visit, survey or referral, keyed in by
//! staff with the same checks as the phone form; the enterprise gets the same number and QR link.

use crate::http::Cx;
use chrono::Duration;
use domain::intake::{Filer, NewCaseInput};
use domain::taxonomy::EventKind;
use domain::time::parse as parse_time;
use serde::Deserialize;
use worker::{Request, Response};

use crate::auth::session::Session;
use crate::cases::api::file;
use crate::cases::db::Filing;
use crate::error::{ApiError, ApiResult};
use crate::http::idempotency_key;
use crate::http::read_json;

#[derive(Deserialize)]
struct Intake {
    #[serde(flatten)]
    case: NewCaseInput,
    /// When the enterprise raised it (a visit last Tuesday); the clock runs from then.
    #[serde(default)]
    received_at: Option<String>,
}

pub async fn post(mut req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let (env, now, lang) = (cx.env, cx.now, cx.lang);
    let key = idempotency_key(&req)?;
    let body: Intake = read_json(&mut req).await?;
    let case = body
        .case
        .validate_as(Filer::Staff)
        .map_err(ApiError::Validation)?;
    let received = match body.received_at.as_deref() {
        None | Some("") => now,
        Some(raw) => parse_time(raw)
            .filter(|t| *t <= now && *t >= now - Duration::days(30))
            .ok_or_else(|| ApiError::Field("received_at".into(), "err-received-at".into()))?,
    };
    let filing = Filing {
        actor: format!("staff:{}", s.user_id),
        kind: EventKind::KeyedIn,
        received,
        first_responsible: Some(s.user_id),
    };
    file(env, &key, &case, &filing, now, lang).await
}
