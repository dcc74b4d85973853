//! The contract between the browser and the BFF.
//!
//! Both sides compile this crate, so a path, a type, a limit or an error code is defined
//! once and cannot drift between them.

mod case;
mod definition;
mod error;
mod locale;
mod request;
mod service;
pub mod validation;

pub use case::{
    AddInfo, CaseAction, CaseEvent, CaseNote, CaseView, DueStatus, Rating, Stage, mask_phone,
};
pub use definition::{Attribute, AttributeValue, Datatype, ServiceDefinition};
pub use error::{ApiError, ErrorCode};
pub use locale::Locale;
pub use request::{AttributeAnswer, Contact, Location, NewRequest, Receipt};
pub use service::{ServiceKind, ServiceList, ServiceSummary};
pub use validation::{FieldError, FieldErrorCode};

/// Paths of the BFF's API, relative to the site's origin.
pub mod paths {
    /// `GET`: the service catalogue, `?locale=` one of [`crate::Locale`]'s tags.
    pub const SERVICES: &str = "/api/services";
    /// `GET /api/services/{code}?locale=`: one service's definition.
    pub const SERVICE: &str = "/api/services/{code}";
    /// `POST` with an `Idempotency-Key` header: file a request.
    pub const REQUESTS: &str = "/api/requests";
    /// `GET ?code=`: a case.
    pub const CASE: &str = "/api/cases/{id}";
    /// `GET ?code=`: the case's new events as Server-Sent Events.
    pub const CASE_EVENTS: &str = "/api/cases/{id}/events";
    /// `POST`: one of the resident's actions (`info`, `urge`, `withdraw`, `rating`).
    pub const CASE_ACTION: &str = "/api/cases/{id}/{action}";
    /// `POST`: upload a photo.
    pub const MEDIA: &str = "/api/media";
    /// The OpenAPI document of these routes.
    pub const OPENAPI: &str = "/api/openapi.json";
    /// Liveness: answers 200 once the server is up.
    pub const HEALTHZ: &str = "/healthz";
    /// Readiness: answers 200 while the upstream answers.
    pub const READYZ: &str = "/readyz";
    /// Prometheus metrics.
    pub const METRICS: &str = "/metrics";
    /// The header carrying the device's idempotency key on `POST /api/requests`.
    pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";
}
