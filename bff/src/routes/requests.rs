//! `POST /api/requests`: a resident files from their own device. The filing itself is
//! `filing::file`'s; this reads the HTTP request and writes the answer.

use api::validation::limits;
use api::{NewRequest, Receipt};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

use crate::AppState;
use crate::error::Failure;
use crate::filing::{self, Filed, Origin};

/// The device's idempotency key from its header (for the clerk's route too).
pub(super) fn idempotency_key(headers: &HeaderMap) -> Result<String, Failure> {
    let missing = || Failure::new(api::ErrorCode::IdempotencyKeyMissing);
    let key = headers
        .get(api::paths::IDEMPOTENCY_KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .ok_or_else(missing)?;
    let well_formed = !key.is_empty()
        && key.len() <= limits::IDEMPOTENCY_KEY_MAX_CHARS
        && key.bytes().all(|b| b.is_ascii_graphic());
    if !well_formed {
        return Err(missing());
    }
    Ok(key.to_owned())
}

/// The request's body as the contract's `NewRequest`.
pub(super) fn new_request(body: &[u8]) -> Result<NewRequest, Failure> {
    serde_json::from_slice(body).map_err(|_| Failure::bad_request())
}

/// 201 with the receipt, or 200 with the same receipt for a filing made before.
pub(super) fn receipt_answer(filed: Filed) -> (StatusCode, Json<Receipt>) {
    let status = if filed.now {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    (status, Json(filed.receipt))
}

/// `POST /api/requests`: validated against the service's definition, filed once per
/// idempotency key, answered with the case number, its query code and its due date.
#[utoipa::path(post, path = "/api/requests", tag = "filing",
    params(("Idempotency-Key" = String, Header, description = "A key made by the device for this submission; retries send the same key")),
    request_body = api::NewRequest,
    responses(
        super::FilingAnswers,
        (status = 400, description = "`bad_request` or `idempotency_key_missing`", body = api::ApiError),
        (status = 413, description = "`payload_too_large`", body = api::ApiError),
        (status = 422, description = "`validation_failed` with `fields`, `idempotency_key_reused`, or `upstream_rejected`", body = api::ApiError),
        (status = 429, description = "`rate_limited`", body = api::ApiError),
        (status = 502, description = "The city system failed before it could have the case (`upstream_unavailable`), or `submission_unverifiable`: it may have the case and offers no way to check, so nothing is sent again (final: check with the hotline)", body = api::ApiError)))]
pub async fn file(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Receipt>), Failure> {
    let key = idempotency_key(&headers)?;
    let request = new_request(&body)?;
    let filed = filing::file(&state, key, request, Origin::Web).await?;
    Ok(receipt_answer(filed))
}
