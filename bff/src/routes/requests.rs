use api::validation::{answers_for_upstream, limits, validate_request};
use api::{ErrorCode, FieldError, FieldErrorCode, NewRequest, Receipt};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

use crate::AppState;
use crate::error::Failure;
use crate::filing::{Begin, PostOutcome, StoreError, body_hash, classify};
use crate::media::Attached;
use crate::upstream::{FiledCase, NewCase, UpstreamError, UpstreamLookup};

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

/// `POST /api/requests`: validated against the service's definition, filed once per
/// idempotency key, answered with the case number, its query code and its due date.
#[utoipa::path(post, path = "/api/requests", tag = "filing",
    params(("Idempotency-Key" = String, Header, description = "A key made by the device for this submission; retries send the same key")),
    request_body = api::NewRequest,
    responses(
        (status = 201, description = "Filed", body = api::Receipt),
        (status = 200, description = "Filed before with this key and body: the same receipt", body = api::Receipt),
        (status = 400, description = "`bad_request` or `idempotency_key_missing`", body = api::ApiError),
        (status = 409, description = "`submission_in_progress`: another attempt with this key is acting now; `Retry-After` says when to ask again", body = api::ApiError),
        (status = 413, description = "`payload_too_large`", body = api::ApiError),
        (status = 422, description = "`validation_failed` with `fields`, `idempotency_key_reused`, or `upstream_rejected`", body = api::ApiError),
        (status = 429, description = "`rate_limited`", body = api::ApiError),
        (status = 502, description = "The city system failed before it could have the case (`upstream_unavailable`), or `submission_unverifiable`: it may have the case and offers no way to check, so nothing is sent again (final: check with the hotline)", body = api::ApiError),
        (status = 503, description = "`submission_unconfirmed`: the city system may have the case; it is checked before anything is filed again. Retry the same key after `Retry-After`", body = api::ApiError),
        (status = 504, description = "The city system did not answer in time", body = api::ApiError)))]
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
    // Only photos uploaded here: the city's system fetches each address it is given, so a
    // foreign one (`http://169.254.169.254/...`) would make it reach wherever a client says.
    if !request
        .media_urls
        .iter()
        .all(|url| state.media.is_ours(url))
    {
        errors.push(FieldError::new("media", FieldErrorCode::NotOurPhoto));
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    // The photos this request names are kept from now on; one swept away while its draft
    // waited on the phone must be added again.
    for url in &request.media_urls {
        match state.media.attach(url).await {
            Ok(Attached::Kept) => {}
            Ok(Attached::NotOurs) => {
                return Err(Failure::invalid(vec![FieldError::new(
                    "media",
                    FieldErrorCode::NotOurPhoto,
                )]));
            }
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
        submission_token: String::new(),
    };
    // On a task of its own: a device that hangs up mid-way must not cut an attempt short
    // between the upstream's answer and the store's record of it.
    let state = state.clone();
    tokio::spawn(async move { settle(&state, &key, &hash, case).await })
        .await
        .map_err(|_| {
            Failure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::UpstreamUnavailable,
            )
        })?
}

/// Runs the key's state machine (docs/exactly-once.md) to an answer for this request.
async fn settle(
    state: &AppState,
    key: &str,
    hash: &str,
    mut case: NewCase,
) -> Result<(StatusCode, Json<Receipt>), Failure> {
    // Concurrent retries with this key wait here for the first attempt's outcome.
    let _turn = state.filing_locks.lock(key).await;
    let attempt = match state
        .idempotency
        .begin(key, hash, state.attempt_time)
        .await?
    {
        Begin::Done(receipt) => return Ok((StatusCode::OK, Json(receipt))),
        Begin::Conflict => {
            return Err(Failure::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::IdempotencyKeyReused,
            ));
        }
        Begin::InFlight { retry_after } => {
            return Err(
                Failure::new(StatusCode::CONFLICT, ErrorCode::SubmissionInProgress)
                    .with_retry_after(retry_after.as_secs()),
            );
        }
        Begin::Started(attempt) => {
            case.submission_token = attempt.token;
            return post(state, key, &case).await;
        }
        Begin::Reconcile(attempt) => attempt,
    };
    case.submission_token = attempt.token.clone();
    let lookup = match state.upstream.lookup() {
        // A key left pending by a BFF older than tokens: the upstream cannot know it by one.
        UpstreamLookup::IdempotencyKey if attempt.token.is_empty() => UpstreamLookup::Search,
        lookup => lookup,
    };
    match lookup {
        // The upstream answers a repeated token with the first case and makes no other.
        UpstreamLookup::IdempotencyKey => post(state, key, &case).await,
        UpstreamLookup::Search => match state
            .upstream
            .find_filed(&case, attempt.first_sent_at)
            .await
        {
            Ok(found) => {
                let mut unclaimed = None;
                for filed in found {
                    if !state
                        .idempotency
                        .claimed_by_other(key, &filed.case_id)
                        .await?
                    {
                        unclaimed = Some(filed);
                        break;
                    }
                }
                match unclaimed {
                    Some(filed) => {
                        tracing::info!("unknown outcome reconciled: the case was there");
                        receipt_for(state, key, &case, filed, StatusCode::CREATED).await
                    }
                    // Confirmed not there: only now may it be filed again.
                    None => post(state, key, &case).await,
                }
            }
            Err(error) => {
                tracing::warn!(code = error.code().as_str(), "cannot reconcile yet");
                state.idempotency.unknown(key).await?;
                Err(unconfirmed(state))
            }
        },
        UpstreamLookup::None => {
            state.idempotency.unknown(key).await?;
            Err(unverifiable())
        }
    }
}

/// The device may ask again once a late answer would have landed.
fn unconfirmed(state: &AppState) -> Failure {
    Failure::new(
        StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::SubmissionUnconfirmed,
    )
    .with_retry_after(state.attempt_time.as_secs_f64().ceil() as u64)
}

fn unverifiable() -> Failure {
    Failure::new(StatusCode::BAD_GATEWAY, ErrorCode::SubmissionUnverifiable)
}

/// One POST of the key's attempt, and the key moved on by what its answer says.
async fn post(
    state: &AppState,
    key: &str,
    case: &NewCase,
) -> Result<(StatusCode, Json<Receipt>), Failure> {
    match classify(state.upstream.file(case).await) {
        PostOutcome::Filed(filed) => {
            receipt_for(state, key, case, filed, StatusCode::CREATED).await
        }
        PostOutcome::NoCase(error) => {
            state.idempotency.release(key).await?;
            Err(error.into())
        }
        PostOutcome::Unknown(error) => {
            tracing::warn!(
                code = error.code().as_str(),
                "filing outcome unknown: reconciling before filing again"
            );
            state.idempotency.unknown(key).await?;
            Err(match state.upstream.lookup() {
                UpstreamLookup::None => unverifiable(),
                _ => unconfirmed(state),
            })
        }
    }
}

async fn receipt_for(
    state: &AppState,
    key: &str,
    case: &NewCase,
    filed: FiledCase,
    status: StatusCode,
) -> Result<(StatusCode, Json<Receipt>), Failure> {
    // The due date is the upstream's to say; without it the receipt still stands.
    let due_date = match state.upstream.case(&filed.case_id, case.locale).await {
        Ok(record) => record
            .expected_at
            .map(|at| at.chars().take(10).collect::<String>()),
        Err(_) => None,
    };
    let receipt = Receipt {
        query_code: state.codes.code_for(&filed.case_id),
        case_id: filed.case_id,
        due_date,
        service_code: case.service_code.clone(),
    };
    state.idempotency.complete(key, &receipt).await?;
    tracing::info!(case_id = %receipt.case_id, service_code = %receipt.service_code, "case filed");
    Ok((status, Json(receipt)))
}
