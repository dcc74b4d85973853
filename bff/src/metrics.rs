//! Prometheus metrics at `/metrics`: HTTP requests by route pattern, upstream calls by
//! operation, open live-update streams. Labels are route patterns and codes, never a raw
//! path: a path can carry a case id, and ids would also grow the series without bound.

use std::future::Future;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use std::net::IpAddr;

use axum::Extension;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics::{SharedString, counter, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::client_ip::ClientIp;
use crate::upstream::UpstreamError;

const HTTP_REQUESTS: &str = "huiyin_http_requests_total";
const HTTP_DURATION: &str = "huiyin_http_request_duration_seconds";
const UPSTREAM_CALLS: &str = "huiyin_upstream_calls_total";
const UPSTREAM_ERRORS: &str = "huiyin_upstream_errors_total";
const UPSTREAM_DURATION: &str = "huiyin_upstream_call_duration_seconds";
const SSE_STREAMS_OPEN: &str = "huiyin_sse_streams_open";

/// From a cache hit to the upstream's time limit.
const LATENCY_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The recorder is process-wide (the `metrics` macros have one global sink), so it is
/// installed once, however many apps a test binary builds.
static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

pub fn install() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
            .expect("buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder is installed; /metrics stays empty");
        }
        describe();
        // Histograms buffer samples until upkeep folds them in; without a scrape they would
        // grow. A plain thread, because a test's runtime (and its tasks) ends with the test.
        let upkeep = handle.clone();
        std::thread::Builder::new()
            .name("metrics-upkeep".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(Duration::from_secs(5));
                    upkeep.run_upkeep();
                }
            })
            .expect("spawning the metrics upkeep thread");
        handle
    })
}

fn describe() {
    metrics::describe_counter!(
        HTTP_REQUESTS,
        "HTTP requests answered, by method, route pattern and status."
    );
    metrics::describe_histogram!(
        HTTP_DURATION,
        metrics::Unit::Seconds,
        "Time to the response's head, by method, route pattern and status."
    );
    metrics::describe_counter!(
        UPSTREAM_CALLS,
        "Calls to the city's system, by operation and outcome (ok or an error code)."
    );
    metrics::describe_counter!(
        UPSTREAM_ERRORS,
        "Failed calls to the city's system, by operation and error code."
    );
    metrics::describe_histogram!(
        UPSTREAM_DURATION,
        metrics::Unit::Seconds,
        "Duration of calls to the city's system, by operation."
    );
    metrics::describe_gauge!(
        SSE_STREAMS_OPEN,
        "Live case-update streams (Server-Sent Events) open now."
    );
}

/// Who may read `/metrics`: a scraper on the same host, or one that shows the token.
#[derive(Clone, Debug, Default)]
pub struct MetricsAccess {
    token: Option<String>,
}

impl MetricsAccess {
    pub fn new(token: Option<String>) -> MetricsAccess {
        MetricsAccess {
            token: token.filter(|t| !t.is_empty()),
        }
    }

    fn allows(&self, client: IpAddr, headers: &HeaderMap) -> bool {
        if client.to_canonical().is_loopback() {
            return true;
        }
        let Some(token) = &self.token else {
            return false;
        };
        headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .is_some_and(|given| {
                // Compared in constant time: the token guards the whole operations view.
                given.len() == token.len()
                    && given
                        .bytes()
                        .zip(token.bytes())
                        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                        == 0
            })
    }
}

/// `GET /metrics`, in Prometheus' text format: to a scraper on the same host, or to one
/// with `Authorization: Bearer <--metrics-token>`; to anyone else it does not exist.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses(
        (status = 200, description = "Prometheus text format", content_type = "text/plain", body = String),
        (status = 404, description = "`not_found`: not from this host and no valid token", body = api::ApiError)))]
pub async fn render(
    client: ClientIp,
    access: Option<Extension<MetricsAccess>>,
    headers: HeaderMap,
) -> Response {
    let access = access.map(|Extension(a)| a).unwrap_or_default();
    if !access.allows(client.0, &headers) {
        return crate::error::Failure::not_found().into_response();
    }
    let handle = install();
    handle.run_upkeep();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}

/// Middleware counting and timing every request. Layered with `Router::layer`, so that it
/// runs after routing and sees the [`MatchedPath`].
pub async fn track_http(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let route: SharedString = match request.extensions().get::<MatchedPath>() {
        Some(path) => path.as_str().to_owned().into(),
        // Everything unrouted is a file of the app or the app itself (client routes).
        None => "static".into(),
    };
    let response = next.run(request).await;
    let labels = [
        ("method", SharedString::from(method)),
        ("route", route),
        ("status", response.status().as_u16().to_string().into()),
    ];
    counter!(HTTP_REQUESTS, &labels).increment(1);
    histogram!(HTTP_DURATION, &labels).record(started.elapsed());
    response
}

/// A fixed set, so that a client inventing methods cannot invent series.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Times and counts one call to the city's system:
/// `metrics::observe_upstream("services", async { ... }).await`.
pub async fn observe_upstream<T>(
    operation: &'static str,
    call: impl Future<Output = Result<T, UpstreamError>>,
) -> Result<T, UpstreamError> {
    let started = Instant::now();
    let result = call.await;
    histogram!(UPSTREAM_DURATION, "operation" => operation).record(started.elapsed());
    let outcome = match &result {
        Ok(_) => "ok",
        Err(error) => {
            let code = error.code().as_str();
            counter!(UPSTREAM_ERRORS, "operation" => operation, "code" => code).increment(1);
            code
        }
    };
    counter!(UPSTREAM_CALLS, "operation" => operation, "outcome" => outcome).increment(1);
    result
}

/// Counts a live-update stream as open until dropped: keep it inside the stream, so that
/// a client going away (which drops the stream) closes it too.
#[must_use = "the stream counts as open only while this lives"]
pub struct SseStreamGuard(());

impl SseStreamGuard {
    pub fn open() -> SseStreamGuard {
        sse_stream_opened();
        SseStreamGuard(())
    }
}

impl Drop for SseStreamGuard {
    fn drop(&mut self) {
        sse_stream_closed();
    }
}

pub fn sse_stream_opened() {
    gauge!(SSE_STREAMS_OPEN).increment(1.0);
}

pub fn sse_stream_closed() {
    gauge!(SSE_STREAMS_OPEN).decrement(1.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn upstream_calls_are_counted_by_operation_and_outcome() {
        let handle = install();
        let _ = observe_upstream("unit_ok", async { Ok::<_, UpstreamError>(()) }).await;
        let _ = observe_upstream("unit_fail", async { Err::<(), _>(UpstreamError::Timeout) }).await;
        handle.run_upkeep();
        let text = handle.render();
        assert!(
            text.contains(r#"huiyin_upstream_calls_total{operation="unit_ok",outcome="ok"} 1"#),
            "{text}"
        );
        assert!(
            text.contains(
                r#"huiyin_upstream_errors_total{operation="unit_fail",code="upstream_timeout"} 1"#
            ),
            "{text}"
        );
        assert!(
            text.contains(
                r#"huiyin_upstream_call_duration_seconds_bucket{operation="unit_ok",le="0.005"}"#
            ),
            "{text}"
        );
    }

    #[test]
    fn sse_guard_counts_the_stream_while_it_lives() {
        let handle = install();
        let open = || {
            handle
                .render()
                .lines()
                .find_map(|l| l.strip_prefix("huiyin_sse_streams_open "))
                .map(|v| v.parse::<f64>().unwrap())
        };
        let guard = SseStreamGuard::open();
        let during = open().unwrap();
        drop(guard);
        assert_eq!(open().unwrap(), during - 1.0);
    }
}
