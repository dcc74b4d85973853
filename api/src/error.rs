use serde::{Deserialize, Serialize};

use crate::validation::FieldError;

/// Stable error codes at the BFF's boundary. The frontend localizes each one
/// (Fluent key `error-<code>`), so a code never changes its meaning once shipped.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request was malformed (bad query, bad body).
    BadRequest,
    /// No such route or resource.
    NotFound,
    /// The request's fields break the contract's rules; `fields` says which and why.
    ValidationFailed,
    /// `POST /api/requests` needs an `Idempotency-Key` header.
    IdempotencyKeyMissing,
    /// The same idempotency key came with a different body.
    IdempotencyKeyReused,
    /// The first attempt with this idempotency key is still being filed.
    SubmissionInProgress,
    /// Unknown case or wrong query code: the two answer the same on purpose.
    CaseNotFound,
    /// Too many wrong query codes; `retry_after_secs` says when to try again.
    TooManyAttempts,
    /// The case's stage does not allow that action now.
    ActionNotAllowed,
    /// Too many requests from this client; `retry_after_secs` says when to try again.
    RateLimited,
    /// The body is larger than the route accepts.
    PayloadTooLarge,
    /// A photo that is not JPEG, PNG or WebP.
    UnsupportedMediaType,
    /// A photo with more pixels than allowed.
    ImageTooLarge,
    /// A photo that cannot be decoded.
    ImageUnreadable,
    /// The government system could not be reached or answered with a failure.
    UpstreamUnavailable,
    /// The government system did not answer in time.
    UpstreamTimeout,
    /// The government system answered something we could not read.
    UpstreamInvalid,
    /// The government system refused the request (its own validation).
    UpstreamRejected,
    /// A clerk's id or password is wrong (or the account is disabled: alike, on purpose).
    ClerkSignInFailed,
    /// Too many failed sign-ins for this account or from this client; `retry_after_secs`.
    ClerkSignInLimited,
    /// No clerk session, or it ended (idle or absolute time limit, signed out).
    ClerkSessionRequired,
    /// A state-changing clerk call without the `X-Huiyin-Clerk: 1` header.
    ClerkHeaderMissing,
    /// The city's system may have the request (its answer was lost); the BFF checks before
    /// it files again. Retry the same key after `retry_after_secs`.
    SubmissionUnconfirmed,
    /// The city's system may have the request and offers no way to check: nothing is sent
    /// again; the resident checks with the hotline. Final.
    SubmissionUnverifiable,
    /// The route exists but not with this HTTP method.
    MethodNotAllowed,
    /// The BFF is at its limit of requests in progress; `retry_after_secs` says when to retry.
    ServerBusy,
}

impl ErrorCode {
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::BadRequest,
        ErrorCode::NotFound,
        ErrorCode::ValidationFailed,
        ErrorCode::IdempotencyKeyMissing,
        ErrorCode::IdempotencyKeyReused,
        ErrorCode::SubmissionInProgress,
        ErrorCode::CaseNotFound,
        ErrorCode::TooManyAttempts,
        ErrorCode::ActionNotAllowed,
        ErrorCode::RateLimited,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::ImageTooLarge,
        ErrorCode::ImageUnreadable,
        ErrorCode::UpstreamUnavailable,
        ErrorCode::UpstreamTimeout,
        ErrorCode::UpstreamInvalid,
        ErrorCode::UpstreamRejected,
        ErrorCode::ClerkSignInFailed,
        ErrorCode::ClerkSignInLimited,
        ErrorCode::ClerkSessionRequired,
        ErrorCode::ClerkHeaderMissing,
        ErrorCode::SubmissionUnconfirmed,
        ErrorCode::SubmissionUnverifiable,
        ErrorCode::MethodNotAllowed,
        ErrorCode::ServerBusy,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::NotFound => "not_found",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::IdempotencyKeyMissing => "idempotency_key_missing",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::SubmissionInProgress => "submission_in_progress",
            ErrorCode::CaseNotFound => "case_not_found",
            ErrorCode::TooManyAttempts => "too_many_attempts",
            ErrorCode::ActionNotAllowed => "action_not_allowed",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::ImageTooLarge => "image_too_large",
            ErrorCode::ImageUnreadable => "image_unreadable",
            ErrorCode::UpstreamUnavailable => "upstream_unavailable",
            ErrorCode::UpstreamTimeout => "upstream_timeout",
            ErrorCode::UpstreamInvalid => "upstream_invalid",
            ErrorCode::UpstreamRejected => "upstream_rejected",
            ErrorCode::ClerkSignInFailed => "clerk_sign_in_failed",
            ErrorCode::ClerkSignInLimited => "clerk_sign_in_limited",
            ErrorCode::ClerkSessionRequired => "clerk_session_required",
            ErrorCode::ClerkHeaderMissing => "clerk_header_missing",
            ErrorCode::SubmissionUnconfirmed => "submission_unconfirmed",
            ErrorCode::SubmissionUnverifiable => "submission_unverifiable",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::ServerBusy => "server_busy",
        }
    }
}

/// The body of every non-2xx answer of `/api/*`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    /// With `validation_failed`: each field in error and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// With `too_many_attempts`, `rate_limited`, `submission_in_progress` and
    /// `submission_unconfirmed`: seconds until a retry may succeed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
    /// With `upstream_rejected`: the city system's own explanation, as plain text (never
    /// markup, at most a few hundred characters), in the city's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_message: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode) -> ApiError {
        ApiError {
            code,
            fields: Vec::new(),
            retry_after_secs: None,
            upstream_message: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_stable_names() {
        for &code in ErrorCode::ALL {
            let json = serde_json::to_string(&ApiError::new(code)).unwrap();
            assert_eq!(json, format!("{{\"code\":\"{}\"}}", code.as_str()));
        }
    }
}
