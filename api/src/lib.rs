//! The contract between the browser and the BFF.
//!
//! Both sides compile this crate, so a path, a type, a limit or an error code is defined
//! once and cannot drift between them.

mod error;
mod locale;
mod service;

pub use error::{ApiError, ErrorCode};
pub use locale::Locale;
pub use service::{ServiceKind, ServiceList, ServiceSummary};

/// Paths of the BFF's API, relative to the site's origin.
pub mod paths {
    /// `GET`: the service catalogue, `?locale=` one of [`crate::Locale`]'s tags.
    pub const SERVICES: &str = "/api/services";
    /// Liveness: answers 200 once the server is up.
    pub const HEALTHZ: &str = "/healthz";
}
