use crate::helpers::spawn_app;

async fn scrape(app: &crate::helpers::TestApp) -> String {
    let response = app.client.get(app.at("/metrics")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    response.text().await.unwrap()
}

#[tokio::test]
async fn requests_are_counted_by_route_pattern_never_by_raw_path() {
    let app = spawn_app().await;
    let secret_path = "/api/cases/HUIYIN-CASE-20261128-0042";
    for path in [
        "/api/services",
        "/api/services",
        secret_path,
        "/cases/HUIYIN-CLIENT-ROUTE",
    ] {
        app.client.get(app.at(path)).send().await.unwrap();
    }
    let text = scrape(&app).await;
    assert!(
        text.contains(
            r#"huiyin_http_requests_total{method="GET",route="/api/services",status="200"}"#
        ),
        "{text}"
    );
    assert!(
        text.contains(r#"huiyin_http_request_duration_seconds_bucket{method="GET",route="/api/services",status="200",le="0.1"}"#),
        "{text}"
    );
    assert!(text.contains(r#"route="static""#), "{text}");
    assert!(
        !text.contains("HUIYIN-CASE"),
        "a raw path leaked into a label"
    );
    assert!(
        !text.contains("HUIYIN-CLIENT-ROUTE"),
        "a raw path leaked into a label"
    );
}

#[tokio::test]
async fn photo_ids_never_become_labels() {
    let app = spawn_app().await;
    let id = "0123456789abcdef0123456789abcdef";
    app.client
        .get(app.at(&format!("/media/{id}.jpg")))
        .send()
        .await
        .unwrap();
    let text = scrape(&app).await;
    assert!(
        text.contains(
            r#"huiyin_http_requests_total{method="GET",route="/media/{file}",status="404"}"#
        ),
        "{text}"
    );
    assert!(!text.contains(id));
}

#[tokio::test]
async fn the_live_stream_gauge_is_exported() {
    let app = spawn_app().await;
    let _stream = bff::metrics::SseStreamGuard::open();
    let text = scrape(&app).await;
    assert!(
        text.contains("# TYPE huiyin_sse_streams_open gauge"),
        "{text}"
    );
    assert!(text.contains("\nhuiyin_sse_streams_open "), "{text}");
}
