use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tempfile::TempDir;

use crate::helpers::spawn_with;

/// Trunk's loader, as it writes it into dist/index.html.
const LOADER: &str = "\nimport init, * as bindings from '/huiyin-frontend-0123456789abcdef.js';\n\
                      const wasm = await init({ module_or_path: '/huiyin-frontend-0123456789abcdef_bg.wasm' });\n\
                      window.wasmBindings = bindings;\n";

fn dist_with_loader() -> TempDir {
    let dist = TempDir::new().unwrap();
    let html = format!(
        "<!doctype html><html><head><title>Huiyin test</title>\n<script type=\"module\">{LOADER}</script>\n\
         <link rel=\"modulepreload\" href=\"/huiyin-frontend-0123456789abcdef.js\"></head><body></body></html>"
    );
    std::fs::write(dist.path().join("index.html"), html).unwrap();
    dist
}

#[tokio::test]
async fn the_policy_allows_exactly_the_inline_loader_by_its_hash() {
    let dist = dist_with_loader();
    let path = dist.path().to_path_buf();
    let app = spawn_with(|config| config.dist_dir = path).await;
    let hash = BASE64.encode(Sha256::digest(LOADER.as_bytes()));
    for path in ["/", "/services", "/api/nothing", "/healthz"] {
        let response = app.client.get(app.at(path)).send().await.unwrap();
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .unwrap();
        let script_src = policy
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .unwrap();
        assert_eq!(
            script_src,
            format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'"),
            "{path}"
        );
        assert!(!policy.contains("unsafe-inline"), "{path}");
        for directive in [
            "default-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "manifest-src 'self'",
        ] {
            assert!(
                policy.split("; ").any(|d| d == directive),
                "{path}: {directive}"
            );
        }
    }
}

#[tokio::test]
async fn every_answer_carries_the_protective_headers() {
    let app = spawn_with(|_| {}).await;
    for path in [
        "/",
        "/app-abc123.css",
        "/api/nothing",
        "/healthz",
        "/metrics",
    ] {
        let response = app.client.get(app.at(path)).send().await.unwrap();
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(
            headers["permissions-policy"],
            "geolocation=(self), camera=(self), microphone=(), payment=(), usb=()",
            "{path}"
        );
        assert_eq!(
            headers["cross-origin-opener-policy"], "same-origin",
            "{path}"
        );
        assert!(headers.contains_key("content-security-policy"), "{path}");
    }
}

#[tokio::test]
async fn a_burst_over_the_limit_is_told_when_to_retry() {
    let app = spawn_with(|config| {
        config.rate_limit_per_minute = 6;
        config.rate_limit_burst = 3;
    })
    .await;
    let mut statuses = Vec::new();
    let mut refusal = None;
    for _ in 0..5 {
        let response = app.client.get(app.at("/api/nothing")).send().await.unwrap();
        statuses.push(response.status().as_u16());
        if response.status() == 429 {
            let retry_after: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            refusal = Some((retry_after, response.json::<Value>().await.unwrap()));
        }
    }
    assert_eq!(statuses, [404, 404, 404, 429, 429]);
    let (retry_after, body) = refusal.unwrap();
    // One request comes back every 10 seconds at 6 a minute.
    assert!((1..=10).contains(&retry_after), "{retry_after}");
    assert_eq!(body["code"], "rate_limited");
    assert_eq!(body["retry_after_secs"], retry_after);
    // Only the API is limited: the app and the health checks still answer.
    for path in ["/", "/healthz"] {
        let response = app.client.get(app.at(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
    }
}

/// Statuses of three requests each from two clients, as `X-Forwarded-For` names them.
async fn statuses_per_forwarded_client(app: &crate::helpers::TestApp) -> Vec<u16> {
    let mut statuses = Vec::new();
    for client in ["198.51.100.7", "198.51.100.8"] {
        for _ in 0..3 {
            let response = app
                .client
                .get(app.at("/api/nothing"))
                .header("x-forwarded-for", client)
                .send()
                .await
                .unwrap();
            statuses.push(response.status().as_u16());
        }
    }
    statuses
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_allowance() {
    let app = spawn_with(|config| {
        config.rate_limit_per_minute = 1;
        config.rate_limit_burst = 2;
        config.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    assert_eq!(
        statuses_per_forwarded_client(&app).await,
        [404, 404, 429, 404, 404, 429]
    );
}

#[tokio::test]
async fn without_trusted_proxies_a_forwarded_header_is_ignored() {
    let app = spawn_with(|config| {
        config.rate_limit_per_minute = 1;
        config.rate_limit_burst = 2;
    })
    .await;
    // A client cannot walk away from its limit by writing a new address each time.
    assert_eq!(
        statuses_per_forwarded_client(&app).await,
        [404, 404, 429, 429, 429, 429]
    );
}

#[tokio::test]
async fn a_zero_rate_switches_the_limit_off() {
    let app = spawn_with(|config| {
        config.rate_limit_per_minute = 0;
        config.rate_limit_burst = 1;
    })
    .await;
    for _ in 0..5 {
        let response = app.client.get(app.at("/api/nothing")).send().await.unwrap();
        assert_eq!(response.status(), 404);
    }
}

#[tokio::test]
async fn a_json_body_over_the_limit_is_413_json_never_500() {
    let app = spawn_with(|_| {}).await;
    let description = "噪".repeat(40_000);
    let body = serde_json::json!({ "service_code": "noise", "description": description });
    for path in ["/api/requests", "/api/cases/1/info"] {
        let response = app
            .client
            .post(app.at(path))
            .header("idempotency-key", "security-test-key")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 413, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "payload_too_large", "{path}");
    }
}

#[tokio::test]
async fn no_site_but_ours_may_embed_any_answer() {
    let app = spawn_with(|_| {}).await;
    for path in [
        "/",
        "/app-abc123.css",
        "/api/services",
        "/api/nothing",
        "/healthz",
    ] {
        let response = app.client.get(app.at(path)).send().await.unwrap();
        assert_eq!(
            response.headers()["cross-origin-resource-policy"],
            "same-origin",
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_case_or_a_receipt_is_never_kept_in_a_cache() {
    let app = spawn_with(|_| {}).await;
    let filed = app
        .post_request(
            Some("no-store-receipt"),
            &crate::helpers::noise_complaint("楼下烧烤店每晚音响很吵"),
        )
        .await;
    assert_eq!(filed.status(), 201);
    assert_eq!(filed.headers()["cache-control"], "no-store", "the receipt");
    let receipt: api::Receipt = filed.json().await.unwrap();
    let case = app.case(&receipt.case_id, &receipt.query_code).await;
    assert_eq!(case.status(), 200);
    assert_eq!(case.headers()["cache-control"], "no-store", "the case");
    let wrong = app.case(&receipt.case_id, "AAAAAAAA").await;
    assert_eq!(wrong.status(), 404);
    assert_eq!(wrong.headers()["cache-control"], "no-store", "a wrong code");
    let session = app
        .client
        .get(app.at("/api/clerk/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(session.headers()["cache-control"], "no-store", "the window");
    // The catalogue is the same for everyone: it may be cached (and revalidated).
    let services = app
        .client
        .get(app.at("/api/services"))
        .send()
        .await
        .unwrap();
    assert_ne!(services.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn hsts_is_sent_only_where_the_site_is_served_over_tls() {
    let plain = spawn_with(|_| {}).await;
    let response = plain.client.get(plain.at("/")).send().await.unwrap();
    assert!(
        !response.headers().contains_key("strict-transport-security"),
        "a plain-http site must not pin itself to https"
    );
    let tls = spawn_with(|config| {
        config.public_url = Some("https://12345.city.example/".parse().unwrap());
    })
    .await;
    for path in ["/", "/api/services", "/healthz"] {
        let response = tls.client.get(tls.at(path)).send().await.unwrap();
        assert_eq!(
            response.headers()["strict-transport-security"],
            "max-age=31536000",
            "{path}"
        );
    }
    let shorter = spawn_with(|config| {
        config.public_url = Some("https://12345.city.example/".parse().unwrap());
        config.hsts_max_age_secs = Some(600);
    })
    .await;
    let response = shorter.client.get(shorter.at("/")).send().await.unwrap();
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=600"
    );
    let off = spawn_with(|config| {
        config.public_url = Some("https://12345.city.example/".parse().unwrap());
        config.hsts_max_age_secs = Some(0);
    })
    .await;
    let response = off.client.get(off.at("/")).send().await.unwrap();
    assert!(!response.headers().contains_key("strict-transport-security"));
}
