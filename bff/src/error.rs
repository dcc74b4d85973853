use api::{ApiError, ErrorCode, FieldError};
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::upstream::UpstreamError;

/// An answer of `/api/*` that is not a success: a status and a stable code, which the
/// frontend turns into a localized message.
#[derive(Debug)]
pub struct Failure {
    status: StatusCode,
    code: ErrorCode,
    fields: Vec<FieldError>,
    retry_after_secs: Option<u64>,
}

impl Failure {
    pub fn new(status: StatusCode, code: ErrorCode) -> Failure {
        Failure {
            status,
            code,
            fields: Vec::new(),
            retry_after_secs: None,
        }
    }

    /// 422 naming each field in error.
    pub fn invalid(fields: Vec<FieldError>) -> Failure {
        Failure {
            fields,
            ..Failure::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ValidationFailed,
            )
        }
    }

    /// 429 with `Retry-After`.
    pub fn retry_later(code: ErrorCode, seconds: u64) -> Failure {
        Failure {
            retry_after_secs: Some(seconds),
            ..Failure::new(StatusCode::TOO_MANY_REQUESTS, code)
        }
    }

    /// Any status, with `Retry-After` (a passing state: the same request may succeed then).
    pub fn with_retry_after(mut self, seconds: u64) -> Failure {
        self.retry_after_secs = Some(seconds.max(1));
        self
    }

    pub fn bad_request() -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, ErrorCode::BadRequest)
    }

    pub fn not_found() -> Failure {
        Failure::new(StatusCode::NOT_FOUND, ErrorCode::NotFound)
    }
}

impl From<UpstreamError> for Failure {
    fn from(error: UpstreamError) -> Failure {
        // The upstream's own words may echo a resident's input: log the kind only.
        tracing::warn!(code = error.code().as_str(), "upstream call failed");
        let status = match error {
            UpstreamError::Timeout => StatusCode::GATEWAY_TIMEOUT,
            UpstreamError::NotFound => StatusCode::NOT_FOUND,
            UpstreamError::Rejected => StatusCode::UNPROCESSABLE_ENTITY,
            UpstreamError::Conflict => StatusCode::CONFLICT,
            _ => StatusCode::BAD_GATEWAY,
        };
        Failure::new(status, error.code())
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = ApiError {
            code: self.code,
            fields: self.fields,
            retry_after_secs: self.retry_after_secs,
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after_secs {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}
