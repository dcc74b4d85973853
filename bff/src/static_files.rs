//! The built frontend. Client routes such as `/services` are answered with index.html
//! (status 200) so that a reload or a shared link opens the right page. Files are served
//! precompressed (`.br`, `.gz` written by `cargo xtask` next to each file) when the browser
//! takes them.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{Next, from_fn};
use axum::response::Response;
use tower::ServiceBuilder;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

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
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(app_shell);
    Router::new()
        .fallback_service(files)
        .layer(from_fn(caching))
}

async fn caching(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // The same URL answers brotli, gzip or plain: caches must keep them apart.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if !headers.contains_key(header::CACHE_CONTROL) {
        let policy = if hashed {
            CACHE_IMMUTABLE
        } else {
            CACHE_REVALIDATE
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
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
