//! The response format a client picks with the path's extension (`.json` / `.xml`),
//! and writing a [`Doc`] or an [`Open311Error`] in it.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::doc::Doc;
use crate::error::Open311Error;
use crate::xml;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::Json, Format::Xml];

    pub const fn ext(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Xml => "xml",
        }
    }

    pub const fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json; charset=utf-8",
            Format::Xml => "text/xml; charset=utf-8",
        }
    }

    /// Splits `"noise-nuisance.json"` into the name and its format. A name without an
    /// extension answers JSON; an unknown extension is `None`.
    pub fn split(segment: &str) -> Option<(&str, Format)> {
        match segment.rsplit_once('.') {
            None => Some((segment, Format::Json)),
            Some((name, "json")) => Some((name, Format::Json)),
            Some((name, "xml")) => Some((name, Format::Xml)),
            Some(_) => None,
        }
    }

    /// Writes `doc`; `root` names the XML root element (JSON has none).
    pub fn render(self, status: StatusCode, root: &str, doc: &Doc) -> Response {
        let body = match self {
            Format::Json => doc.to_json(),
            Format::Xml => xml::render(root, doc),
        };
        (status, [(header::CONTENT_TYPE, self.content_type())], body).into_response()
    }

    pub fn error(self, error: &Open311Error) -> Response {
        let mut response = self.render(error.status, "errors", &error.to_doc());
        if error.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }

    /// Writes a handler's outcome: the document with 200, or the error.
    pub fn reply(self, root: &str, outcome: Result<Doc, Open311Error>) -> Response {
        match outcome {
            Ok(doc) => self.render(StatusCode::OK, root, &doc),
            Err(error) => self.error(&error),
        }
    }
}
