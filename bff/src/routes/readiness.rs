use std::time::Duration;

use api::Locale;
use axum::extract::State;

use crate::AppState;
use crate::error::Failure;

/// A load balancer asks often and must not wait long for a verdict.
const READINESS_TIMEOUT: Duration = Duration::from_secs(2);

/// Readiness: 200 while the city's system answers its catalogue in time, else 503, so that
/// traffic goes elsewhere instead of to a BFF that can only say "try later".
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, description = "The city's system answers", body = String),
              (status = 503, description = "`upstream_unavailable`", body = api::ApiError)))]
pub async fn readyz(State(state): State<AppState>) -> Result<&'static str, Failure> {
    let answer = tokio::time::timeout(
        READINESS_TIMEOUT,
        state.upstream.services(Locale::default()),
    );
    match answer.await {
        Ok(Ok(_)) => Ok("ready"),
        _ => Err(Failure::not_ready()),
    }
}
