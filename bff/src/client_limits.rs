//! What one client may ask of the BFF: bodies of bounded size, and a bounded rate of
//! `/api/*` requests per client address. Both refusals are JSON with a stable code.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use api::ErrorCode;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::Config;

/// Every JSON body of the contract fits in this with room to spare (a request's text is at
/// most 4,000 characters). Routes that take more (photos) set their own limit.
pub const API_BODY_LIMIT: usize = 64 * 1024;

/// Forgetting clients that are back to a full allowance, every so many requests, keeps the
/// table as small as the set of recently active clients.
const FORGET_EVERY: u32 = 4096;

pub fn apply(router: Router, config: &Config) -> Router {
    let router = router
        .layer(axum::middleware::from_fn(crate::error::api_errors_as_json))
        .layer(DefaultBodyLimit::max(API_BODY_LIMIT));
    match ClientRate::from_config(config) {
        Some(rate) => router.layer(from_fn_with_state(Arc::new(rate), limit_rate)),
        None => router,
    }
}

struct ClientRate {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    checks: AtomicU32,
}

impl ClientRate {
    /// `None` when switched off (`--rate-limit-per-minute 0`).
    fn from_config(config: &Config) -> Option<ClientRate> {
        let per_minute = NonZeroU32::new(config.rate_limit_per_minute)?;
        let burst = NonZeroU32::new(config.rate_limit_burst).unwrap_or(NonZeroU32::MIN);
        Some(ClientRate {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute).allow_burst(burst)),
            checks: AtomicU32::new(0),
        })
    }

    /// `Err(seconds)` to wait when the client is over its allowance.
    fn check(&self, client: IpAddr) -> Result<(), u64> {
        if self
            .checks
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(FORGET_EVERY)
        {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            // Rounded up: retrying at the advertised second must succeed.
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}

async fn limit_rate(State(rate): State<Arc<ClientRate>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path != "/api" && !path.starts_with("/api/") {
        return next.run(request).await;
    }
    let client = client_key(crate::client_ip::of_parts(request.extensions()).0);
    match rate.check(client) {
        Ok(()) => next.run(request).await,
        Err(seconds) => rate_limited(seconds.max(1)),
    }
}

/// One IPv6 client holds a whole /64: counting each address apart would let it walk away
/// from its limit.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(prefix.into())
            }
        },
    }
}

fn rate_limited(seconds: u64) -> Response {
    crate::error::Failure::retry_later(ErrorCode::RateLimited, seconds).into_response()
}

#[cfg(test)]
mod tests {
    use api::ApiError;
    use axum::body::{Body, Bytes};
    use axum::http::StatusCode;
    use std::net::SocketAddr;

    use axum::extract::ConnectInfo;
    use axum::routing::post;
    use clap::Parser;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    use super::*;

    fn limited(per_minute: u32, burst: u32) -> Router {
        let config = Config::parse_from([
            "huiyin-bff",
            "--rate-limit-per-minute",
            &per_minute.to_string(),
            "--rate-limit-burst",
            &burst.to_string(),
        ]);
        let router = Router::new().route("/api/echo", post(|body: Bytes| async move { body }));
        apply(router, &config)
    }

    fn post_from(ip: [u8; 4], body: Vec<u8>) -> Request {
        let mut request = Request::post("/api/echo").body(Body::from(body)).unwrap();
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from((ip, 40000))));
        request
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_413_json() {
        let response = limited(600, 60)
            .oneshot(post_from([10, 0, 0, 1], vec![b'x'; API_BODY_LIMIT + 1]))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let error: ApiError = serde_json::from_slice(&body).unwrap();
        assert_eq!(error.code, ErrorCode::PayloadTooLarge);
    }

    #[tokio::test]
    async fn each_client_has_its_own_allowance() {
        let app = limited(60, 2);
        for _ in 0..2 {
            let response = app
                .clone()
                .oneshot(post_from([10, 0, 0, 1], vec![]))
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
        }
        let refused = app
            .clone()
            .oneshot(post_from([10, 0, 0, 1], vec![]))
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        let other = app.oneshot(post_from([10, 0, 0, 2], vec![])).await.unwrap();
        assert_eq!(other.status(), StatusCode::OK);
    }

    #[test]
    fn an_ipv6_client_is_its_64_prefix() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().unwrap();
        assert_eq!(client_key(mapped), "192.0.2.1".parse::<IpAddr>().unwrap());
    }
}
