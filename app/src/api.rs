//! Calls to the Worker. Every failure is either "the network dropped" or the API's error body.

use domain::api::{CaseStatusView, CreatedCase, ErrorBody, ErrorEnvelope, Meta};
use domain::intake::NewCaseInput;
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// No answer (offline, timeout, dropped): the request may be retried as it is.
    Network,
    /// The API answered with an error.
    Api { status: u16, body: ErrorBody },
}

impl ApiFailure {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiFailure::Network => None,
            ApiFailure::Api { status, .. } => Some(*status),
        }
    }
}

async fn decode<T: DeserializeOwned>(resp: Response) -> Result<T, ApiFailure> {
    let status = resp.status();
    if (200..300).contains(&status) {
        return resp.json::<T>().await.map_err(|_| ApiFailure::Network);
    }
    let body = match resp.json::<ErrorEnvelope>().await {
        Ok(env) => env.error,
        Err(_) => ErrorBody {
            code: "unreadable".into(),
            message: crate::i18n::t("api-internal").into(),
            fields: Default::default(),
        },
    };
    Err(ApiFailure::Api { status, body })
}

pub async fn meta() -> Result<Meta, ApiFailure> {
    let resp = Request::get("/api/meta")
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    decode(resp).await
}

pub async fn create_case(key: &str, input: &NewCaseInput) -> Result<CreatedCase, ApiFailure> {
    let resp = Request::post("/api/cases")
        .header("Idempotency-Key", key)
        .json(input)
        .map_err(|_| ApiFailure::Network)?
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    decode(resp).await
}

pub async fn case_status(token: &str) -> Result<CaseStatusView, ApiFailure> {
    let resp = Request::get(&format!("/api/cases/status/{token}"))
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    decode(resp).await
}
