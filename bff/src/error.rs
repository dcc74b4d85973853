use api::{ApiError, ErrorCode};
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
}

impl Failure {
    pub fn new(status: StatusCode, code: ErrorCode) -> Failure {
        Failure { status, code }
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
            _ => StatusCode::BAD_GATEWAY,
        };
        Failure::new(status, error.code())
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.status, Json(ApiError { code: self.code })).into_response()
    }
}
