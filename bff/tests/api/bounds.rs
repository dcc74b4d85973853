//! The BFF's own limits, tried over real connections: slow headers, connections past the
//! cap, requests past the limit in progress, photos past the decode budget and slots.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder, Rgb, RgbImage};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{TestApp, spawn_with};

fn address(app: &TestApp) -> SocketAddr {
    app.url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap()
}

/// A connection that sends half a request's headers and then nothing (slowloris).
async fn half_open(app: &TestApp) -> TcpStream {
    let mut stream = TcpStream::connect(address(app)).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: huiyin.test\r\nX-Slow: ")
        .await
        .unwrap();
    stream
}

/// Whether the server closed the connection (answered nothing, or at most an error).
async fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout(Duration::from_secs(30), stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            // hyper may say 408 before closing; the close is what counts.
            Ok(Ok(_)) => continue,
            Err(_) => return false,
        }
    }
}

async fn healthz(app: &TestApp) -> reqwest::Result<reqwest::Response> {
    // A fresh client: no pooled connection that was accepted before the crowd came.
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
        .get(app.at("/healthz"))
        .send()
        .await
}

#[tokio::test]
async fn half_open_connections_cannot_starve_the_health_check() {
    let app = spawn_with(|config| {
        config.header_read_timeout_ms = 300;
        config.max_connections = 16;
    })
    .await;
    let mut crowd = Vec::new();
    for _ in 0..64 {
        crowd.push(half_open(&app).await);
    }
    let response = healthz(&app)
        .await
        .expect("answered while four times the cap of connections hang");
    assert_eq!(response.status(), 200);
    assert!(
        closed_by_server(&mut crowd[0]).await,
        "a client that never finishes its headers is disconnected"
    );
}

#[tokio::test]
async fn past_the_connection_cap_a_client_waits_for_a_free_slot() {
    let app = spawn_with(|config| {
        config.header_read_timeout_ms = 60_000;
        config.max_connections = 2;
    })
    .await;
    let first = half_open(&app).await;
    let _second = half_open(&app).await;
    let url = app.at("/healthz");
    let waiting = tokio::spawn(async move {
        reqwest::Client::new()
            .get(url)
            .send()
            .await
            .map(|r| r.status())
    });
    // Can only pass wrongly on a slow machine, never fail wrongly.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !waiting.is_finished(),
        "both slots are taken: the third connection is not served yet"
    );
    drop(first);
    assert_eq!(waiting.await.unwrap().unwrap(), 200);
}

/// An upstream whose catalogue takes a while: each request to the BFF stays in progress.
async fn slow_catalogue() -> String {
    let router = Router::new().route(
        "/services.json",
        get(|| async {
            tokio::time::sleep(Duration::from_millis(1500)).await;
            r#"[{"service_code": "x", "service_name": "X", "metadata": false, "type": "realtime"}]"#
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}/")
}

/// `count` catalogue requests at once: each status, with `Retry-After` and the body's code.
async fn at_once(app: &TestApp, count: usize) -> Vec<(u16, Option<String>, Value)> {
    let requests = (0..count).map(|_| {
        let request = app.client.get(app.at("/api/services?locale=en"));
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_owned());
            (status, retry_after, response.json().await.unwrap())
        }
    });
    futures_util::future::join_all(requests).await
}

async fn limited_to(in_flight: u32) -> TestApp {
    let upstream = slow_catalogue().await;
    spawn_with(|config| {
        config.upstream = Some(upstream.parse().unwrap());
        config.upstream_timeout_ms = 5000;
        config.catalogue_ttl_secs = 0;
        config.max_requests_in_flight = in_flight;
    })
    .await
}

#[tokio::test]
async fn past_the_limit_of_requests_in_progress_the_rest_are_told_to_retry() {
    let app = limited_to(3).await;
    let answers = at_once(&app, 12).await;
    let shed: Vec<_> = answers
        .iter()
        .filter(|(status, ..)| *status == 503)
        .collect();
    assert!(!shed.is_empty(), "some were shed: {answers:?}");
    for (_, retry_after, body) in &shed {
        assert_eq!(body["code"], "server_busy");
        assert_eq!(retry_after.as_deref(), Some("1"));
        assert_eq!(body["retry_after_secs"], 1);
    }
    assert!(
        answers
            .iter()
            .all(|(status, ..)| [200, 503].contains(status)),
        "{answers:?}"
    );
    assert!(answers.iter().any(|(status, ..)| *status == 200));
}

#[tokio::test]
async fn within_the_limit_of_requests_in_progress_nothing_is_refused() {
    let app = limited_to(6).await;
    let answers = at_once(&app, 6).await;
    assert!(
        answers.iter().all(|(status, ..)| *status == 200),
        "{answers:?}"
    );
}

#[tokio::test]
async fn the_health_check_is_never_shed() {
    let app = limited_to(1).await;
    let busy = {
        let request = app.client.get(app.at("/api/services"));
        tokio::spawn(async move { request.send().await.unwrap().status() })
    };
    // Can only pass wrongly (the slot free again), never fail wrongly.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for _ in 0..3 {
        assert_eq!(healthz(&app).await.unwrap().status(), 200);
    }
    assert_eq!(busy.await.unwrap(), 200);
}

/// A PNG whose header claims `width`×`height` pixels of `color_type` (2 RGB, 6 RGBA),
/// with almost no pixel data: what the decoder plans to allocate comes from the header.
fn png_claiming(width: u32, height: u32, color_type: u8) -> Vec<u8> {
    fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        png.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        let start = png.len();
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        let mut crc = flate2::Crc::new();
        crc.update(&png[start..]);
        png.extend_from_slice(&crc.sum().to_be_bytes());
    }
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, color_type, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &[0x78, 0x9c, 0x63, 0x00, 0x00]);
    chunk(&mut png, b"IEND", &[]);
    png
}

async fn upload(app: &TestApp, bytes: Vec<u8>) -> (u16, Option<String>, Value) {
    let response = app
        .client
        .post(app.at("/api/media"))
        .header("content-type", "image/png")
        .body(bytes)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, retry_after, response.json().await.unwrap())
}

#[tokio::test]
async fn a_photo_whose_pixels_would_pass_the_decode_budget_is_refused_before_decoding() {
    let app = spawn_with(|_| {}).await;
    // 6300×6300 is under the pixel limit, but with transparency it is 159 MB decoded.
    let (status, _, body) = upload(&app, png_claiming(6300, 6300, 6)).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "image_too_large");
    // The same size without transparency (119 MB) fits: it is decoded, and this one's
    // pixels are missing.
    let (status, _, body) = upload(&app, png_claiming(6300, 6300, 2)).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "image_unreadable");
}

/// A real photo large enough to keep a decode busy for a while in a debug build.
fn busy_photo() -> Vec<u8> {
    let image = RgbImage::from_fn(2400, 2400, |x, y| {
        Rgb([(x % 251) as u8, (y % 241) as u8, ((x ^ y) % 239) as u8])
    });
    let mut bytes = Vec::new();
    PngEncoder::new(&mut bytes)
        .write_image(image.as_raw(), 2400, 2400, ExtendedColorType::Rgb8)
        .unwrap();
    bytes
}

#[tokio::test]
async fn photos_past_the_decode_slots_are_told_to_retry_and_the_rest_are_kept() {
    let app = spawn_with(|config| {
        config.photo_decodes = 1;
        config.photo_queue = 1;
    })
    .await;
    let photo = busy_photo();
    let uploads = (0..5).map(|_| upload(&app, photo.clone()));
    let answers = futures_util::future::join_all(uploads).await;
    let kept = answers.iter().filter(|(status, ..)| *status == 201).count();
    let shed: Vec<_> = answers
        .iter()
        .filter(|(status, ..)| *status == 503)
        .collect();
    assert!(kept >= 1, "{answers:?}");
    assert!(
        !shed.is_empty(),
        "one decoding, one waiting, the rest told to retry"
    );
    for (_, retry_after, body) in shed {
        assert_eq!(body["code"], "server_busy");
        assert_eq!(retry_after.as_deref(), Some("1"));
    }
    assert_eq!(kept + answers.iter().filter(|(s, ..)| *s == 503).count(), 5);
}
