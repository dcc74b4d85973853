//! Filing a request without JavaScript (issue 19 item 3): `/services/{code}/request`.
//!
//! - GET: the form, with a filing key made here (random, as the app makes its own) and a
//!   form token bound to the service and that key;
//! - POST `action=check`: the contract's own `validate_request`; what to fix on the form
//!   again (422, everything typed kept), else the answers read back (200);
//! - POST `action=change`: the form again, answers kept;
//! - POST `action=send`: filed through [`crate::filing::file`] under the form's key, so
//!   however often it is sent (twice, or again after Back) there is one case; then 303 to
//!   `/receipt/{id}` with the query code in the case cookie, not in the address. A filing
//!   whose outcome is unknown shows the app's words for it and offers to send again with
//!   the same key, which finds the case if the city has it.
//!
//! Every post is checked by the form guard first: another site's post is refused (403, and
//! nothing filed); a token too old shows the form again with a fresh one.
//!
//! `/receipt/{id}` is rendered here when the browser's case cookie holds that case (after
//! a filing by this form); otherwise it is the app's, which reads "My requests" on the
//! device as it always has.

use api::{ErrorCode, Locale, ServiceDefinition};
use axum::Form;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use frontend::filing_form::{self as form, Action, FilingForm, ServedReceipt, Stage};
use frontend::page_start::PageStart;

use super::form_guard::{self, Refusal};
use super::{Pages, case_cookie, clerk_here, html, render, start_for};
use crate::error::Failure;
use crate::filing::{self, Origin};
use crate::upstream::UpstreamError;

/// `GET /services/{code}/request`: the blank form, with its key and token.
pub async fn show(
    State(pages): State<Pages>,
    headers: HeaderMap,
    Path(code): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query.unwrap_or_default();
    let mut start = start_for(&headers, &query);
    if clerk_here(&headers) {
        return html(StatusCode::OK, pages.drawn(&start));
    }
    let locale = start.language().locale();
    let definition = match definition(&pages, &code, locale).await {
        Ok(definition) => definition,
        Err(status) => return unavailable(&pages, start, &code, &query, status).await,
    };
    let key = new_key();
    let prepared = FilingForm {
        service_code: code.clone(),
        token: pages.state.forms.token(&form::purpose(&code, &key)),
        key,
        ..FilingForm::default()
    };
    start.definition = Some(definition);
    start.filing_form = Some(prepared);
    render(&pages, start, address(&code, &query), StatusCode::OK).await
}

/// `POST /services/{code}/request`: check, change or send, as the pressed button says.
pub async fn submit(
    State(pages): State<Pages>,
    headers: HeaderMap,
    Path(code): Path<String>,
    RawQuery(query): RawQuery,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let query = query.unwrap_or_default();
    let mut start = start_for(&headers, &query);
    let locale = start.language().locale();
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let key = field(form::KEY);
    let token = field(form_guard::FIELD);
    let url = address(&code, &query);
    // A key we could not have made is no form of ours: refused as forged, before any check.
    let refusal = if well_formed_key(&key) {
        pages
            .state
            .forms
            .check(&headers, &form::purpose(&code, &key), &token)
            .err()
    } else {
        Some(Refusal::Forged)
    };
    if refusal == Some(Refusal::Forged) {
        start.filing_form = Some(FilingForm {
            service_code: code.clone(),
            stage: Stage::Forged,
            ..FilingForm::default()
        });
        return render(&pages, start, url, StatusCode::FORBIDDEN).await;
    }
    let definition = match definition(&pages, &code, locale).await {
        Ok(definition) => definition,
        Err(status) => return unavailable(&pages, start, &code, &query, status).await,
    };
    let mut prepared = FilingForm {
        service_code: code.clone(),
        values: form::kept_values(&pairs, &definition, locale),
        // A fresh token on every page: a resident who takes long on one page has the whole
        // lifetime again on the next.
        token: pages.state.forms.token(&form::purpose(&code, &key)),
        key: key.clone(),
        ..FilingForm::default()
    };
    let action = Action::parse(&field(form::ACTION));
    let request = form::request(&pairs, &definition, locale);
    let errors = api::validation::validate_request(&request, &definition, api::Channel::Web);
    let (stage, status) = if refusal == Some(Refusal::Expired) {
        prepared.expired = true;
        (Stage::Form, StatusCode::OK)
    } else {
        match action {
            None | Some(Action::Change) => (Stage::Form, StatusCode::OK),
            Some(Action::Check | Action::Send) if !errors.is_empty() => {
                prepared.errors = errors;
                (Stage::Form, StatusCode::UNPROCESSABLE_ENTITY)
            }
            Some(Action::Check) => (Stage::Check, StatusCode::OK),
            Some(Action::Send) => {
                match filing::file(&pages.state, key.clone(), request, Origin::Web).await {
                    Ok(filed) => return filed_answer(&headers, &filed.receipt, &query),
                    Err(failure) => {
                        let answer = after_failure(&mut prepared, &failure);
                        let mut response = {
                            start.definition = Some(definition);
                            start.filing_form = Some(prepared);
                            render(&pages, start, url, answer).await
                        };
                        if let Some(fault) = failure.fault() {
                            response.extensions_mut().insert(fault);
                        }
                        return response;
                    }
                }
            }
        }
    };
    prepared.stage = stage;
    start.definition = Some(definition);
    start.filing_form = Some(prepared);
    render(&pages, start, url, status).await
}

/// What the page says when filing failed, and its status.
fn after_failure(prepared: &mut FilingForm, failure: &Failure) -> StatusCode {
    let code = failure.code();
    prepared.problem = Some(code);
    prepared.retry_after_secs = failure.retry_after_secs();
    prepared.upstream_message = failure.upstream_message().map(str::to_owned);
    let status = crate::error::status_of(code);
    prepared.stage = match code {
        ErrorCode::ValidationFailed => {
            // The city's own definition changed under the page, or a refusal naming a field.
            prepared.errors = failure.fields().to_vec();
            prepared.problem = None;
            Stage::Form
        }
        // The answers must change (or, unverifiable, the resident must ask 12345): sending
        // the same again cannot help.
        ErrorCode::UpstreamRejected
        | ErrorCode::IdempotencyKeyReused
        | ErrorCode::SubmissionUnverifiable => Stage::Refused,
        // Not sent, or not known to be: the same key again is safe and finds the case.
        _ => Stage::Stopped,
    };
    status
}

/// 303 to the receipt, whose query code goes in the case cookie (post/redirect/get: a
/// reload shows the receipt again and files nothing).
fn filed_answer(headers: &HeaderMap, receipt: &api::Receipt, query: &str) -> Response {
    let mut location = format!("/receipt/{}", encode_segment(&receipt.case_id));
    // `?lang=` chose this page's language; the receipt keeps it.
    if let Some(lang) = query.split('&').find(|pair| pair.starts_with("lang=")) {
        location.push('?');
        location.push_str(lang);
    }
    let cookie = case_cookie::remember(headers, &receipt.case_id, &receipt.query_code);
    let mut response = StatusCode::SEE_OTHER.into_response();
    let answer = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(&location) {
        answer.insert(header::LOCATION, location);
    }
    answer.insert(header::SET_COOKIE, cookie);
    answer.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /receipt/{id}`: rendered here when the case cookie holds this case's code (checked
/// against the code the BFF makes); else the app's page, drawn from "My requests".
pub async fn receipt(
    State(pages): State<Pages>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query.unwrap_or_default();
    let mut start = start_for(&headers, &query);
    let code =
        case_cookie::code_for(&headers, &id).filter(|code| pages.state.codes.verify(&id, code));
    let Some(code) = code.filter(|_| !clerk_here(&headers)) else {
        return html(StatusCode::OK, pages.drawn(&start));
    };
    let locale = start.language().locale();
    // The due date and the service's name, from the case as the city has it now; a city
    // that does not answer leaves them out, never the number and code.
    let view = match pages.state.upstream.case(&id, locale).await {
        Ok(record) => {
            let online = pages.state.upstream.online_actions().await;
            Some(crate::cases::case_view(
                &record,
                chrono::Utc::now(),
                &online,
            ))
        }
        Err(_) => None,
    };
    start.receipt = Some(ServedReceipt {
        case_id: id.clone(),
        query_code: code,
        due_date: view
            .as_ref()
            .and_then(|v| v.due.as_ref().map(|d| d.due_date.clone())),
        service_code: view.as_ref().map(|v| v.service_code.clone()),
        service_name: view.and_then(|v| v.service_name),
    });
    let url = if query.is_empty() {
        format!("/receipt/{}", encode_segment(&id))
    } else {
        format!("/receipt/{}?{query}", encode_segment(&id))
    };
    render(&pages, start, url, StatusCode::OK).await
}

/// The service's definition in the page's language, or the status to answer without it.
async fn definition(
    pages: &Pages,
    code: &str,
    locale: Locale,
) -> Result<ServiceDefinition, StatusCode> {
    match pages.state.catalogue.definition(code, locale).await {
        Ok((_, definition)) => Ok((*definition).clone()),
        Err(UpstreamError::NotFound) => Err(StatusCode::NOT_FOUND),
        Err(_) => Err(StatusCode::SERVICE_UNAVAILABLE),
    }
}

/// No such service (404, the page says so), or the city's system not answering (503,
/// with the app's words for it).
async fn unavailable(
    pages: &Pages,
    mut start: PageStart,
    code: &str,
    query: &str,
    status: StatusCode,
) -> Response {
    let problem = (status != StatusCode::NOT_FOUND).then_some(ErrorCode::UpstreamUnavailable);
    start.filing_form = Some(FilingForm {
        service_code: code.to_owned(),
        stage: if problem.is_some() {
            Stage::Unavailable
        } else {
            Stage::Form
        },
        problem,
        ..FilingForm::default()
    });
    render(pages, start, address(code, query), status).await
}

fn address(code: &str, query: &str) -> String {
    let path = form::path(&encode_segment(code));
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

fn encode_segment(segment: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(segment, SEGMENT).to_string()
}

/// A filing key as the app makes them: 16 random bytes in hex.
fn new_key() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the OS has randomness");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the API accepts as an idempotency key (routes/requests.rs): the same bound here.
fn well_formed_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= api::validation::limits::IDEMPOTENCY_KEY_MAX_CHARS
        && key.bytes().all(|b| b.is_ascii_graphic())
}
