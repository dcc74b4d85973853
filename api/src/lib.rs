//! The contract between the browser and the BFF.
//!
//! Both sides compile this crate, so a path, a type, a limit or an error code is defined
//! once and cannot drift between them.

mod case;
mod clerk;
mod definition;
mod error;
mod field;
mod listed;
mod locale;
mod number;
mod request;
mod service;
pub mod validation;

pub use case::{
    AddInfo, CaseAction, CaseEvent, CaseNote, CaseView, DueStatus, EventKind, Rating, Stage,
    mask_phone,
};
pub use clerk::{ClerkSession, ClerkSignIn, ConsentReadOut, mask_email, mask_name};
pub use definition::{Attribute, AttributeValue, Datatype, ServiceDefinition};
pub use error::{ApiError, ErrorCode};
pub use field::{AttributeField, Field};
pub use locale::Locale;
pub use request::{AttributeAnswer, Channel, Contact, Location, NewRequest, Receipt};
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
    /// `POST` a [`crate::ClerkSignIn`]: starts a clerk's session (a new cookie each time).
    pub const CLERK_SIGN_IN: &str = "/api/clerk/sign-in";
    /// `POST`: ends the clerk's session.
    pub const CLERK_SIGN_OUT: &str = "/api/clerk/sign-out";
    /// `GET`: the clerk's session ([`crate::ClerkSession`]); each call keeps it alive.
    pub const CLERK_SESSION: &str = "/api/clerk/session";
    /// `POST` with an `Idempotency-Key`: file on a resident's behalf (channel `window`).
    pub const CLERK_REQUESTS: &str = "/api/clerk/requests";
    /// `GET ?code=`: a case, looked up by a clerk on the resident's word.
    pub const CLERK_CASE: &str = "/api/clerk/cases/{id}";
    /// `POST`: one of the resident's actions, taken by a clerk on the resident's word.
    pub const CLERK_CASE_ACTION: &str = "/api/clerk/cases/{id}/{action}";
    /// `GET`: the QR code (SVG) of the case's tracking link, for the printed receipt.
    pub const CLERK_CASE_QR: &str = "/api/clerk/cases/{id}/qr.svg";
    /// Every state-changing clerk call carries this header with the value `1`. A page on
    /// another site cannot send it without the BFF's CORS consent, which is never given.
    pub const CLERK_HEADER: &str = "x-huiyin-clerk";
    /// The clerk's session cookie: `__Host-` so that it is Secure, host-only and `Path=/`.
    pub const CLERK_COOKIE: &str = "__Host-huiyin-clerk";
    /// Set beside the session cookie while a clerk is signed in on this browser, readable
    /// by the page (value `1`, no secret): every tab of the app, however it was opened,
    /// starts in window mode from it, and a server rendering a page can tell the same.
    pub const WINDOW_MODE_COOKIE: &str = "__Host-huiyin-window";
    /// The resident's language (`zh-CN`, `zh-TW`, `en`), readable by the page and the
    /// server: the server renders pages in it (issue 19, server-rendered pages).
    pub const LOCALE_COOKIE: &str = "huiyin-locale";
    /// `elderly` while elderly mode is on; the server renders pages large from it.
    pub const MODE_COOKIE: &str = "huiyin-mode";
    /// `1`: a test asked for the pseudo-locale (`en-XA`). Residents never have it.
    pub const PSEUDO_COOKIE: &str = "huiyin-pseudo";
}
