use serde::{Deserialize, Serialize};

use crate::listed::listed;
use crate::validation::FieldError;

listed! {
    /// Stable error codes at the BFF's boundary. The frontend localizes each one
    /// (Fluent key `error-<code>`), so a code never changes its meaning once shipped.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ErrorCode as as_str {
        /// The request was malformed (bad query, bad body).
        BadRequest = "bad_request",
        /// No such route or resource.
        NotFound = "not_found",
        /// The request's fields break the contract's rules; `fields` says which and why.
        ValidationFailed = "validation_failed",
        /// `POST /api/requests` needs an `Idempotency-Key` header.
        IdempotencyKeyMissing = "idempotency_key_missing",
        /// The same idempotency key came with a different body.
        IdempotencyKeyReused = "idempotency_key_reused",
        /// The first attempt with this idempotency key is still being filed.
        SubmissionInProgress = "submission_in_progress",
        /// Unknown case or wrong query code: the two answer the same on purpose.
        CaseNotFound = "case_not_found",
        /// Too many wrong query codes; `retry_after_secs` says when to try again.
        TooManyAttempts = "too_many_attempts",
        /// The case's stage does not allow that action now.
        ActionNotAllowed = "action_not_allowed",
        /// Too many requests from this client; `retry_after_secs` says when to try again.
        RateLimited = "rate_limited",
        /// The body is larger than the route accepts.
        PayloadTooLarge = "payload_too_large",
        /// A photo that is not JPEG, PNG or WebP.
        UnsupportedMediaType = "unsupported_media_type",
        /// A photo with more pixels than allowed.
        ImageTooLarge = "image_too_large",
        /// A photo that cannot be decoded.
        ImageUnreadable = "image_unreadable",
        /// The government system could not be reached or answered with a failure.
        UpstreamUnavailable = "upstream_unavailable",
        /// The government system did not answer in time.
        UpstreamTimeout = "upstream_timeout",
        /// The government system answered something we could not read.
        UpstreamInvalid = "upstream_invalid",
        /// The government system refused the request (its own validation).
        UpstreamRejected = "upstream_rejected",
        /// A clerk's id or password is wrong (or the account is disabled: alike, on purpose).
        ClerkSignInFailed = "clerk_sign_in_failed",
        /// Too many failed sign-ins for this account or from this client; `retry_after_secs`.
        ClerkSignInLimited = "clerk_sign_in_limited",
        /// No clerk session, or it ended (idle or absolute time limit, signed out).
        ClerkSessionRequired = "clerk_session_required",
        /// A state-changing clerk call without the `X-Huiyin-Clerk: 1` header.
        ClerkHeaderMissing = "clerk_header_missing",
        /// The city's system may have the request (its answer was lost); the BFF checks before
        /// it files again. Retry the same key after `retry_after_secs`.
        SubmissionUnconfirmed = "submission_unconfirmed",
        /// The city's system may have the request and offers no way to check: nothing is sent
        /// again; the resident checks with the hotline. Final.
        SubmissionUnverifiable = "submission_unverifiable",
        /// The route exists but not with this HTTP method.
        MethodNotAllowed = "method_not_allowed",
        /// The BFF is at its limit of requests in progress; `retry_after_secs` says when to retry.
        ServerBusy = "server_busy",
        /// A fault of the BFF's own (its database or disk, a task that failed), not of the
        /// city's system: try again later.
        InternalError = "internal_error",
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
