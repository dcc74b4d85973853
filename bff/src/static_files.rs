//! The built frontend. Client routes such as `/services` (paths without a file extension)
//! are answered with index.html (status 200) so that a reload or a shared link opens the
//! right page; a missing file is a 404. Files are served
//! precompressed (`.br`, `.gz` written by `cargo xtask` next to each file) when the browser
//! takes them.

use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, header};
use axum::middleware::{Next, from_fn};
use axum::response::IntoResponse;
use axum::response::Response;
use tower::{ServiceBuilder, ServiceExt};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::Failure;

/// For files whose name changes with their content.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For everything else: the browser keeps a copy but asks whether it is still current, so
/// a new release reaches residents on their next visit.
const CACHE_REVALIDATE: &str = "no-cache";

pub fn router(dist: &Path) -> Router {
    // The app shell answers unknown paths; it must never be cached as if it were the
    // hashed asset that was asked for.
    let app_shell = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(CACHE_REVALIDATE),
        ))
        .service(
            ServeFile::new(dist.join("index.html"))
                .precompressed_br()
                .precompressed_gzip(),
        );
    // A missing file is a 404, not the app shell: a page cached from an older release that
    // asks for its old script must fail plainly, not receive HTML as JavaScript.
    let shell_or_missing = move |request: Request| {
        let app_shell = app_shell.clone();
        async move {
            if looks_like_a_file(request.uri().path()) {
                return Failure::not_found().into_response();
            }
            match app_shell.oneshot(request).await {
                Ok(response) => response.map(Body::new),
                Err(never) => match never {},
            }
        }
    };
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(shell_or_missing.into_service());
    Router::new()
        .fallback_service(files)
        .layer(from_fn(caching))
}

async fn caching(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let response_ok =
        response.status().is_success() || response.status() == axum::http::StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    // The same URL answers brotli, gzip or plain: caches must keep them apart.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if !headers.contains_key(header::CACHE_CONTROL) {
        // A 404 under a hashed name must not stick either.
        let policy = if hashed && response_ok {
            CACHE_IMMUTABLE
        } else {
            CACHE_REVALIDATE
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// A path whose last segment ends in a file extension: client routes never do.
fn looks_like_a_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.rsplit_once('.').is_some_and(|(stem, extension)| {
        !stem.is_empty()
            && (1..=12).contains(&extension.len())
            && extension.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

/// Trunk's `filehash` names: `app-<16 hex>.css`, `huiyin-frontend-<16 hex>_bg.wasm`.
fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, _extension)) = name.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(base, hash)| {
        !base.is_empty()
            && hash.len() == 16
            && hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_have_extensions_and_client_routes_do_not() {
        for path in [
            "/app-ea25564e5926dca8.css",
            "/icon.svg",
            "/old_bg.wasm",
            "/a/b.webmanifest",
        ] {
            assert!(looks_like_a_file(path), "{path}");
        }
        for path in [
            "/",
            "/services",
            "/cases/20261128000001",
            "/services/noise-nuisance",
            "/.",
            "/x.",
        ] {
            assert!(!looks_like_a_file(path), "{path}");
        }
    }

    #[test]
    fn trunk_names_are_hashed_and_others_are_not() {
        for path in [
            "/app-ea25564e5926dca8.css",
            "/huiyin-frontend-a30f6103b46f00a6.js",
            "/huiyin-frontend-a30f6103b46f00a6_bg.wasm",
            "/icon-7348190ca9ece8f8.svg",
        ] {
            assert!(is_hashed_asset(path), "{path}");
        }
        for path in [
            "/",
            "/index.html",
            "/manifest.webmanifest",
            "/app-abc123.css",
            "/cases/123",
            "/-ea25564e5926dca8.css",
            "/app-EA25564E5926DCA8.css",
        ] {
            assert!(!is_hashed_asset(path), "{path}");
        }
    }
}
