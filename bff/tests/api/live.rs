//! Live progress: each event pushed over SSE, and one upstream poll per case per interval
//! however many browsers watch.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use serde_json::json;

use crate::helpers::{ADMIN_TOKEN, TestApp, spawn_with};

/// A pass-through in front of the sandbox that counts the case reads it forwards.
#[derive(Clone)]
struct CountingProxy {
    target: String,
    case_reads: Arc<AtomicUsize>,
    client: reqwest::Client,
}

async fn forward(State(proxy): State<CountingProxy>, request: Request) -> Response {
    let path_and_query = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    if request.method() == "GET" && request.uri().path().starts_with("/requests/") {
        proxy.case_reads.fetch_add(1, Ordering::SeqCst);
    }
    let method = request.method().clone();
    let headers = request.headers().clone();
    let body = axum::body::to_bytes(request.into_body(), usize::MAX)
        .await
        .unwrap();
    let upstream = proxy
        .client
        .request(
            method,
            format!("{}{}", proxy.target.trim_end_matches('/'), path_and_query),
        )
        .headers(headers)
        .body(body)
        .send()
        .await
        .unwrap();
    let mut response = Response::builder().status(upstream.status());
    for (name, value) in upstream.headers() {
        response = response.header(name, value);
    }
    response
        .body(Body::from(upstream.bytes().await.unwrap()))
        .unwrap()
}

/// A sandbox, a counting proxy in front of it, and a BFF whose upstream is the proxy.
async fn watched_setup(poll_secs: u64) -> (TestApp, TestApp, Arc<AtomicUsize>) {
    let sandbox_app = spawn_with(|_| {}).await;
    let target = sandbox_app.sandbox_url.clone().unwrap();
    let case_reads = Arc::new(AtomicUsize::new(0));
    let proxy = CountingProxy {
        target,
        case_reads: case_reads.clone(),
        client: reqwest::Client::new(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy_url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, Router::new().fallback(forward).with_state(proxy)).await
    });
    // The sandbox app's BFF files; the watched BFF reads through the proxy. Both share the
    // query-code secret so a receipt from one opens the case in the other.
    let secret_dir = sandbox_app.data_dir.clone();
    let secret = std::fs::read_to_string(secret_dir.join("query-code.secret")).unwrap();
    let api_key = "unused-for-reads".to_owned();
    let watched = spawn_with(move |config| {
        config.upstream = Some(proxy_url.parse().unwrap());
        config.api_key = Some(api_key);
        config.query_code_secret = Some(secret);
        config.case_poll_secs = poll_secs;
    })
    .await;
    (sandbox_app, watched, case_reads)
}

/// A browser watching a case: `case` events as JSON; dropping it closes the connection.
struct Watcher {
    updates: tokio::sync::mpsc::UnboundedReceiver<serde_json::Value>,
    reader: tokio::task::JoinHandle<()>,
}

impl Watcher {
    async fn recv(&mut self) -> Option<serde_json::Value> {
        self.updates.recv().await
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.reader.abort();
    }
}

/// Reads `case` events from an SSE response.
fn events(response: reqwest::Response) -> Watcher {
    let (sender, updates) = tokio::sync::mpsc::unbounded_channel();
    let reader = tokio::spawn(async move {
        let mut response = response;
        let mut buffer = String::new();
        while let Ok(Some(chunk)) = response.chunk().await {
            buffer.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = buffer.find("\n\n") {
                let block: String = buffer.drain(..end + 2).collect();
                if let Some(data) = block.lines().find_map(|l| l.strip_prefix("data: ")) {
                    let value: serde_json::Value = serde_json::from_str(data).unwrap();
                    if sender.send(value).is_err() {
                        return;
                    }
                }
            }
        }
    });
    Watcher { updates, reader }
}

async fn open_stream(app: &TestApp, id: &str, code: &str) -> reqwest::Response {
    let response = app
        .client
        .get(app.at(&format!("/api/cases/{id}/events")))
        .query(&[("code", code)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    response
}

#[tokio::test]
async fn each_new_event_is_pushed_to_the_watcher() {
    let (sandbox_app, watched, _) = watched_setup(1).await;
    let receipt = sandbox_app.file("live-1").await;
    let mut updates = events(open_stream(&watched, &receipt.case_id, &receipt.query_code).await);
    let first = tokio::time::timeout(Duration::from_secs(5), updates.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first["stage"], "submitted");
    let admin = format!(
        "{}admin/requests/{}/accept",
        sandbox_app.sandbox_url.as_ref().unwrap(),
        receipt.case_id
    );
    let accepted = sandbox_app
        .client
        .post(admin)
        .bearer_auth(ADMIN_TOKEN)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 200);
    let next = tokio::time::timeout(Duration::from_secs(5), updates.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(next["stage"], "accepted");
    assert_eq!(next["events"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn many_watchers_cost_one_upstream_poll_per_interval_and_none_after_they_leave() {
    let (sandbox_app, watched, case_reads) = watched_setup(1).await;
    let receipt = sandbox_app.file("live-2").await;
    let mut streams = Vec::new();
    for _ in 0..8 {
        let mut updates =
            events(open_stream(&watched, &receipt.case_id, &receipt.query_code).await);
        tokio::time::timeout(Duration::from_secs(5), updates.recv())
            .await
            .unwrap()
            .unwrap();
        streams.push(updates);
    }
    let before = case_reads.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let polls = case_reads.load(Ordering::SeqCst) - before;
    assert!(
        (2..=5).contains(&polls),
        "8 watchers over 3.5 intervals made {polls} upstream reads (one poll per interval expected)"
    );
    drop(streams);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let after_leaving = case_reads.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(
        case_reads.load(Ordering::SeqCst),
        after_leaving,
        "polling stops when nobody watches"
    );
}

#[tokio::test]
async fn a_stream_needs_the_right_code() {
    let (sandbox_app, watched, _) = watched_setup(1).await;
    let receipt = sandbox_app.file("live-3").await;
    let response = watched
        .client
        .get(watched.at(&format!("/api/cases/{}/events", receipt.case_id)))
        .query(&[("code", "AAAAAAAA")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}
