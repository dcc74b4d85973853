use std::convert::Infallible;
use std::time::Duration;

use api::validation::{validate_rating, validate_text};
use api::{AddInfo, CaseNote, CaseView, ErrorCode, Locale, Rating};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::{Stream, StreamExt};
use serde::Deserialize;
use tokio_stream::wrappers::WatchStream;

use crate::AppState;
use crate::cases::{Audience, Verdict, view_for};
use crate::client_ip::ClientIp;
use crate::error::Failure;
use crate::upstream::{ResidentAction, UpstreamError};

#[derive(Debug, Deserialize)]
pub struct CaseQuery {
    #[serde(default)]
    code: String,
    locale: Option<String>,
}

impl CaseQuery {
    /// The query of a page's form or a server-rendered page: the code it holds, its language.
    pub fn for_page(code: String, locale: Locale) -> CaseQuery {
        CaseQuery {
            code,
            locale: Some(locale.tag().to_owned()),
        }
    }

    fn locale(&self) -> Result<Locale, Failure> {
        match self.locale.as_deref() {
            None | Some("") => Ok(Locale::default()),
            Some(tag) => Locale::from_tag(tag).ok_or_else(Failure::bad_request),
        }
    }
}

fn case_not_found() -> Failure {
    Failure::new(ErrorCode::CaseNotFound)
}

/// The query code gate: limited tries, and an unknown case looks like a wrong code.
async fn check_code(
    state: &AppState,
    id: &str,
    code: &str,
    client: ClientIp,
) -> Result<(), Failure> {
    if let Verdict::Locked(seconds) = state.guesses.check(id, client.0).await? {
        return Err(Failure::retry_later(ErrorCode::TooManyAttempts, seconds));
    }
    if state.codes.verify(id, code) {
        return Ok(());
    }
    state.guesses.record_failure(id, client.0).await?;
    tracing::info!("wrong query code");
    Err(case_not_found())
}

/// The case number as the city's system spells it (trimmed, folded as its profile says);
/// one that cannot be an id there is answered as an unknown case.
fn case_id(state: &AppState, typed: &str) -> Result<String, Failure> {
    state.upstream.case_id(typed).ok_or_else(case_not_found)
}

fn from_upstream(error: UpstreamError) -> Failure {
    match error {
        UpstreamError::NotFound => case_not_found(),
        other => other.into(),
    }
}

/// `GET /api/cases/{id}?code=`: the case's timeline, due status, answer and actions.
#[utoipa::path(get, path = "/api/cases/{id}", tag = "tracking",
    params(("id" = String, Path, description = "The case number"), ("locale" = Option<api::Locale>, Query, description = "zh-CN (default), zh-TW or en"), ("code" = String, Query, description = "The case's query code")),
    responses(
        (status = 200, description = "The case, without the resident's personal data", body = api::CaseView),
        (status = 404, description = "`case_not_found`: unknown case or wrong code (alike)", body = api::ApiError), (status = 429, description = "`too_many_attempts` with `retry_after_secs`", body = api::ApiError), (status = 502, description = "The city system failed: `upstream_unavailable` or `upstream_invalid`", body = api::ApiError), (status = 504, description = "The city system did not answer in time", body = api::ApiError)))]
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<CaseQuery>,
    client: ClientIp,
) -> Result<Json<CaseView>, Failure> {
    view_case(&state, &id, &query, client, Audience::Resident)
        .await
        .map(Json)
}

/// The case behind its query code; residents and clerks alike, as `audience` may see it.
pub async fn view_case(
    state: &AppState,
    id: &str,
    query: &CaseQuery,
    client: ClientIp,
    audience: Audience,
) -> Result<CaseView, Failure> {
    let locale = query.locale()?;
    let id = &case_id(state, id)?;
    check_code(state, id, &query.code, client).await?;
    let record = state
        .upstream
        .case(id, locale)
        .await
        .map_err(from_upstream)?;
    let online = state.upstream.online_actions().await;
    Ok(view_for(&record, chrono::Utc::now(), &online, audience))
}

/// `POST /api/cases/{id}/{info|urge|withdraw|rating}` with the code in the JSON body.
#[utoipa::path(post, path = "/api/cases/{id}/{action}", tag = "tracking",
    params(("id" = String, Path, description = "The case number"), ("locale" = Option<api::Locale>, Query, description = "zh-CN (default), zh-TW or en"), ("action" = String, Path, description = "info (body AddInfo), urge or withdraw (body CaseNote), rating (body Rating)")),
    request_body(content = serde_json::Value, description = "AddInfo, CaseNote or Rating, each with the query code"),
    responses(
        (status = 200, description = "The case after the action", body = api::CaseView),
        (status = 400, description = "Malformed body", body = api::ApiError),
        (status = 409, description = "`action_not_allowed` in the case's stage", body = api::ApiError),
        (status = 422, description = "`validation_failed` with `fields`", body = api::ApiError),
        (status = 404, description = "`case_not_found`: unknown case or wrong code (alike)", body = api::ApiError), (status = 429, description = "`too_many_attempts` with `retry_after_secs`", body = api::ApiError), (status = 502, description = "The city system failed: `upstream_unavailable` or `upstream_invalid`", body = api::ApiError), (status = 504, description = "The city system did not answer in time", body = api::ApiError)))]
pub async fn act(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    Query(query): Query<CaseQuery>,
    client: ClientIp,
    body: Bytes,
) -> Result<Json<CaseView>, Failure> {
    let request = ActionRequest::from_json(&action, &body)?;
    act_on_case(&state, &id, request, &query, client, Audience::Resident)
        .await
        .map(Json)
}

/// One of the resident's actions with the query code it came with, as read from the
/// API's JSON body or a page's form (pages/case_forms.rs): both go through
/// [`act_on_case`], so validation, the city's online ways and the code check are one.
#[derive(Clone, Debug)]
pub enum ActionRequest {
    AddInfo(AddInfo),
    Urge(CaseNote),
    Withdraw(CaseNote),
    Rate(Rating),
}

impl ActionRequest {
    /// The API's body for `/api/cases/{id}/{action}`; an unknown action is a 404.
    pub fn from_json(action: &str, body: &[u8]) -> Result<ActionRequest, Failure> {
        let parse_error = |_| Failure::bad_request();
        Ok(match action {
            "info" => ActionRequest::AddInfo(serde_json::from_slice(body).map_err(parse_error)?),
            "urge" => ActionRequest::Urge(serde_json::from_slice(body).map_err(parse_error)?),
            "withdraw" => {
                ActionRequest::Withdraw(serde_json::from_slice(body).map_err(parse_error)?)
            }
            "rating" => ActionRequest::Rate(serde_json::from_slice(body).map_err(parse_error)?),
            _ => return Err(Failure::not_found()),
        })
    }

    /// The query code and the action to send, once what was given is valid.
    fn validated(self) -> Result<(String, ResidentAction), Failure> {
        let invalid_if_any = |errors: Vec<api::FieldError>| {
            if errors.is_empty() {
                Ok(())
            } else {
                Err(Failure::invalid(errors))
            }
        };
        Ok(match self {
            ActionRequest::AddInfo(body) => {
                invalid_if_any(validate_text(api::Field::Text, &body.text, true))?;
                (body.code, ResidentAction::AddInfo { text: body.text })
            }
            ActionRequest::Urge(body) => {
                let (code, note) = note_of(body)?;
                (code, ResidentAction::Urge { note })
            }
            ActionRequest::Withdraw(body) => {
                let (code, reason) = note_of(body)?;
                (code, ResidentAction::Withdraw { reason })
            }
            ActionRequest::Rate(body) => {
                invalid_if_any(validate_rating(body.rating, body.comment.as_deref()))?;
                (
                    body.code,
                    ResidentAction::Rate {
                        rating: body.rating,
                        comment: body.comment.filter(|c| !c.trim().is_empty()),
                    },
                )
            }
        })
    }
}

/// An urge's or a withdrawal's optional note, checked; blank is none.
fn note_of(body: CaseNote) -> Result<(String, Option<String>), Failure> {
    let errors = validate_text(api::Field::Note, body.note.as_deref().unwrap_or(""), false);
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    Ok((body.code, body.note.filter(|n| !n.trim().is_empty())))
}

/// One of the resident's actions behind its query code; residents and clerks alike, the
/// case after it as `audience` may see it.
pub async fn act_on_case(
    state: &AppState,
    id: &str,
    request: ActionRequest,
    query: &CaseQuery,
    client: ClientIp,
    audience: Audience,
) -> Result<CaseView, Failure> {
    let locale = query.locale()?;
    let (code, action) = request.validated()?;
    let id = &case_id(state, id)?;
    check_code(state, id, &code, client).await?;
    // An action the city has no online way for is never sent (its page explains the way).
    let online = state.upstream.online_actions().await;
    if !online.iter().any(|a| a.token() == action.endpoint()) {
        return Err(Failure::new(ErrorCode::ActionNotAllowed));
    }
    let record = state
        .upstream
        .act(id, &action, locale)
        .await
        .map_err(from_upstream)?;
    tracing::info!(case_id = %id, action = action.endpoint(), "resident action");
    Ok(view_for(&record, chrono::Utc::now(), &online, audience))
}

/// What a browser is told to wait before reconnecting when its instance stops.
pub const RECONNECT_AFTER_DRAIN: Duration = Duration::from_millis(1000);

/// `GET /api/cases/{id}/events?code=`: the case now, then each change, as Server-Sent
/// Events named `case`. One upstream poll per case per interval, however many watch.
#[utoipa::path(get, path = "/api/cases/{id}/events", tag = "tracking",
    params(("id" = String, Path, description = "The case number"), ("locale" = Option<api::Locale>, Query, description = "zh-CN (default), zh-TW or en"), ("code" = String, Query, description = "The case's query code")),
    responses(
        (status = 200, description = "text/event-stream of `case` events, each a CaseView in JSON", content_type = "text/event-stream", body = api::CaseView),
        (status = 404, description = "`case_not_found`: unknown case or wrong code (alike)", body = api::ApiError), (status = 429, description = "`too_many_attempts` with `retry_after_secs`", body = api::ApiError)))]
pub async fn events(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<CaseQuery>,
    client: ClientIp,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, Failure> {
    let locale = query.locale()?;
    let id = case_id(&state, &id)?;
    check_code(&state, &id, &query.code, client).await?;
    let receiver = state.watchers.subscribe(&id, locale);
    let open = crate::metrics::SseStreamGuard::open();
    let updates = WatchStream::new(receiver).filter_map(move |latest| {
        let _still_open = &open;
        std::future::ready(latest.map(|view| {
            let json = serde_json::to_string(&*view).expect("serializable");
            Ok(Event::default().event("case").data(json))
        }))
    });
    // Draining (SIGTERM): the stream ends with a retry hint, and the browser's EventSource
    // reconnects, through the balancer, to an instance that stays.
    let mut draining = state.draining.clone();
    let drained = async move {
        let _ = draining.wait_for(|draining| *draining).await;
    };
    let stream = futures_util::StreamExt::chain(
        futures_util::StreamExt::take_until(updates, drained),
        futures_util::stream::once(std::future::ready(Ok(Event::default()
            .retry(RECONNECT_AFTER_DRAIN)
            .comment("this instance is stopping")))),
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
