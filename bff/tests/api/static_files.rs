use tempfile::TempDir;

use crate::helpers::{TestApp, spawn_app, spawn_with};

const SCRIPT: &str = "huiyin-frontend-0123456789abcdef.js";

/// A dist/ as `cargo xtask` leaves it: Trunk's hashed files with their `.br` and `.gz`.
async fn app_on_built_dist() -> (TestApp, TempDir) {
    let dist = TempDir::new().unwrap();
    let file = |name: &str, bytes: &[u8]| std::fs::write(dist.path().join(name), bytes).unwrap();
    file("index.html", b"<!doctype html><title>Huiyin test</title>");
    file("index.html.br", b"brotli index");
    file(SCRIPT, b"export default function init() {}");
    file(&format!("{SCRIPT}.br"), b"brotli bytes");
    file(&format!("{SCRIPT}.gz"), b"gzip bytes");
    file("manifest.webmanifest", b"{}");
    let path = dist.path().to_path_buf();
    (spawn_with(|config| config.dist_dir = path).await, dist)
}

#[tokio::test]
async fn client_routes_are_answered_with_the_app() {
    let app = spawn_app().await;
    // The pages are rendered into index.html (tests/api/pages.rs says what they hold).
    for path in [
        "/",
        "/services",
        "/cases/123",
        "/services/x/file/description",
    ] {
        let response = app.client.get(app.at(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.text().await.unwrap().contains("id=\"page-start\""));
    }
}

#[tokio::test]
async fn a_missing_file_is_404_never_the_app() {
    let (app, _dist) = app_on_built_dist().await;
    // What a page from an older release asks for after a new one is deployed.
    for path in [
        "/huiyin-frontend-fedcba9876543210.js",
        "/huiyin-frontend-fedcba9876543210_bg.wasm",
        "/icon.svg",
    ] {
        let response = app.client.get(app.at(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        assert_ne!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
    }
    let response = app
        .client
        .get(app.at(&format!("/{SCRIPT}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn unknown_api_paths_are_json_404() {
    let app = spawn_app().await;
    for path in ["/api", "/api/nothing", "/api/services/x/y"] {
        let response = app.client.get(app.at(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["code"], "not_found");
    }
}

#[tokio::test]
async fn browsers_that_take_brotli_get_the_precompressed_file() {
    let (app, _dist) = app_on_built_dist().await;
    for (encoding, body) in [("br", "brotli bytes"), ("gzip", "gzip bytes")] {
        let response = app
            .client
            .get(app.at(&format!("/{SCRIPT}")))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-encoding"], encoding);
        assert_eq!(response.headers()["content-type"], "text/javascript");
        assert_eq!(response.headers()["vary"], "accept-encoding");
        assert_eq!(response.text().await.unwrap(), body);
    }
    let plain = app
        .client
        .get(app.at(&format!("/{SCRIPT}")))
        .send()
        .await
        .unwrap();
    assert!(!plain.headers().contains_key("content-encoding"));
    assert_eq!(
        plain.text().await.unwrap(),
        "export default function init() {}"
    );
}

#[tokio::test]
async fn hashed_files_are_cached_for_good_and_the_rest_revalidated() {
    let (app, _dist) = app_on_built_dist().await;
    let cache_control = |path: &str| {
        let request = app.client.get(app.at(path)).header("accept-encoding", "br");
        let path = path.to_owned();
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
            response.headers()["cache-control"]
                .to_str()
                .unwrap()
                .to_owned()
        }
    };
    assert_eq!(
        cache_control(&format!("/{SCRIPT}")).await,
        "public, max-age=31536000, immutable"
    );
    for path in ["/", "/index.html", "/manifest.webmanifest", "/services"] {
        assert_eq!(cache_control(path).await, "no-cache", "{path}");
    }
    // A case page can hold the case and its query code (from this browser's case cookie):
    // kept by no cache at all.
    assert_eq!(cache_control("/cases/123").await, "no-store");
}
