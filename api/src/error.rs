use serde::{Deserialize, Serialize};

/// Stable error codes at the BFF's boundary. The frontend localizes each one
/// (Fluent key `error-<code>`), so a code never changes its meaning once shipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request was malformed (bad query, bad body).
    BadRequest,
    /// No such route or resource.
    NotFound,
    /// The government system could not be reached or answered with a failure.
    UpstreamUnavailable,
    /// The government system did not answer in time.
    UpstreamTimeout,
    /// The government system answered something we could not read.
    UpstreamInvalid,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 5] = [
        ErrorCode::BadRequest,
        ErrorCode::NotFound,
        ErrorCode::UpstreamUnavailable,
        ErrorCode::UpstreamTimeout,
        ErrorCode::UpstreamInvalid,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::NotFound => "not_found",
            ErrorCode::UpstreamUnavailable => "upstream_unavailable",
            ErrorCode::UpstreamTimeout => "upstream_timeout",
            ErrorCode::UpstreamInvalid => "upstream_invalid",
        }
    }
}

/// The body of every non-2xx answer of `/api/*`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_stable_names() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&ApiError { code }).unwrap();
            assert_eq!(json, format!("{{\"code\":\"{}\"}}", code.as_str()));
        }
    }
}
