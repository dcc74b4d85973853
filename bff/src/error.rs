use api::{ApiError, ErrorCode, FieldError};
use axum::Json;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::filing::StoreError;
use crate::upstream::UpstreamError;

/// The HTTP status of each error code: the one place a status is chosen for an answer the
/// BFF writes itself (axum's own refusals keep theirs, see [`api_errors_as_json`]; a
/// readiness verdict is [`Failure::not_ready`]).
pub const fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::BadRequest | ErrorCode::IdempotencyKeyMissing => StatusCode::BAD_REQUEST,
        ErrorCode::ClerkSignInFailed | ErrorCode::ClerkSessionRequired => StatusCode::UNAUTHORIZED,
        ErrorCode::ClerkHeaderMissing => StatusCode::FORBIDDEN,
        ErrorCode::NotFound | ErrorCode::CaseNotFound => StatusCode::NOT_FOUND,
        ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::SubmissionInProgress | ErrorCode::ActionNotAllowed => StatusCode::CONFLICT,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::ValidationFailed
        | ErrorCode::IdempotencyKeyReused
        | ErrorCode::ImageTooLarge
        | ErrorCode::ImageUnreadable
        | ErrorCode::UpstreamRejected => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::TooManyAttempts | ErrorCode::RateLimited | ErrorCode::ClerkSignInLimited => {
            StatusCode::TOO_MANY_REQUESTS
        }
        ErrorCode::InternalError => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::UpstreamUnavailable
        | ErrorCode::UpstreamInvalid
        | ErrorCode::SubmissionUnverifiable => StatusCode::BAD_GATEWAY,
        ErrorCode::SubmissionUnconfirmed | ErrorCode::ServerBusy => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::UpstreamTimeout => StatusCode::GATEWAY_TIMEOUT,
    }
}

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
    /// An answer with `code`, at its status ([`status_of`]).
    pub fn new(code: ErrorCode) -> Failure {
        Failure {
            status: status_of(code),
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
            ..Failure::new(ErrorCode::ValidationFailed)
        }
    }

    /// 429 with `Retry-After`.
    pub fn retry_later(code: ErrorCode, seconds: u64) -> Failure {
        Failure {
            retry_after_secs: Some(seconds),
            ..Failure::new(code)
        }
    }

    /// Any status, with `Retry-After` (a passing state: the same request may succeed then).
    pub fn with_retry_after(mut self, seconds: u64) -> Failure {
        self.retry_after_secs = Some(seconds.max(1));
        self
    }

    /// 503 `server_busy` with `Retry-After`: the BFF is at one of its own limits (requests
    /// in progress, photo decodes); soon it will not be.
    pub fn busy() -> Failure {
        Failure {
            retry_after_secs: Some(crate::server::SHED_RETRY_AFTER_SECS),
            ..Failure::new(ErrorCode::ServerBusy)
        }
    }

    /// The status the API answers this with; a page's form answers it too.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// What the API's JSON body says: a page's form shows the same (localized by the app).
    pub fn to_api_error(&self) -> ApiError {
        ApiError {
            code: self.code,
            fields: self.fields.clone(),
            retry_after_secs: self.retry_after_secs,
            upstream_message: self.upstream_message.clone(),
        }
    }

    pub fn bad_request() -> Failure {
        Failure::new(ErrorCode::BadRequest)
    }

    pub fn not_found() -> Failure {
        Failure::new(ErrorCode::NotFound)
    }

    /// 500 `internal_error`: a fault of the BFF's own (its SQLite, its disk, a task that
    /// failed), logged here with `what` failed; the resident is not told the city's system
    /// is down when it is not.
    pub fn internal(what: &'static str, error: impl std::fmt::Display) -> Failure {
        tracing::error!(%error, "{what}");
        Failure::new(ErrorCode::InternalError)
    }

    /// The answer's stable code (a page form turns it into the page's words).
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    pub fn fields(&self) -> &[FieldError] {
        &self.fields
    }

    pub fn retry_after_secs(&self) -> Option<u64> {
        self.retry_after_secs
    }

    pub fn upstream_message(&self) -> Option<&str> {
        self.upstream_message.as_deref()
    }

    /// The mark the request log reads, for a page's answer to carry as the API's does.
    pub fn fault(&self) -> Option<UpstreamFault> {
        self.fault
    }

    /// `/readyz`'s verdict for a load balancer: 503 while the city's system does not
    /// answer, the status load balancers read as "send traffic elsewhere".
    pub fn not_ready() -> Failure {
        Failure {
            status: StatusCode::SERVICE_UNAVAILABLE,
            ..Failure::new(ErrorCode::UpstreamUnavailable)
        }
    }
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Failure {
        Failure::internal("the BFF's store failed", error)
    }
}

impl From<UpstreamError> for Failure {
    fn from(error: UpstreamError) -> Failure {
        let code = error.code();
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
                ..Failure::new(code)
            },
            _ => Failure {
                fault,
                ..Failure::new(code)
            },
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = self.to_api_error();
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
        // A fault of ours (a handler that panicked, say), not of the city's system.
        status if status.is_server_error() => ErrorCode::InternalError,
        _ => ErrorCode::BadRequest,
    };
    let (mut parts, _) = response.into_parts();
    // axum's status stands: the rewrite changes the body, not the answer.
    let mut rewritten = Failure {
        status,
        ..Failure::new(code)
    }
    .into_response();
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(value) = parts.headers.remove(&name) {
            rewritten.headers_mut().insert(name, value);
        }
    }
    rewritten
}
