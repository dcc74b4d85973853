//! Filing a resident's request, for the resident's own device and for a clerk at a service
//! window alike: checked against the service's definition, its photos kept, then posted
//! once per idempotency key (docs/exactly-once.md). The routes only read the HTTP request
//! and write the answer.

use api::validation::{answers_for_upstream, validate_request};
use api::{Channel, Field, FieldError, FieldErrorCode, NewRequest, Receipt};

use super::{Begin, PostOutcome, body_hash, classify};
use crate::AppState;
use crate::error::Failure;
use crate::media::Attached;
use crate::upstream::{CityFiling, FiledCase, UpstreamError, UpstreamLookup};

/// Who files: a resident on their own device, or a clerk at a service window on the
/// resident's behalf (recorded upstream as channel `window` with the clerk's id).
#[derive(Clone, Debug)]
pub enum Origin {
    Web,
    Window { clerk_id: String },
}

impl Origin {
    fn channel(&self) -> Channel {
        match self {
            Origin::Web => Channel::Web,
            Origin::Window { .. } => Channel::Window,
        }
    }
}

/// A request the city's system has.
#[derive(Debug)]
pub struct Filed {
    pub receipt: Receipt,
    /// `false`: filed before with this key and body, and this is the same receipt again.
    pub now: bool,
}

/// Files `request` under the device's idempotency `key`.
pub async fn file(
    state: &AppState,
    key: String,
    request: NewRequest,
    origin: Origin,
) -> Result<Filed, Failure> {
    let definition = match state
        .catalogue
        .definition(&request.service_code, request.locale)
        .await
    {
        Ok((_, definition)) => definition,
        Err(UpstreamError::NotFound) => {
            return Err(Failure::invalid(vec![FieldError::new(
                Field::ServiceCode,
                FieldErrorCode::Unknown,
            )]));
        }
        Err(error) => return Err(error.into()),
    };
    let mut errors = validate_request(&request, &definition, origin.channel());
    // Only photos uploaded here: the city's system fetches each address it is given, so a
    // foreign one (`http://169.254.169.254/...`) would make it reach wherever a client says.
    if !request
        .media_urls
        .iter()
        .all(|url| state.media.is_ours(url))
    {
        errors.push(FieldError::new(Field::Media, FieldErrorCode::NotOurPhoto));
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    keep_photos(state, &request).await?;
    let hash = body_hash(&request);
    let case = CityFiling {
        service_code: request.service_code.clone(),
        description: request.description.clone(),
        location: request.location.clone(),
        // Dates and times as Open311 servers read them, however the resident wrote them.
        attributes: answers_for_upstream(&request, &definition),
        media_urls: request.media_urls.clone(),
        contact: request.contact.clone(),
        channel: origin.channel().token(),
        consent_read_out: match origin {
            Origin::Web => None,
            Origin::Window { .. } => request.consent_read_out,
        },
        clerk_id: match origin {
            Origin::Web => None,
            Origin::Window { clerk_id } => Some(clerk_id),
        },
        locale: request.locale,
        submission_token: String::new(),
    };
    // On a task of its own: a device that hangs up mid-way must not cut an attempt short
    // between the upstream's answer and the store's record of it.
    let state = state.clone();
    tokio::spawn(async move { settle(&state, &key, &hash, case).await })
        .await
        .map_err(|error| Failure::internal("a filing task failed", error))?
}

/// The photos this request names are kept from now on; one swept away while its draft
/// waited on the phone must be added again.
async fn keep_photos(state: &AppState, request: &NewRequest) -> Result<(), Failure> {
    for url in &request.media_urls {
        let refused = |code| Failure::invalid(vec![FieldError::new(Field::Media, code)]);
        match state.media.attach(url).await {
            Ok(Attached::Kept) => {}
            Ok(Attached::NotOurs) => return Err(refused(FieldErrorCode::NotOurPhoto)),
            Ok(Attached::Missing) => return Err(refused(FieldErrorCode::PhotoGone)),
            Err(error) => return Err(Failure::internal("cannot keep a request's photo", error)),
        }
    }
    Ok(())
}

/// Runs the key's state machine (docs/exactly-once.md) to an answer for this request.
async fn settle(
    state: &AppState,
    key: &str,
    hash: &str,
    mut case: CityFiling,
) -> Result<Filed, Failure> {
    // Concurrent retries with this key wait here for the first attempt's outcome.
    let _turn = state.filing_locks.lock(key).await;
    let attempt = match state
        .idempotency
        .begin(key, hash, state.attempt_time)
        .await?
    {
        Begin::Done(receipt) => {
            return Ok(Filed {
                receipt,
                now: false,
            });
        }
        Begin::Conflict => return Err(Failure::new(api::ErrorCode::IdempotencyKeyReused)),
        Begin::InFlight { retry_after } => {
            return Err(Failure::new(api::ErrorCode::SubmissionInProgress)
                .with_retry_after(retry_after.as_secs()));
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
                        receipt_for(state, key, &case, filed).await
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
    Failure::new(api::ErrorCode::SubmissionUnconfirmed)
        .with_retry_after(state.attempt_time.as_secs_f64().ceil() as u64)
}

fn unverifiable() -> Failure {
    Failure::new(api::ErrorCode::SubmissionUnverifiable)
}

/// One POST of the key's attempt, and the key moved on by what its answer says.
async fn post(state: &AppState, key: &str, case: &CityFiling) -> Result<Filed, Failure> {
    match classify(state.upstream.file(case).await) {
        PostOutcome::Filed(filed) => receipt_for(state, key, case, filed).await,
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
    case: &CityFiling,
    filed: FiledCase,
) -> Result<Filed, Failure> {
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
    Ok(Filed { receipt, now: true })
}
