use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use serde_json::Value;

use crate::helpers::{spawn_app, spawn_with};

#[tokio::test]
async fn ready_while_the_upstream_answers() {
    let app = spawn_app().await;
    let response = app.client.get(app.at("/readyz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn not_ready_when_the_upstream_is_gone() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let app = spawn_with(|config| {
        config.upstream = Some(format!("http://127.0.0.1:{port}/").parse().unwrap());
    })
    .await;
    let response = app.client.get(app.at("/readyz")).send().await.unwrap();
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "upstream_unavailable");
}

#[tokio::test]
async fn not_ready_in_short_time_when_the_upstream_hangs() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let hanging = Router::new().route(
        "/services.json",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(60)).await;
            "[]"
        }),
    );
    tokio::spawn(async move { axum::serve(listener, hanging).await });
    let app = spawn_with(|config| {
        config.upstream = Some(format!("http://{addr}/").parse().unwrap());
        config.upstream_timeout_ms = 30_000;
    })
    .await;
    let started = Instant::now();
    let response = app.client.get(app.at("/readyz")).send().await.unwrap();
    assert_eq!(response.status(), 503);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}
