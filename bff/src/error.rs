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
    upstream_message: Option<String>,
    fault: Option<UpstreamFault>,
}

/// Put on a response the BFF answered because of the city's system, so that the request
/// log writes one WARN line for it (with the route pattern and the upstream's status).
#[derive(Clone, Copy, Debug)]
pub struct UpstreamFault {
    pub code: ErrorCode,
    /// The upstream's HTTP status, when it answered one.
    pub upstream_status: Option<u16>,
}

impl Failure {
    pub fn new(status: StatusCode, code: ErrorCode) -> Failure {
        Failure {
            status,
            code,
            fields: Vec::new(),
            retry_after_secs: None,
            upstream_message: None,
            fault: None,
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
        let code = error.code();
        let status = match error {
            UpstreamError::Timeout => StatusCode::GATEWAY_TIMEOUT,
            UpstreamError::NotFound => StatusCode::NOT_FOUND,
            UpstreamError::Rejected(_) => StatusCode::UNPROCESSABLE_ENTITY,
            UpstreamError::Conflict => StatusCode::CONFLICT,
            _ => StatusCode::BAD_GATEWAY,
        };
        let upstream_status = match &error {
            UpstreamError::Status(s) => Some(*s),
            _ => None,
        };
        // Logged once, by the request log, from this mark: the kind and status only, since
        // the upstream's own words may echo a resident's input.
        // A refusal or an unknown id is the city answering, not failing: no fault.
        let failing = error.is_fault() || matches!(error, UpstreamError::CircuitOpen);
        let fault = failing.then_some(UpstreamFault {
            code,
            upstream_status,
        });
        match error {
            UpstreamError::Rejected(refusal) => Failure {
                fields: refusal
                    .field
                    .map(|field| vec![FieldError::new(field, api::FieldErrorCode::RefusedByCity)])
                    .unwrap_or_default(),
                upstream_message: refusal.message,
                fault,
                ..Failure::new(status, code)
            },
            _ => Failure {
                fault,
                ..Failure::new(status, code)
            },
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = ApiError {
            code: self.code,
            fields: self.fields,
            retry_after_secs: self.retry_after_secs,
            upstream_message: self.upstream_message,
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(fault) = self.fault {
            response.extensions_mut().insert(fault);
        }
        if let Some(seconds) = self.retry_after_secs {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}
