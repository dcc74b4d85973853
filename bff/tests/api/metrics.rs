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
        // Unrouted: a page the fallback serves, counted as "static" whatever its path.
        "/services/HUIYIN-CLIENT-ROUTE",
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
    assert!(text.contains(r#"route="/cases/{id}""#), "{text}");
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

#[tokio::test]
async fn metrics_are_for_this_host_or_a_scraper_with_the_token() {
    let app = crate::helpers::spawn_with(|config| {
        // A proxy on this host forwards a remote client, as in production.
        config.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
        config.metrics_token = Some("scrape-secret-1234".into());
    })
    .await;
    let remote = |token: Option<&str>| {
        let mut request = app
            .client
            .get(app.at("/metrics"))
            .header("x-forwarded-for", "198.51.100.7");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    let refused = remote(None).await.unwrap();
    assert_eq!(refused.status(), 404);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "not_found");
    assert_eq!(
        remote(Some("scrape-secret-123")).await.unwrap().status(),
        404
    );
    assert_eq!(
        remote(Some("scrape-secret-12345")).await.unwrap().status(),
        404
    );
    assert_eq!(
        remote(Some("scrape-secret-1234")).await.unwrap().status(),
        200
    );
    // This host itself needs no token.
    scrape(&app).await;
}
