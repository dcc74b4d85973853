//! Every refusal under `/api` is the JSON error contract with a stable code, whichever layer
//! refuses: our handlers, axum's extractors and router, or the limits.

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{TestApp, noise_complaint, spawn_app};

/// Sends `method path` with `body` and checks the answer is `status` with `code` in JSON.
async fn refused(app: &TestApp, method: &str, path: &str, body: Vec<u8>, status: u16, code: &str) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let response = app
        .client
        .request(method.clone(), app.at(path))
        .header("content-type", "application/json")
        .header("idempotency-key", "contract-test")
        .header("x-huiyin-clerk", "1")
        .body(body)
        .send()
        .await
        .unwrap();
    let what = format!("{method} {path}");
    assert_eq!(response.status().as_u16(), status, "{what}");
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "{what}: {content_type}"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], code, "{what}: {body}");
    let error: api::ApiError = serde_json::from_value(body).unwrap();
    assert_eq!(error.code.as_str(), code, "{what}");
}

#[tokio::test]
async fn a_wrong_method_is_405_in_the_contract_naming_the_allowed_ones() {
    let app = spawn_app().await;
    for (method, path) in [
        ("PUT", "/api/requests"),
        ("DELETE", "/api/cases/1"),
        ("GET", "/api/media"),
        ("PATCH", "/api/services"),
        ("PUT", "/api/clerk/session"),
        ("DELETE", "/api/nothing-here"),
    ] {
        refused(&app, method, path, vec![], 405, "method_not_allowed").await;
    }
    let response = app
        .client
        .put(app.at("/api/requests"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["allow"], "POST");
}

#[tokio::test]
async fn an_unreadable_path_or_query_is_400_in_the_contract() {
    let app = spawn_app().await;
    for path in [
        // Percent-encoded bytes that are not UTF-8.
        "/api/cases/%FF%FE?code=AAAAAAAA",
        "/api/services/%C3%28",
        "/api/cases/%FF/events?code=AAAAAAAA",
        // A query field twice, or of the wrong kind.
        "/api/cases/1?code=A&code=B",
        "/api/services?locale=en&locale=zh-CN",
        "/api/cases/1/events?code=A&code=B",
    ] {
        refused(&app, "GET", path, vec![], 400, "bad_request").await;
    }
    refused(
        &app,
        "POST",
        "/api/cases/%FF/urge",
        br#"{"code":"AAAAAAAA"}"#.to_vec(),
        400,
        "bad_request",
    )
    .await;
    refused(
        &app,
        "POST",
        "/api/cases/1/urge?locale=en&locale=en",
        br#"{"code":"AAAAAAAA"}"#.to_vec(),
        400,
        "bad_request",
    )
    .await;
}

#[tokio::test]
async fn unknown_routes_and_bad_bodies_are_in_the_contract() {
    let app = spawn_app().await;
    for path in ["/api", "/api/nothing", "/api/cases", "/api/clerk/nothing"] {
        refused(&app, "GET", path, vec![], 404, "not_found").await;
    }
    refused(
        &app,
        "POST",
        "/api/nothing",
        b"{}".to_vec(),
        404,
        "not_found",
    )
    .await;
    for path in ["/api/requests", "/api/cases/1/urge"] {
        refused(
            &app,
            "POST",
            path,
            b"{not json".to_vec(),
            400,
            "bad_request",
        )
        .await;
        refused(&app, "POST", path, b"[1, 2]".to_vec(), 400, "bad_request").await;
    }
    let big = vec![b'x'; 11 * 1024 * 1024];
    refused(&app, "POST", "/api/media", big, 413, "payload_too_large").await;
}

#[tokio::test]
async fn a_path_with_raw_bytes_that_are_not_utf8_is_refused_without_a_fault() {
    let app = spawn_app().await;
    let address = app.url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream
        .write_all(
            b"GET /api/cases/\xff\xfe HTTP/1.1\r\nHost: huiyin.test\r\nConnection: close\r\n\r\n",
        )
        .await
        .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    let status_line = answer.lines().next().unwrap_or_default();
    assert!(status_line.starts_with("HTTP/1.1 4"), "{answer}");
}

#[tokio::test]
async fn a_photo_address_from_elsewhere_is_refused_and_never_reaches_the_city() {
    let app = spawn_app().await;
    let photo = format!("{}/0123456789abcdef0123456789abcdef.jpg", app.at("/media"));
    for address in [
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "http://localhost:8080/media/0123456789abcdef0123456789abcdef.jpg".to_owned(),
        "https://elsewhere.example/media/0123456789abcdef0123456789abcdef.jpg".to_owned(),
        format!("{photo}?then=http://169.254.169.254/"),
        app.at("/api/requests"),
        "file:///etc/passwd".to_owned(),
    ] {
        let mut request = noise_complaint("楼下烧烤店每晚音响很吵");
        request["media_urls"] = serde_json::json!([address]);
        let response = app.post_request(Some("ssrf"), &request).await;
        assert_eq!(response.status(), 422, "{address}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "validation_failed");
        assert!(
            body["fields"]
                .as_array()
                .unwrap()
                .contains(&serde_json::json!({"field": "media", "code": "not_our_photo"})),
            "{address}: {body}"
        );
    }
    assert_eq!(app.upstream_case_count().await, 0, "nothing was filed");
}
