//! Calls to the Worker. Every failure is either "the network dropped" or the API's error body.

use domain::api::{CaseStatusView, CreatedCase, ErrorBody, ErrorEnvelope, FormMeta, Meta};
use domain::intake::NewCaseInput;
use gloo_net::http::{Method, Request, RequestBuilder};
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

/// Sends one request and reads the answer as text: the one asynchronous piece every call
/// shares. (Generic async code is copied per answer type; keeping it here and decoding after
/// keeps the phone bundle small.)
#[inline(never)]
async fn send(req: Result<Request, gloo_net::Error>) -> Result<(u16, String), ApiFailure> {
    let resp = req
        .map_err(|_| ApiFailure::Network)?
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    let text = resp.text().await.map_err(|_| ApiFailure::Network)?;
    Ok((resp.status(), text))
}

/// A 2xx answer as `T`, anything else as the API's error body.
fn decode<T: DeserializeOwned>((status, text): (u16, String)) -> Result<T, ApiFailure> {
    if (200..300).contains(&status) {
        return serde_json::from_str(&text).map_err(|_| ApiFailure::Network);
    }
    let body = match serde_json::from_str::<ErrorEnvelope>(&text) {
        Ok(env) => env.error,
        Err(_) => ErrorBody {
            code: "unreadable".into(),
            message: crate::i18n::t("api-internal").into(),
            fields: Default::default(),
        },
    };
    Err(ApiFailure::Api { status, body })
}

fn request(method: Method, path: &str, key: Option<&str>) -> RequestBuilder {
    let mut req = RequestBuilder::new(path)
        .method(method)
        .header("Accept-Language", crate::i18n::lang().tag());
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    req
}

/// A new idempotency key: a random UUID, or time and chance where the browser has no crypto.
pub fn fresh_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| {
            format!(
                "k{}-{}",
                js_sys::Date::now() as u64,
                (js_sys::Math::random() * 1e12) as u64
            )
        })
}

/// `GET path`, its answer as `T`.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    decode(send(request(Method::GET, path, None).build()).await?)
}

/// `GET path` of a text file of the site (not the API): its body when the answer is 2xx.
pub async fn get_text(path: &str) -> Option<String> {
    match send(request(Method::GET, path, None).build()).await {
        Ok((status, text)) if (200..300).contains(&status) => Some(text),
        _ => None,
    }
}

pub async fn meta() -> Result<Meta, ApiFailure> {
    get("/api/meta").await
}

pub async fn form_meta() -> Result<FormMeta, ApiFailure> {
    get("/api/meta").await
}

pub async fn create_case(key: &str, input: &NewCaseInput) -> Result<CreatedCase, ApiFailure> {
    post("/api/cases", Some(key), input).await
}

pub async fn case_status(token: &str) -> Result<CaseStatusView, ApiFailure> {
    get(&format!("/api/cases/status/{token}")).await
}

/// `GET /api/admin/agreement?month=`: the engine against the desk on a month's confirmed cases.
pub async fn agreement(month: &str) -> Result<domain::triage::agreement::Agreement, ApiFailure> {
    get(&format!("/api/admin/agreement?month={}", encode(month))).await
}

/// `GET /api/auth/me`: the signed-in member of staff.
pub async fn me() -> Result<domain::api::desk::Me, ApiFailure> {
    get("/api/auth/me").await
}

/// `GET /api/staff/queue?…` (the whole path with its query).
pub async fn staff_queue(path: &str) -> Result<domain::api::desk::QueuePage, ApiFailure> {
    get(path).await
}

/// `GET path` for the console: any JSON answer.
pub async fn get_json(path: &str) -> Result<serde_json::Value, ApiFailure> {
    get(path).await
}

/// `POST path` with a JSON body (the browser adds the Origin header the API checks).
pub async fn post_json(
    path: &str,
    body: &serde_json::Value,
) -> Result<serde_json::Value, ApiFailure> {
    post(path, None, body).await
}

/// `POST path` with a JSON body (and an `Idempotency-Key` when `key` is given), the answer as `T`.
pub async fn post<T: DeserializeOwned>(
    path: &str,
    key: Option<&str>,
    body: &impl serde::Serialize,
) -> Result<T, ApiFailure> {
    decode(send(request(Method::POST, path, key).json(body)).await?)
}

/// `POST path` with a JSON Lines body (knowledge import).
pub async fn post_jsonl(path: &str, body: String) -> Result<serde_json::Value, ApiFailure> {
    let req = request(Method::POST, path, None)
        .header("content-type", "application/x-ndjson")
        .body(body);
    decode(send(req).await?)
}

impl ApiFailure {
    /// What to show a person: the API's message, or the network hint.
    pub fn message(&self) -> String {
        match self {
            ApiFailure::Network => crate::i18n::t("report-network-error").to_string(),
            ApiFailure::Api { body, .. } => body.message.clone(),
        }
    }

    /// The first field's message if there is one, else the general one: for one-line forms.
    pub fn first_message(&self) -> String {
        self.fields()
            .into_values()
            .next()
            .unwrap_or_else(|| self.message())
    }

    /// Every field's message, or the general one: for a panel of several fields.
    pub fn all_messages(&self) -> String {
        let fields = self.fields().into_values().collect::<Vec<_>>().join("；");
        if fields.is_empty() {
            self.message()
        } else {
            fields
        }
    }

    pub fn fields(&self) -> std::collections::BTreeMap<String, String> {
        match self {
            ApiFailure::Network => Default::default(),
            ApiFailure::Api { body, .. } => body.fields.clone(),
        }
    }
}

/// `v` as one query-string value.
pub fn encode(v: &str) -> String {
    js_sys::encode_uri_component(v)
        .as_string()
        .unwrap_or_default()
}

/// A text field of an API answer, empty when absent.
pub fn text(v: &serde_json::Value, k: &str) -> String {
    v[k].as_str().unwrap_or_default().to_string()
}

/// A rate (0–1) from an API answer as a percentage with one decimal, "—" when there is none.
pub fn percent(v: &serde_json::Value) -> String {
    v.as_f64()
        .map(|r| format!("{:.1}%", r * 100.0))
        .unwrap_or_else(|| "—".into())
}
