//! One file per resource of the API. The router and the OpenAPI document are built from
//! the same annotated handlers (utoipa-axum), so the document cannot drift from the routes.

pub(crate) mod cases;
mod clerk;
mod health;
pub mod media;
mod openapi;
mod readiness;
mod requests;
mod services;

use axum::Router;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::Failure;

use openapi::FilingAnswers;
pub use openapi::{ApiDoc, publish as publish_document};

/// The resident's API and the operations endpoints, documented.
pub fn documented() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(<ApiDoc as utoipa::OpenApi>::openapi())
        .routes(routes!(services::list))
        .routes(routes!(services::definition))
        .routes(routes!(requests::file))
        .routes(routes!(cases::show))
        .routes(routes!(cases::events))
        .routes(routes!(cases::act))
        .routes(routes!(health::healthz))
        .routes(routes!(readiness::readyz))
        .routes(routes!(crate::metrics::render))
        .routes(routes!(openapi::document))
        .merge(clerk_routes())
}

/// The service window's routes, none of whose answers may stay in an HTTP cache.
fn clerk_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(clerk::sign_in))
        .routes(routes!(clerk::sign_out))
        .routes(routes!(clerk::session))
        .routes(routes!(clerk::file))
        .routes(routes!(clerk::show_case))
        .routes(routes!(clerk::act_on))
        .routes(routes!(clerk::case_qr))
        .layer(axum::middleware::map_response(clerk::no_store))
}

/// An unknown API path is a JSON 404, never the app's index.html.
pub fn unknown_api() -> Router {
    Router::new()
        .route("/api", get(not_found))
        .route("/api/{*rest}", get(not_found).post(not_found))
}

async fn not_found() -> Failure {
    Failure::not_found()
}
