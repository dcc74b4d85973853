//! The route table. GeoReport v2 paths carry the format as an extension; each resource
//! is routed once per format.

use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{MatchedPath, RawQuery, Request, State};
use axum::http::HeaderMap;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};

use crate::Sandbox;
use crate::admin;
use crate::error::Open311Error;
use crate::format::Format;
use crate::open311::{create, discovery, requests, resident, services, tokens};

pub fn router(sandbox: Sandbox) -> Router {
    let mut router = Router::new();
    for format in Format::ALL {
        let ext = format.ext();
        router = router
            .route(
                &format!("/services.{ext}"),
                get(
                    move |State(s): State<Sandbox>, RawQuery(q): RawQuery, headers: HeaderMap| {
                        services::list(s, q, format, host(&headers))
                    },
                ),
            )
            .route(
                &format!("/requests.{ext}"),
                get(move |State(s): State<Sandbox>, RawQuery(q): RawQuery| {
                    requests::list(s, q, format)
                })
                .post(
                    move |State(s): State<Sandbox>,
                          RawQuery(q): RawQuery,
                          headers: HeaderMap,
                          body: Bytes| {
                        create::create(s, q, headers, body, format)
                    },
                ),
            )
            .route(
                &format!("/discovery.{ext}"),
                get(move |headers: HeaderMap| discovery::discovery(headers, format)),
            );
    }
    let router = router
        .route("/services/{file}", get(services::definition))
        .route("/requests/{file}", get(requests::one))
        // The spec's Swagger file spells the single-request path in the singular.
        .route("/request/{file}", get(requests::one))
        .route("/tokens/{file}", get(tokens::resolve));
    // A plain city has no resident-action endpoints at all: 404, like any unknown path.
    let router = if sandbox.plain().is_some() {
        router
    } else {
        router.route("/requests/{file}/{action}", post(resident::act))
    };
    router
        .route("/admin/departments", get(admin::departments))
        .route("/admin/requests/{id}/{action}", post(admin::act))
        .fallback(|| async { Format::Json.error(&Open311Error::not_found("no such resource")) })
        .method_not_allowed_fallback(|| async {
            Format::Json.error(&Open311Error::new(
                axum::http::StatusCode::METHOD_NOT_ALLOWED,
                "method not allowed",
            ))
        })
        .layer(middleware::from_fn(log_request))
        .with_state(sandbox)
}

/// The `Host` a client used, when it is a plain host name or address (for the paging links).
fn host(headers: &HeaderMap) -> Option<String> {
    headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '[' | ']'))
        })
        .map(str::to_owned)
}

/// One line per request: method, route pattern, status, time. Never the query string or
/// the body, which carry keys and residents' words.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    if status >= 500 {
        tracing::warn!(%method, route, status, ms, "request failed");
    } else {
        tracing::debug!(%method, route, status, ms, "request");
    }
    response
}
