//! The BFF's own bounds as a server: how many connections it holds open, how long a client
//! may take to send its headers, and how many requests it works on at once. Past each limit
//! it refuses early and cheaply (or lets the kernel's backlog wait) instead of queueing
//! without end: a slow or hostile client, or a crowd, cannot starve everyone else.

use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;

use crate::Config;

/// What [`serve`] holds a client to.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    pub max_connections: usize,
    pub header_read_timeout: Duration,
    /// How long open requests may take to finish once stopping (`--drain-secs`).
    pub drain: Duration,
}

impl ConnectionLimits {
    pub fn from_config(config: &Config) -> ConnectionLimits {
        ConnectionLimits {
            max_connections: config.max_connections as usize,
            header_read_timeout: Duration::from_millis(config.header_read_timeout_ms),
            drain: Duration::from_secs(config.drain_secs),
        }
    }
}

/// Serves `router` on `listener` until `stop`, then drains: the listener is closed at once
/// (new connections are refused, so a balancer sends them to another instance), idle
/// keep-alive connections are closed, requests in progress finish (live-update streams
/// end on their own with a retry hint, see `routes::cases::events`), and after
/// `limits.drain` whatever is still open is cut off.
///
/// Our own accept loop rather than `axum::serve`: hyper enforces its header-read timeout
/// only with a timer, which `axum::serve` does not give it, and a cap on connections has to
/// sit where connections are accepted. At the cap the loop stops accepting, so new clients
/// wait in the kernel's backlog rather than each costing a file descriptor.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    stop: impl Future<Output = ()> + Send + 'static,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let (stopping, stop_seen) = watch::channel(false);
    // Every connection task holds a receiver; when all are gone, the last one has ended.
    let (open, all_closed) = watch::channel(());
    let mut stop = pin!(stop);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("never closed"),
            () = &mut stop => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, or the peer left before we accepted: wait a
                    // moment instead of spinning on the same error.
                    tracing::warn!(%error, "accepting a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        // The peer address feeds the per-client rate limit (what `into_make_service_with_connect_info` adds).
        let service = hyper::service::service_fn(move |request: Request<hyper::body::Incoming>| {
            let mut request = request.map(Body::new);
            request.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(request)
        });
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let mut stop_seen = stop_seen.clone();
        let still_open = all_closed.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let _still_open = still_open;
            let mut connection = pin!(connection);
            let stop_asked = async move {
                let _ = stop_seen.wait_for(|stop| *stop).await;
            };
            tokio::select! {
                // Header timeouts and resets end here; nothing of them is the BFF's fault.
                _ = connection.as_mut() => return,
                () = stop_asked => {}
            }
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = stopping.send(true);
    drop(all_closed);
    if tokio::time::timeout(limits.drain, open.closed())
        .await
        .is_err()
    {
        tracing::warn!(
            drain_secs = limits.drain.as_secs(),
            "requests still open after the drain time: cut off"
        );
    }
}

/// At most `limit` requests in progress; one more is answered 503 `server_busy` at once.
/// `/healthz` passes always: a busy BFF is alive, and must not be restarted for being busy.
#[derive(Clone)]
pub struct InFlight {
    permits: Arc<Semaphore>,
}

/// A shed request may try again this soon: the requests in progress finish in well under
/// a second when the BFF is healthy.
pub const SHED_RETRY_AFTER_SECS: u64 = 1;

impl InFlight {
    /// `None` when switched off (`--max-requests-in-flight 0`).
    pub fn from_config(config: &Config) -> Option<InFlight> {
        (config.max_requests_in_flight > 0).then(|| InFlight {
            permits: Arc::new(Semaphore::new(config.max_requests_in_flight as usize)),
        })
    }
}

pub fn shed_load(router: Router, config: &Config) -> Router {
    match InFlight::from_config(config) {
        Some(in_flight) => router.layer(axum::middleware::from_fn_with_state(in_flight, shed)),
        None => router,
    }
}

async fn shed(State(in_flight): State<InFlight>, request: Request, next: Next) -> Response {
    if request.uri().path() == api::paths::HEALTHZ {
        return next.run(request).await;
    }
    match in_flight.permits.clone().try_acquire_owned() {
        // Held until the answer's head is ready: an event stream's long body is not work.
        Ok(_permit) => next.run(request).await,
        Err(_) => busy(),
    }
}

fn busy() -> Response {
    crate::error::Failure::busy().into_response()
}
