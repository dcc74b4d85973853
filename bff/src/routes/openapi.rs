use std::sync::OnceLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The document's frame; the paths come from the router (see `routes::documented`).
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Huiyin BFF",
        description = "The resident app's API: the 12345 service catalogue, filing, tracking and live progress; and the service window's, where a signed-in clerk files and follows cases on a resident's behalf."
    ),
    components(schemas(
        api::ApiError,
        api::ErrorCode,
        api::FieldError,
        api::FieldErrorCode,
        api::AddInfo,
        api::CaseNote,
        api::Rating,
        api::ConsentReadOut
    ))
)]
pub struct ApiDoc;

static DOCUMENT: OnceLock<String> = OnceLock::new();

/// Keeps the finished document (the same for every app in this process).
pub fn publish(document: &utoipa::openapi::OpenApi) {
    let _ = DOCUMENT.set(document.to_json().expect("the document serializes"));
}

/// `GET /api/openapi.json`: this document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "operations",
    responses((status = 200, description = "The OpenAPI 3.1 document of these routes", body = serde_json::Value)))]
pub async fn document() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.get().cloned().unwrap_or_default(),
    )
        .into_response()
}
