use api::validation::{answers_for_upstream, limits, validate_request};
use api::{ErrorCode, FieldError, FieldErrorCode, NewRequest, Receipt};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

use crate::AppState;
use crate::error::Failure;
use crate::filing::{Begin, StoreError, body_hash};
use crate::media::Attached;
use crate::upstream::{NewCase, UpstreamError};

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Failure {
        tracing::error!(%error, "idempotency store failed");
        Failure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::UpstreamUnavailable,
        )
    }
}

fn idempotency_key(headers: &HeaderMap) -> Result<String, Failure> {
    let missing = || Failure::new(StatusCode::BAD_REQUEST, ErrorCode::IdempotencyKeyMissing);
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

/// Whether a failed POST certainly made no case, so that the same key may file again.
fn made_no_case(error: &UpstreamError) -> bool {
    matches!(
        error,
        UpstreamError::Rejected
            | UpstreamError::Unreachable
            | UpstreamError::CircuitOpen
            | UpstreamError::NotFound
            | UpstreamError::Status(400..=499)
    )
}

/// `POST /api/requests`: validated against the service's definition, filed once per
/// idempotency key, answered with the case number, its query code and its due date.
#[utoipa::path(post, path = "/api/requests", tag = "filing",
    params(("Idempotency-Key" = String, Header, description = "A key made by the device for this submission; retries send the same key")),
    request_body = api::NewRequest,
    responses(
        (status = 201, description = "Filed", body = api::Receipt),
        (status = 200, description = "Filed before with this key and body: the same receipt", body = api::Receipt),
        (status = 400, description = "`bad_request` or `idempotency_key_missing`", body = api::ApiError),
        (status = 409, description = "`submission_in_progress`: the first attempt is still filing", body = api::ApiError),
        (status = 413, description = "`payload_too_large`", body = api::ApiError),
        (status = 422, description = "`validation_failed` with `fields`, `idempotency_key_reused`, or `upstream_rejected`", body = api::ApiError),
        (status = 429, description = "`rate_limited`", body = api::ApiError),
        (status = 502, description = "The city system failed: `upstream_unavailable` or `upstream_invalid`", body = api::ApiError), (status = 504, description = "The city system did not answer in time", body = api::ApiError)))]
pub async fn file(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Receipt>), Failure> {
    file_case(&state, &headers, &body, Origin::Web).await
}

/// Where a request comes from: a resident's own device, or a clerk at a service window on
/// the resident's behalf (recorded upstream as channel `window` with the clerk's id).
#[derive(Clone, Debug)]
pub enum Origin {
    Web,
    Window { clerk_id: String },
}

/// Filing, for residents and clerks alike: validated, once per idempotency key.
pub async fn file_case(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
    origin: Origin,
) -> Result<(StatusCode, Json<Receipt>), Failure> {
    let key = idempotency_key(headers)?;
    let request: NewRequest = serde_json::from_slice(body).map_err(|_| Failure::bad_request())?;
    let definition = match state
        .catalogue
        .definition(&request.service_code, request.locale)
        .await
    {
        Ok((_, definition)) => definition,
        Err(UpstreamError::NotFound) => {
            return Err(Failure::invalid(vec![FieldError::new(
                "service_code",
                FieldErrorCode::Unknown,
            )]));
        }
        Err(error) => return Err(error.into()),
    };
    let mut errors = validate_request(&request, &definition);
    if matches!(origin, Origin::Window { .. }) && request.consent_read_out.is_none() {
        // At a window the resident cannot read the notice on their own screen: say how it
        // reached them.
        errors.push(FieldError::new(
            "consent_read_out",
            FieldErrorCode::Required,
        ));
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    // The photos this request names are kept from now on; one swept away while its draft
    // waited on the phone must be added again.
    for url in &request.media_urls {
        match state.media.attach(url).await {
            Ok(Attached::Kept | Attached::NotOurs) => {}
            Ok(Attached::Missing) => {
                return Err(Failure::invalid(vec![FieldError::new(
                    "media",
                    FieldErrorCode::PhotoGone,
                )]));
            }
            Err(error) => {
                tracing::error!(%error, "cannot keep a request's photo");
                return Err(Failure::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::UpstreamUnavailable,
                ));
            }
        }
    }
    let hash = body_hash(&request);
    // Concurrent retries with this key wait here for the first attempt's outcome.
    let _turn = state.filing_locks.lock(&key).await;
    match state.idempotency.begin(&key, &hash).await? {
        Begin::Done(receipt) => return Ok((StatusCode::OK, Json(receipt))),
        Begin::Conflict => {
            return Err(Failure::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::IdempotencyKeyReused,
            ));
        }
        Begin::InFlight => {
            return Err(Failure::new(
                StatusCode::CONFLICT,
                ErrorCode::SubmissionInProgress,
            ));
        }
        Begin::Started => {}
    }
    let case = NewCase {
        service_code: request.service_code.clone(),
        description: request.description.clone(),
        location: request.location.clone(),
        // Dates and times as Open311 servers read them, however the resident wrote them.
        attributes: answers_for_upstream(&request, &definition),
        media_urls: request.media_urls.clone(),
        contact: request.contact.clone(),
        channel: match origin {
            Origin::Web => "web",
            Origin::Window { .. } => "window",
        },
        clerk_id: match &origin {
            Origin::Web => None,
            Origin::Window { clerk_id } => Some(clerk_id.clone()),
        },
        consent_read_out: match origin {
            Origin::Web => None,
            Origin::Window { .. } => request.consent_read_out,
        },
        locale: request.locale,
    };
    let filed = match state.upstream.file(&case).await {
        Ok(filed) => filed,
        Err(error) => {
            if made_no_case(&error) {
                state.idempotency.abandon(&key).await?;
            }
            return Err(error.into());
        }
    };
    // The due date is the upstream's to say; without it the receipt still stands.
    let due_date = match state.upstream.case(&filed.case_id, request.locale).await {
        Ok(record) => record
            .expected_at
            .map(|at| at.chars().take(10).collect::<String>()),
        Err(_) => None,
    };
    let receipt = Receipt {
        query_code: state.codes.code_for(&filed.case_id),
        case_id: filed.case_id,
        due_date,
        service_code: request.service_code,
    };
    state.idempotency.complete(&key, &receipt).await?;
    tracing::info!(case_id = %receipt.case_id, service_code = %receipt.service_code, "case filed");
    Ok((StatusCode::CREATED, Json(receipt)))
}
