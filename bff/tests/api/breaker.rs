//! The circuit breaker judges the city's system, not one resident's request: a fault-injecting
//! proxy of ours in front of the real sandbox fails chosen calls, everything else goes through.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use tempfile::TempDir;

use crate::helpers::{TestApp, noise_complaint, spawn_with, standalone_sandbox};

const API_KEY: &str = "breaker-test-key";
/// In a description, makes the proxy answer that filing with a 500, every time: the city's
/// deterministic refusal of one particular request.
const REFUSED_MARKER: &str = "NEEDSCOORDINATES";

#[derive(Default)]
struct Faults {
    /// Every filing answered 500.
    filing_down: AtomicBool,
    /// Every case read answered 500.
    case_reads_down: AtomicBool,
    filings_seen: AtomicUsize,
    case_reads_seen: AtomicUsize,
}

#[derive(Clone)]
struct Proxy {
    sandbox: String,
    http: reqwest::Client,
    faults: Arc<Faults>,
}

async fn forward(
    State(proxy): State<Proxy>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path();
    let faults = &proxy.faults;
    if method == Method::POST && path == "/requests.json" {
        faults.filings_seen.fetch_add(1, Ordering::SeqCst);
        let marked = body
            .windows(REFUSED_MARKER.len())
            .any(|w| w == REFUSED_MARKER.as_bytes());
        if marked || faults.filing_down.load(Ordering::SeqCst) {
            return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
        }
    }
    if method == Method::GET && path.starts_with("/requests/") {
        faults.case_reads_seen.fetch_add(1, Ordering::SeqCst);
        if faults.case_reads_down.load(Ordering::SeqCst) {
            return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
        }
    }
    let target = format!(
        "{}{}",
        proxy.sandbox.trim_end_matches('/'),
        uri.path_and_query().map_or(path, |p| p.as_str())
    );
    let mut request = proxy.http.request(method, target).body(body);
    if let Some(content_type) = headers.get(header::CONTENT_TYPE) {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    let answer = request.send().await.expect("the sandbox answers");
    let status = answer.status();
    let content_type = answer.headers().get(header::CONTENT_TYPE).cloned();
    let body = answer.bytes().await.unwrap();
    let mut response = (status, body).into_response();
    if let Some(content_type) = content_type {
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, content_type);
    }
    response
}

struct Setup {
    app: TestApp,
    faults: Arc<Faults>,
    _sandbox_dir: TempDir,
}

/// A BFF whose upstream is the real sandbox behind the proxy.
async fn through_the_proxy() -> Setup {
    let (addr, dir) = standalone_sandbox(API_KEY).await;
    let sandbox_url = format!("http://{addr}/");
    let faults = Arc::new(Faults::default());
    let proxy = Proxy {
        sandbox: sandbox_url,
        http: reqwest::Client::new(),
        faults: faults.clone(),
    };
    let proxy_url = serve(Router::new().fallback(forward).with_state(proxy)).await;
    let app = spawn_with(|config| {
        config.upstream = Some(proxy_url.parse().unwrap());
        config.api_key = Some(API_KEY.to_owned());
    })
    .await;
    Setup {
        app,
        faults,
        _sandbox_dir: dir,
    }
}

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}/")
}

#[tokio::test]
async fn one_residents_request_refused_again_and_again_does_not_shut_out_everyone() {
    let Setup { app, faults, .. } = through_the_proxy().await;
    let refused = noise_complaint(&format!("{REFUSED_MARKER} 楼下烧烤店每晚音响很吵"));
    // The resident's device tries again and again; the city refuses the same request each time.
    for attempt in 0..8 {
        let response = app
            .post_request(Some(&format!("refused-{attempt}")), &refused)
            .await;
        assert!(response.status().is_server_error(), "attempt {attempt}");
    }
    assert_eq!(
        faults.filings_seen.load(Ordering::SeqCst),
        8,
        "every attempt reached the city: the circuit stayed closed"
    );
    // Everyone else files and follows as usual.
    let receipt = app.file("another-resident").await;
    let case = app.case(&receipt.case_id, &receipt.query_code).await;
    assert_eq!(case.status(), 200);
}

#[tokio::test]
async fn with_filing_down_residents_still_follow_their_cases() {
    let Setup { app, faults, .. } = through_the_proxy().await;
    let receipt = app.file("before-the-outage").await;
    faults.filing_down.store(true, Ordering::SeqCst);
    let filings_before = faults.filings_seen.load(Ordering::SeqCst);
    // Different residents' requests fail: that is the city's filing being unwell.
    for resident in 0..6 {
        let response = app
            .post_request(
                Some(&format!("outage-{resident}")),
                &noise_complaint(&format!("第 {resident} 位居民：楼下烧烤店每晚音响很吵")),
            )
            .await;
        assert!(response.status().is_server_error(), "resident {resident}");
    }
    assert_eq!(
        faults.filings_seen.load(Ordering::SeqCst) - filings_before,
        5,
        "the sixth filing was refused at once: the filing circuit is open"
    );
    let case = app.case(&receipt.case_id, &receipt.query_code).await;
    assert_eq!(case.status(), 200, "reading is not filing");
    let services = app
        .client
        .get(app.at("/api/services"))
        .send()
        .await
        .unwrap();
    assert_eq!(services.status(), 200);
}

#[tokio::test]
async fn with_case_reads_down_residents_still_file() {
    let Setup { app, faults, .. } = through_the_proxy().await;
    let mut receipts = Vec::new();
    for resident in 0..5 {
        receipts.push(app.file(&format!("reader-{resident}")).await);
    }
    faults.case_reads_down.store(true, Ordering::SeqCst);
    for receipt in &receipts {
        let case = app.case(&receipt.case_id, &receipt.query_code).await;
        assert!(case.status().is_server_error());
    }
    let reads_before = faults.case_reads_seen.load(Ordering::SeqCst);
    let again = app
        .case(&receipts[0].case_id, &receipts[0].query_code)
        .await;
    assert!(again.status().is_server_error());
    assert_eq!(
        faults.case_reads_seen.load(Ordering::SeqCst),
        reads_before,
        "the reading circuit is open"
    );
    let receipt = app.file("files-during-the-read-outage").await;
    assert!(!receipt.case_id.is_empty());
}
