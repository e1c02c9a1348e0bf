//! The one error type of the Worker, mapped once to `{"error":{"code","message","fields"}}`.

use std::collections::BTreeMap;

use domain::api::{ErrorBody, ErrorEnvelope};
use domain::i18n::{t, Lang};
use domain::intake::FieldErrors;
use worker::Response;

#[derive(Debug)]
pub enum ApiError {
    InvalidJson,
    BodyTooLarge,
    UnsupportedMediaType,
    NotFound,
    MethodNotAllowed,
    Validation(FieldErrors),
    IdempotencyKeyMissing,
    IdempotencyKeyMalformed,
    IdempotencyKeyReused,
    CaseNotFound,
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
            ApiError::MethodNotAllowed => (405, "method_not_allowed", "api-method-not-allowed"),
            ApiError::Validation(_) => (422, "validation_failed", "api-validation"),
            ApiError::IdempotencyKeyMissing => {
                (400, "idempotency_key_missing", "api-idempotency-missing")
            }
            ApiError::IdempotencyKeyMalformed => (
                400,
                "idempotency_key_malformed",
                "api-idempotency-malformed",
            ),
            ApiError::IdempotencyKeyReused => {
                (422, "idempotency_key_reused", "api-idempotency-reused")
            }
            ApiError::CaseNotFound => (404, "case_not_found", "api-case-not-found"),
            ApiError::Internal(_) => (500, "internal", "api-internal"),
        }
    }

    pub fn into_response(self, lang: Lang) -> Response {
        let (status, code, key) = self.parts();
        let fields = match &self {
            ApiError::Validation(errors) => errors.messages(lang),
            _ => BTreeMap::new(),
        };
        if let ApiError::Internal(detail) = &self {
            worker::console_error!("internal error: {detail}");
        }
        let body = ErrorEnvelope {
            error: ErrorBody {
                code: code.into(),
                message: t(lang, key).into(),
                fields,
            },
        };
        crate::http::json(&body, status).unwrap_or_else(|_| {
            Response::empty()
                .expect("empty response")
                .with_status(status)
        })
    }
}

impl From<worker::Error> for ApiError {
    fn from(e: worker::Error) -> Self {
        ApiError::Internal(e.to_string())
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
