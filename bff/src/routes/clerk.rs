//! `/api/clerk/*`: a clerk at a service window signs in, files and follows cases on a
//! resident's behalf. Every route needs the clerk's session cookie; every state-changing
//! one also needs `X-Huiyin-Clerk: 1`. Each filing, lookup and action goes into the audit
//! log (clerk, time, action, case id), never the resident's data.

use api::{ClerkSession, ClerkSignIn, ErrorCode, Receipt};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::cases::{ActionRequest, CaseQuery, act_on_case, view_case};
use super::requests::{idempotency_key, new_request, receipt_answer};
use crate::AppState;
use crate::cases::{Audience, Verdict};
use crate::clerks::{
    Clerk, ClerkOffice, require_clerk_header, session_cookie, signed_out_cookie, tracking_qr_svg,
    valid_clerk_id, window_mode_cookie, window_mode_ended_cookie,
};
use crate::client_ip::ClientIp;
use crate::error::Failure;
use crate::filing::{self, Origin};

fn session_of(desk: &ClerkOffice, clerk: &Clerk) -> ClerkSession {
    ClerkSession {
        clerk_id: clerk.clerk_id.clone(),
        name: clerk.name.clone(),
        idle_timeout_secs: desk.idle_timeout.as_secs(),
        expires_in_secs: clerk.left_secs,
        session_warning_secs: desk.session_warning.as_secs(),
        resident_idle_secs: desk.resident_idle.as_secs(),
        resident_warning_secs: desk.resident_warning.as_secs(),
        tracking_base: crate::clerks::tracking_url(&desk.public_url, "")
            .as_str()
            .to_owned(),
    }
}

/// Writes one audit line; a failure to write is logged, and the clerk's work goes on.
async fn audit(
    state: &AppState,
    clerk: &Clerk,
    action: &str,
    case_id: Option<&str>,
    detail: Option<String>,
) {
    let written = state
        .clerks
        .store
        .audit(&clerk.clerk_id, action, case_id, detail.as_deref())
        .await;
    if let Err(error) = written {
        tracing::error!(%error, "cannot write the clerk audit log");
    }
}

/// `POST /api/clerk/sign-in`: a new session (and cookie) for a right id and password.
#[utoipa::path(post, path = "/api/clerk/sign-in", tag = "window",
    params(("X-Huiyin-Clerk" = String, Header, description = "`1`")),
    request_body = api::ClerkSignIn,
    responses(
        (status = 200, description = "Signed in; `Set-Cookie: __Host-huiyin-clerk=…; Path=/; Secure; HttpOnly; SameSite=Strict`", body = api::ClerkSession),
        (status = 400, description = "Malformed body", body = api::ApiError),
        (status = 401, description = "`clerk_sign_in_failed`: wrong id or password, or a disabled account (alike)", body = api::ApiError),
        (status = 403, description = "`clerk_header_missing`", body = api::ApiError),
        (status = 429, description = "`clerk_sign_in_limited` with `retry_after_secs`: too many failures for the account or from this client", body = api::ApiError)))]
pub async fn sign_in(
    State(state): State<AppState>,
    client: ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    require_clerk_header(&headers)?;
    let attempt: ClerkSignIn = serde_json::from_slice(&body).map_err(|_| Failure::bad_request())?;
    let desk = state.clerks.clone();
    let clerk_id = attempt.clerk_id.trim().to_owned();
    if let Verdict::Locked(seconds) = desk.sign_ins.check(&clerk_id, client.0).await? {
        return Err(Failure::retry_later(ErrorCode::ClerkSignInLimited, seconds));
    }
    let credentials = if valid_clerk_id(&clerk_id) {
        desk.store.credentials(&clerk_id).await?
    } else {
        None
    };
    let exists = credentials.is_some();
    // argon2 takes tens of milliseconds of CPU: off the runtime's threads.
    let password = attempt.password;
    let verified = tokio::task::spawn_blocking(move || match credentials {
        Some((hash, name)) => crate::clerks::verify_password(&password, &hash).then_some(name),
        None => {
            crate::clerks::verify_against_nothing(&password);
            None
        }
    })
    .await
    .map_err(|error| Failure::internal("the password check failed", error))?;
    let Some(name) = verified else {
        desk.sign_ins.record_failure(&clerk_id, client.0).await?;
        if exists {
            let _ = desk
                .store
                .audit(&clerk_id, "sign_in_refused", None, None)
                .await;
        }
        tracing::info!("clerk sign-in refused");
        return Err(Failure::new(ErrorCode::ClerkSignInFailed));
    };
    let token = crate::clerks::new_token();
    let token_hash = crate::clerks::hash_token(&token);
    let replaces = crate::clerks::token_in(&headers).map(|t| crate::clerks::hash_token(&t));
    desk.store
        .start_session(&token_hash, &clerk_id, replaces.as_deref())
        .await?;
    desk.store.audit(&clerk_id, "sign_in", None, None).await?;
    tracing::info!(clerk_id = %clerk_id, "clerk signed in");
    let clerk = Clerk {
        clerk_id,
        name,
        left_secs: desk.session_max.as_secs(),
    };
    let mut response = Json(session_of(&desk, &clerk)).into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&token));
    response
        .headers_mut()
        .append(header::SET_COOKIE, window_mode_cookie());
    Ok(response)
}

/// `POST /api/clerk/sign-out`: ends the session, whatever state it was in.
#[utoipa::path(post, path = "/api/clerk/sign-out", tag = "window",
    params(("X-Huiyin-Clerk" = String, Header, description = "`1`")),
    responses(
        (status = 204, description = "Signed out; the cookie is cleared"),
        (status = 403, description = "`clerk_header_missing`", body = api::ApiError)))]
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    require_clerk_header(&headers)?;
    if let Some(token) = crate::clerks::token_in(&headers) {
        let hash = crate::clerks::hash_token(&token);
        let store = &state.clerks.store;
        let clerk = store
            .check_session(&hash, state.clerks.session_limits())
            .await?;
        store.end_session(&hash).await?;
        if let crate::clerks::SessionCheck::Valid { clerk_id, .. } = clerk {
            let _ = store.audit(&clerk_id, "sign_out", None, None).await;
        }
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, signed_out_cookie());
    response
        .headers_mut()
        .append(header::SET_COOKIE, window_mode_ended_cookie());
    Ok(response)
}

/// `GET /api/clerk/session`: who is signed in and the time limits; keeps the session alive.
#[utoipa::path(get, path = "/api/clerk/session", tag = "window",
    responses(
        (status = 200, description = "The session", body = api::ClerkSession),
        (status = 401, description = "`clerk_session_required`: none, or it ended", body = api::ApiError)))]
pub async fn session(State(state): State<AppState>, clerk: Clerk) -> Json<ClerkSession> {
    Json(session_of(&state.clerks, &clerk))
}

/// `POST /api/clerk/requests`: files on a resident's behalf, as channel `window` with the
/// clerk's id; `consent_read_out` says how the privacy notice reached the resident.
#[utoipa::path(post, path = "/api/clerk/requests", tag = "window",
    params(("Idempotency-Key" = String, Header, description = "A key made by the page for this submission"),
           ("X-Huiyin-Clerk" = String, Header, description = "`1`")),
    request_body = api::NewRequest,
    responses(
        super::FilingAnswers,
        (status = 401, description = "`clerk_session_required`", body = api::ApiError),
        (status = 403, description = "`clerk_header_missing`", body = api::ApiError),
        (status = 422, description = "`validation_failed` with `fields` (`consent_read_out` is required here), `idempotency_key_reused`, or `upstream_rejected`", body = api::ApiError),
        (status = 502, description = "The city system failed (`upstream_unavailable`), or `submission_unverifiable`: it may have the case and offers no way to check (final: check with the hotline)", body = api::ApiError)))]
pub async fn file(
    State(state): State<AppState>,
    headers: HeaderMap,
    clerk: Clerk,
    body: Bytes,
) -> Result<(StatusCode, Json<Receipt>), Failure> {
    require_clerk_header(&headers)?;
    let key = idempotency_key(&headers)?;
    let request = new_request(&body)?;
    let read_out = request.consent_read_out;
    let origin = Origin::Window {
        clerk_id: clerk.clerk_id.clone(),
    };
    let filed = filing::file(&state, key, request, origin).await?;
    if filed.now {
        let detail = read_out.map(|way| format!("consent read out {}", way.token()));
        audit(&state, &clerk, "file", Some(&filed.receipt.case_id), detail).await;
    }
    Ok(receipt_answer(filed))
}

/// `GET /api/clerk/cases/{id}?code=`: a case looked up on the resident's word.
#[utoipa::path(get, path = "/api/clerk/cases/{id}", tag = "window",
    params(("id" = String, Path, description = "The case number"), ("code" = String, Query, description = "The case's query code, as the resident gives it"), ("locale" = Option<api::Locale>, Query, description = "zh-CN (default), zh-TW or en")),
    responses(
        (status = 200, description = "The case", body = api::CaseView),
        (status = 401, description = "`clerk_session_required`", body = api::ApiError),
        (status = 404, description = "`case_not_found`: unknown case or wrong code (alike)", body = api::ApiError),
        (status = 429, description = "`too_many_attempts`", body = api::ApiError)))]
pub async fn show_case(
    State(state): State<AppState>,
    clerk: Clerk,
    Path(id): Path<String>,
    Query(query): Query<CaseQuery>,
    client: ClientIp,
) -> Result<Json<api::CaseView>, Failure> {
    let view = view_case(&state, &id, &query, client, Audience::Clerk).await?;
    audit(&state, &clerk, "view", Some(&id), None).await;
    Ok(Json(view))
}

/// `POST /api/clerk/cases/{id}/{action}`: one of the resident's actions, on their word.
#[utoipa::path(post, path = "/api/clerk/cases/{id}/{action}", tag = "window",
    params(("id" = String, Path, description = "The case number"), ("action" = String, Path, description = "info, urge, withdraw or rating"), ("X-Huiyin-Clerk" = String, Header, description = "`1`"), ("locale" = Option<api::Locale>, Query, description = "zh-CN (default), zh-TW or en")),
    request_body(content = serde_json::Value, description = "AddInfo, CaseNote or Rating, each with the query code"),
    responses(
        (status = 200, description = "The case after the action", body = api::CaseView),
        (status = 401, description = "`clerk_session_required`", body = api::ApiError),
        (status = 403, description = "`clerk_header_missing`", body = api::ApiError),
        (status = 404, description = "`case_not_found`", body = api::ApiError),
        (status = 409, description = "`action_not_allowed`", body = api::ApiError),
        (status = 422, description = "`validation_failed`", body = api::ApiError)))]
pub async fn act_on(
    State(state): State<AppState>,
    headers: HeaderMap,
    clerk: Clerk,
    Path((id, action)): Path<(String, String)>,
    Query(query): Query<CaseQuery>,
    client: ClientIp,
    body: Bytes,
) -> Result<Json<api::CaseView>, Failure> {
    require_clerk_header(&headers)?;
    let request = ActionRequest::from_json(&action, &body)?;
    let view = act_on_case(&state, &id, request, &query, client, Audience::Clerk).await?;
    // Whether a reason was given, never its words: those are the resident's (they go to
    // the city's system as the withdrawal's reason, which no public page shows).
    let detail = (action == "withdraw" && gave_a_note(&body)).then(|| "reason given".to_owned());
    audit(&state, &clerk, &action, Some(&id), detail).await;
    Ok(Json(view))
}

fn gave_a_note(body: &[u8]) -> bool {
    serde_json::from_slice::<api::CaseNote>(body)
        .ok()
        .and_then(|n| n.note)
        .is_some_and(|n| !n.trim().is_empty())
}

/// `GET /api/clerk/cases/{id}/qr.svg`: the QR code of the case's tracking link.
#[utoipa::path(get, path = "/api/clerk/cases/{id}/qr.svg", tag = "window",
    params(("id" = String, Path, description = "The case number")),
    responses(
        (status = 200, description = "SVG of the QR code of `<public URL>cases/<id>`", content_type = "image/svg+xml", body = String),
        (status = 401, description = "`clerk_session_required`", body = api::ApiError),
        (status = 404, description = "Not a case number", body = api::ApiError)))]
pub async fn case_qr(
    State(state): State<AppState>,
    _clerk: Clerk,
    Path(id): Path<String>,
) -> Result<Response, Failure> {
    let plausible =
        (1..=64).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !plausible {
        return Err(Failure::not_found());
    }
    let svg = tracking_qr_svg(&state.clerks.public_url, &id).ok_or_else(Failure::not_found)?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("image/svg+xml"),
        )],
        svg,
    )
        .into_response())
}

/// Nothing a clerk sees is kept in the shared computer's HTTP cache.
pub async fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
