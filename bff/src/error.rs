use api::{ApiError, ErrorCode, FieldError};
use axum::Json;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
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

    /// 503 `server_busy` with `Retry-After`: the BFF is at one of its own limits (requests
    /// in progress, photo decodes); soon it will not be.
    pub fn busy() -> Failure {
        Failure {
            retry_after_secs: Some(crate::server::SHED_RETRY_AFTER_SECS),
            ..Failure::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::ServerBusy)
        }
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

/// Every error under `/api` is the JSON contract, whoever made it: our handlers already
/// answer so, but axum's own refusals (405, a path or query its extractors cannot read, a
/// body over the limit) are plain text or empty. Those are rewritten here by status, so no
/// new rejection can slip out of the contract; `Allow` and `Retry-After` are kept.
pub async fn api_errors_as_json(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let under_api = path == "/api" || path.starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    if !under_api || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if is_json {
        return response;
    }
    let code = match status {
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
        StatusCode::SERVICE_UNAVAILABLE => ErrorCode::ServerBusy,
        // "Try again later" is the honest advice for a fault of ours.
        status if status.is_server_error() => ErrorCode::UpstreamUnavailable,
        _ => ErrorCode::BadRequest,
    };
    let (mut parts, _) = response.into_parts();
    let mut rewritten = Failure::new(status, code).into_response();
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(value) = parts.headers.remove(&name) {
            rewritten.headers_mut().insert(name, value);
        }
    }
    rewritten
}
