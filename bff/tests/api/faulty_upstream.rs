use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use serde_json::Value;

use crate::helpers::spawn_with;

/// A stand-in for a broken city system: it answers every path with `router`.
async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}/")
}

async fn services_through(upstream: String) -> (u16, Value, Duration) {
    let app = spawn_with(|config| config.upstream = Some(upstream.parse().unwrap())).await;
    let started = Instant::now();
    let response = app
        .client
        .get(app.at("/api/services"))
        .send()
        .await
        .unwrap();
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap(), elapsed)
}

#[tokio::test]
async fn a_refused_connection_is_upstream_unavailable() {
    // Bind and drop: nothing listens on that port any more.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let (status, body, _) = services_through(format!("http://127.0.0.1:{port}/")).await;
    assert_eq!(status, 502);
    assert_eq!(body["code"], "upstream_unavailable");
}

#[tokio::test]
async fn a_500_is_upstream_unavailable() {
    let upstream = serve(
        Router::new()
            .fallback(|| async { (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "boom") }),
    )
    .await;
    let (status, body, _) = services_through(upstream).await;
    assert_eq!(status, 502);
    assert_eq!(body["code"], "upstream_unavailable");
}

#[tokio::test]
async fn garbage_is_upstream_invalid() {
    let upstream = serve(Router::new().route(
        "/services.json",
        get(|| async { "<html>maintenance</html>" }),
    ))
    .await;
    let (status, body, _) = services_through(upstream).await;
    assert_eq!(status, 502);
    assert_eq!(body["code"], "upstream_invalid");
}

#[tokio::test]
async fn a_hanging_upstream_is_a_timeout_in_bounded_time() {
    let upstream = serve(Router::new().route(
        "/services.json",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(60)).await;
            "[]"
        }),
    ))
    .await;
    let (status, body, elapsed) = services_through(upstream).await;
    assert_eq!(status, 504);
    assert_eq!(body["code"], "upstream_timeout");
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
}

#[tokio::test]
async fn a_slow_upstream_within_the_time_limit_still_answers() {
    let upstream = serve(Router::new().route(
        "/services.json",
        get(|| async {
            tokio::time::sleep(Duration::from_millis(600)).await;
            r#"[{"service_code": "x", "service_name": "X", "metadata": false, "type": "realtime"}]"#
        }),
    ))
    .await;
    let (status, body, _) = services_through(upstream).await;
    assert_eq!(status, 200);
    assert_eq!(body["services"][0]["code"], "x");
}

#[tokio::test]
async fn filing_and_tracking_fail_clearly_when_the_upstream_is_down() {
    let upstream = serve(
        Router::new()
            .fallback(|| async { (axum::http::StatusCode::SERVICE_UNAVAILABLE, "maintenance") }),
    )
    .await;
    let app = spawn_with(|config| config.upstream = Some(upstream.parse().unwrap())).await;
    let filed = app
        .post_request(
            Some("down-1"),
            &crate::helpers::noise_complaint("楼下烧烤店每晚音响很吵"),
        )
        .await;
    assert_eq!(filed.status(), 502);
    assert_eq!(
        filed.json::<Value>().await.unwrap()["code"],
        "upstream_unavailable"
    );
    // A code that verifies (any secret's code for this id would do: the check comes first).
    let case = app.case("1", "AAAAAAAA").await;
    assert_eq!(
        case.status(),
        404,
        "the code is checked before the upstream is asked"
    );
}

#[tokio::test]
async fn the_circuit_opens_after_repeated_timeouts_and_answers_at_once() {
    let upstream = serve(Router::new().route(
        "/services.json",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(60)).await;
            "[]"
        }),
    ))
    .await;
    let app = spawn_with(|config| {
        config.upstream = Some(upstream.parse().unwrap());
        config.upstream_timeout_ms = 300;
        config.catalogue_ttl_secs = 0;
    })
    .await;
    for _ in 0..5 {
        let response = app
            .client
            .get(app.at("/api/services"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 504);
    }
    let started = Instant::now();
    let response = app
        .client
        .get(app.at("/api/services"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 502);
    assert_eq!(
        response.json::<Value>().await.unwrap()["code"],
        "upstream_unavailable"
    );
    assert!(
        started.elapsed() < Duration::from_millis(250),
        "fails fast while open"
    );
}

#[tokio::test]
async fn an_answer_past_the_size_cap_is_unreadable_not_buffered() {
    // A well-formed catalogue of 2 MB (one very long name): past a 64 KiB cap.
    let upstream = serve(Router::new().route(
        "/services.json",
        get(|| async {
            format!(
                r#"[{{"service_code": "x", "service_name": "{}", "metadata": false, "type": "realtime"}}]"#,
                "X".repeat(2_000_000)
            )
        }),
    ))
    .await;
    let app = spawn_with(|config| {
        config.upstream = Some(upstream.parse().unwrap());
        config.upstream_max_answer_bytes = 64 * 1024;
    })
    .await;
    let response = app
        .client
        .get(app.at("/api/services"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 502);
    assert_eq!(
        response.json::<Value>().await.unwrap()["code"],
        "upstream_invalid"
    );
}
