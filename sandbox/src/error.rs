//! Errors at the HTTP boundary, answered in the GeoReport v2 form:
//! `[{"code":400,"description":"…"}]` (or `<errors><error>…`), HTTP status = `code`.

use axum::http::StatusCode;

use crate::doc::Doc;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Open311Error {
    pub status: StatusCode,
    pub description: String,
}

impl Open311Error {
    pub fn new(status: StatusCode, description: impl Into<String>) -> Open311Error {
        Open311Error {
            status,
            description: description.into(),
        }
    }

    pub fn bad_request(description: impl Into<String>) -> Open311Error {
        Open311Error::new(StatusCode::BAD_REQUEST, description)
    }

    pub fn unauthorized(description: impl Into<String>) -> Open311Error {
        Open311Error::new(StatusCode::UNAUTHORIZED, description)
    }

    pub fn forbidden(description: impl Into<String>) -> Open311Error {
        Open311Error::new(StatusCode::FORBIDDEN, description)
    }

    pub fn not_found(description: impl Into<String>) -> Open311Error {
        Open311Error::new(StatusCode::NOT_FOUND, description)
    }

    /// A workflow action the case's current stage does not allow.
    pub fn conflict(description: impl Into<String>) -> Open311Error {
        Open311Error::new(StatusCode::CONFLICT, description)
    }

    /// Logs the cause (never personal data: only database and runtime errors get here)
    /// and answers a plain 500.
    pub fn internal(cause: &dyn std::fmt::Display) -> Open311Error {
        tracing::error!(error = %cause, "internal error");
        Open311Error::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
    }

    pub fn to_doc(&self) -> Doc {
        Doc::list([Doc::obj([
            ("code", Doc::Int(i64::from(self.status.as_u16()))),
            ("description", self.description.clone().into()),
        ])])
    }
}

impl From<rusqlite::Error> for Open311Error {
    fn from(err: rusqlite::Error) -> Open311Error {
        Open311Error::internal(&err)
    }
}
