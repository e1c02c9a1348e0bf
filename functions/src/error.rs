//! The one error type of the Worker, mapped once to `{"error":{"code","message","fields"}}`.

use std::collections::BTreeMap;

use domain::api::{ErrorBody, ErrorEnvelope};
use domain::i18n::{t, tf, Lang};
use domain::intake::FieldErrors;
use worker::Response;

#[derive(Debug)]
pub enum ApiError {
    InvalidJson,
    /// No API route has this path (a thing that does not exist is `NotFound`).
    NoRoute,
    BodyTooLarge,
    UnsupportedMediaType,
    NotFound,
    /// The entry existed and was withdrawn (a retired policy or answer).
    Gone,
    MethodNotAllowed,
    Validation(FieldErrors),
    /// One field of a staff form is wrong: the field name and the locale key of its message.
    Field(String, String),
    /// Several fields wrong at once: each field's name and the locale key of its message.
    Fields(Vec<(&'static str, &'static str)>),
    IdempotencyKeyMissing,
    IdempotencyKeyMalformed,
    IdempotencyKeyReused,
    CaseNotFound,
    /// No valid staff session.
    Unauthorized,
    /// Logged in, but the role may not do this.
    Forbidden,
    /// A state-changing staff call from another origin.
    BadOrigin,
    InvalidCredentials,
    /// Too many failed logins; carries when to try again (Asia/Shanghai, for people).
    Locked(String),
    /// The case changed meanwhile (another officer acted first).
    Conflict,
    /// The action makes no sense in the case's state.
    ActionNotAllowed,
    /// The first admin exists already, or the bootstrap secret is wrong.
    BootstrapClosed,
    /// Too many requests from this client: try again after this many seconds.
    TooManyRequests(u32),
    /// An import with bad lines: nothing was written; the reason per line.
    Rejected(BTreeMap<String, String>),
    /// Anything the runtime or D1 threw. Logged; the client sees a calm 500 without details.
    Internal(String),
}

impl ApiError {
    fn parts(&self) -> (u16, &'static str, &'static str) {
        match self {
            ApiError::InvalidJson => (400, "invalid_json", "api-invalid-json"),
            ApiError::BodyTooLarge => (413, "body_too_large", "api-body-too-large"),
            ApiError::UnsupportedMediaType => {
                (415, "unsupported_media_type", "api-unsupported-media-type")
            }
            ApiError::NotFound => (404, "not_found", "api-not-found"),
            ApiError::Gone => (410, "gone", "api-gone"),
            ApiError::NoRoute => (404, "no_route", "api-not-found"),
            ApiError::MethodNotAllowed => (405, "method_not_allowed", "api-method-not-allowed"),
            ApiError::Validation(_) | ApiError::Field(..) | ApiError::Fields(_) => {
                (422, "validation_failed", "api-validation")
            }
            ApiError::IdempotencyKeyMissing => {
                (400, "idempotency_key_missing", "api-idempotency-missing")
            }
            ApiError::IdempotencyKeyMalformed => (
                400,
                "idempotency_key_malformed",
                "api-idempotency-malformed",
            ),
            ApiError::IdempotencyKeyReused => {
                (409, "idempotency_key_reused", "api-idempotency-reused")
            }
            ApiError::CaseNotFound => (404, "case_not_found", "api-case-not-found"),
            ApiError::Unauthorized => (401, "unauthorized", "api-unauthorized"),
            ApiError::Forbidden => (403, "forbidden", "api-forbidden"),
            ApiError::BadOrigin => (403, "bad_origin", "api-bad-origin"),
            ApiError::InvalidCredentials => (401, "invalid_credentials", "api-invalid-credentials"),
            ApiError::Locked(_) => (423, "locked", "api-locked"),
            ApiError::Conflict => (409, "conflict", "api-conflict"),
            ApiError::ActionNotAllowed => (409, "action_not_allowed", "api-action-not-allowed"),
            ApiError::BootstrapClosed => (403, "bootstrap_closed", "api-bootstrap-closed"),
            ApiError::TooManyRequests(_) => (429, "too_many_requests", "api-too-many-requests"),
            ApiError::Rejected(_) => (422, "import_rejected", "api-import-rejected"),
            ApiError::Internal(_) => (500, "internal", "api-internal"),
        }
    }

    pub fn into_response(self, lang: Lang) -> Response {
        let (status, code, key) = self.parts();
        let fields = match &self {
            ApiError::Validation(errors) => errors.messages(lang),
            ApiError::Field(field, key) => {
                BTreeMap::from([(field.clone(), t(lang, key).to_string())])
            }
            ApiError::Fields(wrong) => wrong
                .iter()
                .map(|(field, key)| (field.to_string(), t(lang, key).to_string()))
                .collect(),
            ApiError::Rejected(lines) => lines.clone(),
            _ => BTreeMap::new(),
        };
        if let ApiError::Internal(detail) = &self {
            worker::console_error!("internal error: {detail}");
        }
        let message = match &self {
            ApiError::Locked(until) => tf(lang, key, &[("until", until)]),
            ApiError::TooManyRequests(seconds) => {
                tf(lang, key, &[("minutes", &seconds.div_ceil(60).to_string())])
            }
            _ => t(lang, key).into(),
        };
        let body = ErrorEnvelope {
            error: ErrorBody {
                code: code.into(),
                message,
                fields,
            },
        };
        // written here, not with `http::json`: the base layer's errors depend on nothing above them
        let mut resp = Response::from_json(&body)
            .or_else(|_| Response::empty())
            .expect("a response")
            .with_status(status);
        let _ = resp.headers_mut().set("cache-control", "no-store");
        if let ApiError::TooManyRequests(seconds) = self {
            let _ = resp.headers_mut().set("retry-after", &seconds.to_string());
        }
        resp
    }
}

impl From<worker::Error> for ApiError {
    fn from(e: worker::Error) -> Self {
        ApiError::Internal(e.to_string())
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
