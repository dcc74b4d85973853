//! What the answer to a filing POST says about the case upstream: the one place that
//! decides whether a key may file again.

use crate::upstream::{FiledCase, UpstreamError};

/// A filing POST's outcome, as far as the BFF can know it.
#[derive(Debug)]
pub enum PostOutcome {
    /// The upstream answered with the case.
    Filed(FiledCase),
    /// Certainly no case: the request never reached the upstream (no connection, circuit
    /// open), or the upstream refused it (4xx, a readable refusal). The key is released.
    NoCase(UpstreamError),
    /// The upstream may have made the case: timeout, connection lost after sending, a 5xx
    /// without a readable refusal, an unreadable or oversized answer. The key is reconciled
    /// before anything is filed again.
    Unknown(UpstreamError),
}

pub fn classify(result: Result<FiledCase, UpstreamError>) -> PostOutcome {
    match result {
        Ok(filed) => PostOutcome::Filed(filed),
        Err(
            error @ (UpstreamError::Unreachable
            | UpstreamError::CircuitOpen
            | UpstreamError::Rejected(_)
            | UpstreamError::NotFound
            | UpstreamError::Conflict
            | UpstreamError::Status(400..=499)),
        ) => PostOutcome::NoCase(error),
        Err(
            error @ (UpstreamError::Timeout
            | UpstreamError::Interrupted
            | UpstreamError::Status(_)
            | UpstreamError::Invalid(_)),
        ) => PostOutcome::Unknown(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_failure_before_sending_or_a_refusal_releases_the_key() {
        for error in [
            UpstreamError::Unreachable,
            UpstreamError::CircuitOpen,
            UpstreamError::Rejected(crate::upstream::Refusal::default()),
            UpstreamError::Status(403),
        ] {
            assert!(matches!(classify(Err(error)), PostOutcome::NoCase(_)));
        }
        for error in [
            UpstreamError::Timeout,
            UpstreamError::Interrupted,
            UpstreamError::Status(500),
            UpstreamError::Status(503),
            UpstreamError::Invalid("garbage".into()),
        ] {
            assert!(matches!(classify(Err(error)), PostOutcome::Unknown(_)));
        }
    }
}
