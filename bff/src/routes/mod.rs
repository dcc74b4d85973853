//! One file per resource of the API.

mod health;
mod services;

use axum::Router;
use axum::routing::get;

use crate::AppState;
use crate::error::Failure;

pub fn api() -> Router<AppState> {
    Router::new()
        .route(api::paths::SERVICES, get(services::list))
        // An unknown API path is a JSON 404, never the app's index.html.
        .route("/api", get(unknown_api))
        .route("/api/{*rest}", get(unknown_api).post(unknown_api))
}

pub fn health() -> Router<AppState> {
    Router::new().route(api::paths::HEALTHZ, get(health::healthz))
}

async fn unknown_api() -> Failure {
    Failure::not_found()
}
