//! The one door to the city's system. Everything above this module speaks the contract
//! (`api`); only an adapter knows the upstream's protocol. Open311 GeoReport v2 is the
//! adapter we ship; a city with its own API gets another implementation of [`Upstream`].

mod open311;

use api::{ErrorCode, Locale, ServiceSummary};

pub use open311::Open311;

/// What can go wrong on the way to the city's system, each mapped to a stable code.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    #[error("upstream unreachable")]
    Unreachable,
    #[error("upstream timed out")]
    Timeout,
    #[error("upstream answered HTTP {0}")]
    Status(u16),
    #[error("upstream answer unreadable: {0}")]
    Invalid(String),
}

impl UpstreamError {
    pub fn code(&self) -> ErrorCode {
        match self {
            UpstreamError::Unreachable | UpstreamError::Status(_) => ErrorCode::UpstreamUnavailable,
            UpstreamError::Timeout => ErrorCode::UpstreamTimeout,
            UpstreamError::Invalid(_) => ErrorCode::UpstreamInvalid,
        }
    }
}

#[async_trait::async_trait]
pub trait Upstream: Send + Sync + 'static {
    /// The catalogue in the given language.
    async fn services(&self, locale: Locale) -> Result<Vec<ServiceSummary>, UpstreamError>;
}
