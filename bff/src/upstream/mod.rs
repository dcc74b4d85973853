//! The one door to the city's system. Everything above this module speaks the contract
//! (`api`); only an adapter knows the upstream's protocol. Open311 GeoReport v2 is the
//! adapter we ship; a city with its own API gets another implementation of [`Upstream`].

mod breaker;
mod open311;
pub mod profile;
mod types;

use api::{CaseAction, ErrorCode, Locale, ServiceDefinition, ServiceSummary};

pub use breaker::Breaker;
pub use open311::{Open311, Open311Options};
pub use profile::Profile;
pub use types::{CaseNote, CaseRecord, CityFiling, FiledCase, ResidentAction, UpstreamLookup};

/// What can go wrong on the way to the city's system, each mapped to a stable code.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    /// No connection: the request certainly never reached the upstream.
    #[error("upstream unreachable")]
    Unreachable,
    /// The connection was lost after the request went out: the upstream may have acted.
    #[error("connection to the upstream lost mid-call")]
    Interrupted,
    #[error("upstream timed out")]
    Timeout,
    #[error("upstream answered HTTP {0}")]
    Status(u16),
    #[error("upstream answer unreadable: {0}")]
    Invalid(String),
    #[error("upstream knows no such resource")]
    NotFound,
    /// The upstream refused the request itself: a 4xx, or a 5xx whose body gives a
    /// reason. Certainly no case was made.
    #[error("upstream refused the request")]
    Rejected(Refusal),
    /// The upstream refused an action in the case's current state (409).
    #[error("upstream refused the action in this state")]
    Conflict,
    /// Too many recent failures: calls fail fast until the breaker lets a probe through.
    #[error("circuit open")]
    CircuitOpen,
}

impl UpstreamError {
    pub fn code(&self) -> ErrorCode {
        match self {
            UpstreamError::Unreachable
            | UpstreamError::Interrupted
            | UpstreamError::Status(_)
            | UpstreamError::CircuitOpen => ErrorCode::UpstreamUnavailable,
            UpstreamError::Timeout => ErrorCode::UpstreamTimeout,
            UpstreamError::Invalid(_) => ErrorCode::UpstreamInvalid,
            UpstreamError::NotFound => ErrorCode::NotFound,
            UpstreamError::Rejected(_) => ErrorCode::UpstreamRejected,
            UpstreamError::Conflict => ErrorCode::ActionNotAllowed,
        }
    }

    /// Whether the failure says the upstream is unwell (counts for the circuit breaker),
    /// rather than that the request was wrong.
    pub fn is_fault(&self) -> bool {
        matches!(
            self,
            UpstreamError::Unreachable
                | UpstreamError::Interrupted
                | UpstreamError::Timeout
                | UpstreamError::Status(_)
                | UpstreamError::Invalid(_)
        )
    }
}

/// A city's refusal: its own explanation, as plain text (tags dropped, length capped), and
/// the field of the draft it names when that can be told.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Refusal {
    pub message: Option<String>,
    pub field: Option<api::Field>,
}

impl Refusal {
    pub fn new(message: Option<String>) -> Refusal {
        Refusal {
            message,
            field: None,
        }
    }
}

#[async_trait::async_trait]
pub trait Upstream: Send + Sync + 'static {
    /// The resident's actions the city's system takes online; the others the case page
    /// explains how to do another way.
    async fn online_actions(&self) -> Vec<CaseAction>;

    /// What a resident typed as a case number, spelt as the city's system spells its ids;
    /// `None` when it cannot be one.
    fn case_id(&self, typed: &str) -> Option<String>;

    /// The catalogue in the given language.
    async fn services(&self, locale: Locale) -> Result<Vec<ServiceSummary>, UpstreamError>;

    /// One service's questions. `NotFound` for an unknown code.
    async fn definition(
        &self,
        code: &str,
        locale: Locale,
    ) -> Result<ServiceDefinition, UpstreamError>;

    /// Files a new case, with `case.submission_token` for the upstream to know it by. Not
    /// retried: repeating a POST could make a second case.
    async fn file(&self, case: &CityFiling) -> Result<FiledCase, UpstreamError>;

    /// How this upstream can tell whether an attempt made a case (docs/exactly-once.md).
    fn lookup(&self) -> UpstreamLookup;

    /// The cases that match what an attempt sent (service, exact description, location and,
    /// where the upstream shows it, the token as `device_id`), filed between
    /// `first_sent_at` (Unix seconds) and now. Empty: confirmed not there.
    async fn find_filed(
        &self,
        case: &CityFiling,
        first_sent_at: i64,
    ) -> Result<Vec<FiledCase>, UpstreamError>;

    /// A case as the upstream has it now. `NotFound` for an unknown id.
    async fn case(&self, id: &str, locale: Locale) -> Result<CaseRecord, UpstreamError>;

    /// A resident's action on a case; answers the case afterwards.
    async fn act(
        &self,
        id: &str,
        action: &ResidentAction,
        locale: Locale,
    ) -> Result<CaseRecord, UpstreamError>;
}
