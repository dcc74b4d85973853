//! The built frontend. Addresses without a file extension are the app's pages (pages.rs:
//! rendered on the server, or full.html for the app to draw), so that a reload or a
//! shared link opens the right page; a missing file is a 404. Files are served
//! precompressed (`.br`, `.gz` written by `cargo xtask` next to each file) when the browser
//! takes them. Each locale's messages are served beside them, made by the BFF itself
//! (messages.rs).

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::extract::State;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, header};
use axum::middleware::{Next, from_fn};
use axum::response::IntoResponse;
use axum::response::Response;
use tower::ServiceBuilder;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;

use crate::error::Failure;
use crate::pages::Pages;

/// For files whose name changes with their content.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For everything else: the browser keeps a copy but asks whether it is still current, so
/// a new release reaches residents on their next visit.
const CACHE_REVALIDATE: &str = "no-cache";

pub fn router(dist: &Path, pages: Pages) -> Router {
    // A missing file is a 404, not a page: a page cached from an older release that asks
    // for its old script must fail plainly, not receive HTML as JavaScript. Every other
    // address is a page of the app (pages.rs), rendered or for the app to draw.
    let page_or_missing = move |request: Request| {
        let pages = pages.clone();
        async move {
            if looks_like_a_file(request.uri().path()) {
                return Failure::not_found().into_response();
            }
            crate::pages::page(State(pages), request).await
        }
    };
    // Rendered for each request, so compressed for each: brotli at a quality that costs
    // well under a millisecond for a page (the files beside them are compressed at build time).
    let pages = ServiceBuilder::new()
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .service(page_or_missing.into_service());
    // `/` is a page too, not the directory's index.html.
    let files = ServeDir::new(dist)
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(pages);
    Router::new()
        .route(
            &format!("{}{{file}}", crate::messages::PREFIX),
            axum::routing::get(crate::messages::serve),
        )
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
