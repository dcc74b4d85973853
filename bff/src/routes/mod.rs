//! One file per resource of the API.

mod cases;
mod health;
pub mod media;
mod readiness;
mod requests;
mod services;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;
use crate::error::Failure;

pub fn api() -> Router<AppState> {
    Router::new()
        .route(api::paths::SERVICES, get(services::list))
        .route(api::paths::SERVICE, get(services::definition))
        .route(api::paths::REQUESTS, post(requests::file))
        .route(api::paths::CASE, get(cases::show))
        .route(api::paths::CASE_EVENTS, get(cases::events))
        .route(api::paths::CASE_ACTION, post(cases::act))
        // An unknown API path is a JSON 404, never the app's index.html.
        .route("/api", get(unknown_api))
        .route("/api/{*rest}", get(unknown_api).post(unknown_api))
}

pub fn health() -> Router<AppState> {
    Router::new()
        .route(api::paths::HEALTHZ, get(health::healthz))
        .route(api::paths::READYZ, get(readiness::readyz))
        .route(api::paths::METRICS, get(crate::metrics::render))
}

async fn unknown_api() -> Failure {
    Failure::not_found()
}
