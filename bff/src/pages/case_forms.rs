//! Looking a case up and acting on it without JavaScript (issue 19 item 3): `/track`'s
//! lookup and a case page's actions are plain HTML forms that post to their own page.
//!
//! - The lookup goes through the API's own gate ([`view_case`]: the guess limiter, an
//!   unknown case answered like a wrong code, the wait after too many tries). Found: the
//!   code goes into this browser's session cookie ([`case_cookie`]) and the answer is a
//!   303 to `/cases/{id}`, which shows the case without the code in its address.
//! - `/cases/{id}` with the code in the cookie is rendered with the case (its timeline, due
//!   status, answer, actions) as the page's prepared state, code included, so the app
//!   hydrates it without asking again and follows it live. Those pages are `no-store`.
//! - An action goes through [`act_on_case`] as the API's do (validation, the city's online
//!   ways, the code check); done, a 303 back to the case page, whose confirmation comes
//!   from a short-lived cookie read once, so reloading neither repeats the action nor the
//!   banner. What needs fixing is the case page again with what was typed.
//!
//! - `/my-requests` lists the cases the cookie holds beside the device's own.
//!
//! Every post is checked by the form guard first: another site's post is a 403 page and
//! nothing is done; a token too old shows the form again to send once more.

use std::collections::HashMap;

use api::{AddInfo, CaseAction, CaseNote, ErrorCode, Locale, Rating};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, post};
use frontend::page_start::{
    ActionAnswer, CasePageStart, LookupAnswer, PageStart, PreparedCase, cookie,
};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use super::form_guard::{FIELD, Refusal};
use super::{Pages, case_cookie};
use crate::cases::Audience;
use crate::client_ip::ClientIp;
use crate::error::UpstreamFault;
use crate::routes::cases::{ActionRequest, CaseQuery, act_on_case, view_case};

/// What every case form's token is bound to: the forms act only behind a query code, so
/// binding a token to one case would add nothing, and one token serves the whole page.
const PURPOSE: &str = "case-forms";

/// The cookie that carries "this was done" across the redirect, read (and cleared) once.
const DONE_COOKIE: &str = "__Host-huiyin-case-done";

/// Long enough for the redirect on a slow phone; a banner found later is stale.
const DONE_MAX_AGE_SECS: u32 = 120;

/// A case id as one path segment or cookie part.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_');

/// `/track` and `/cases/{id}`: the page on GET and HEAD, its forms on POST.
pub fn routes() -> Router<Pages> {
    Router::new()
        .route("/track", page_and_form(post(look_up)).get(track_page))
        .route("/cases/{id}", page_and_form(post(act)).get(case_page))
        .route("/my-requests", axum::routing::get(my_requests_page))
}

/// `GET /my-requests`: the app's page, listing too the cases this browser's cookie holds
/// (filed or looked up without the app), each a link to its page. Numbers only: their
/// codes stay in the cookie, and their stages are one click away rather than a call to
/// the city per case on every visit to this page.
async fn my_requests_page(State(pages): State<Pages>, request: Request) -> Response {
    if super::clerk_here(request.headers()) {
        return super::page(State(pages), request).await;
    }
    let mut start = start(request.headers(), request.uri());
    start.browser_cases = case_cookie::cases(request.headers())
        .into_iter()
        .filter(|(id, code)| pages.state.codes.verify(id, code))
        .map(|(id, _)| id)
        .collect();
    answer(&pages, start, request.uri(), StatusCode::OK).await
}

fn page_and_form(on_post: MethodRouter<Pages>) -> MethodRouter<Pages> {
    on_post.head(super::page)
}

/// `GET /track`: the lookup form, with its token.
async fn track_page(State(pages): State<Pages>, request: Request) -> Response {
    if super::clerk_here(request.headers()) {
        return super::page(State(pages), request).await;
    }
    let mut start = start(request.headers(), request.uri());
    start.case_page = Some(CasePageStart {
        form_token: pages.state.forms.token(PURPOSE),
        ..CasePageStart::default()
    });
    answer(&pages, start, request.uri(), StatusCode::OK).await
}

/// `POST /track`: the case number and query code, checked as the API checks them.
async fn look_up(
    State(pages): State<Pages>,
    headers: HeaderMap,
    uri: Uri,
    client: ClientIp,
    body: Bytes,
) -> Response {
    let form = fields(&body);
    let mut start = start(&headers, &uri);
    let number = form.get("case-number").cloned().unwrap_or_default();
    // As the app reads it: query codes are Crockford base32, ASCII only.
    let code = form
        .get("query-code")
        .map(|c| c.trim().to_ascii_uppercase())
        .unwrap_or_default();
    let mut lookup = LookupAnswer {
        case_number: number.clone(),
        ..LookupAnswer::default()
    };
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    let mut fault = None;
    match checked(&pages, &headers, &form) {
        Err(Refusal::Forged) => return refused(&pages, start, &uri).await,
        Err(Refusal::Expired) => {
            lookup.expired = true;
            status = StatusCode::OK;
        }
        Ok(()) if number.trim().is_empty() || code.is_empty() => {
            lookup.missing_number = number.trim().is_empty();
            lookup.missing_code = code.is_empty();
        }
        Ok(()) => {
            let query = CaseQuery::for_page(code.clone(), start.language().locale());
            match view_case(&pages.state, &number, &query, client, Audience::Resident).await {
                Ok(view) => {
                    let mut response = see_other(&case_address(&view.case_id));
                    response.headers_mut().append(
                        header::SET_COOKIE,
                        case_cookie::remember(&headers, &view.case_id, &code),
                    );
                    return response;
                }
                Err(failure) => {
                    status = failure.status();
                    fault = failure.fault();
                    lookup.error = Some(failure.to_api_error());
                }
            }
        }
    }
    start.case_page = Some(CasePageStart {
        form_token: pages.state.forms.token(PURPOSE),
        lookup: Some(lookup),
        ..CasePageStart::default()
    });
    marked(answer(&pages, start, &uri, status).await, fault)
}

/// `GET /cases/{id}`: the case itself when this browser's cookie holds its code.
async fn case_page(
    State(pages): State<Pages>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let headers = request.headers().clone();
    if super::clerk_here(&headers) {
        return super::page(State(pages), request).await;
    }
    let client = crate::client_ip::of_parts(request.extensions());
    let mut start = start(&headers, request.uri());
    let (mut page, fault) =
        prepared(&pages, &headers, &id, start.language().locale(), client).await;
    page.done = done_here(&headers, &id);
    let shown_done = page.done.is_some();
    start.case_page = Some(page);
    let mut response = answer(&pages, start, request.uri(), StatusCode::OK).await;
    if shown_done {
        response
            .headers_mut()
            .append(header::SET_COOKIE, done_cookie("", 0));
    }
    marked(response, fault)
}

/// `POST /cases/{id}`: one of the case's actions (`action`: info, urge, withdraw, rating).
async fn act(
    State(pages): State<Pages>,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    client: ClientIp,
    body: Bytes,
) -> Response {
    let form = fields(&body);
    let mut start = start(&headers, &uri);
    let locale = start.language().locale();
    let Some(action) = form.get("action").and_then(|token| {
        CaseAction::ALL
            .iter()
            .copied()
            .find(|action| action.token() == token)
    }) else {
        // Not one of our forms: the page as it is, said plainly.
        let (mut page, fault) = prepared(&pages, &headers, &id, locale, client).await;
        page.failure = Some(api::ApiError::new(ErrorCode::BadRequest));
        start.case_page = Some(page);
        return marked(
            answer(&pages, start, &uri, StatusCode::BAD_REQUEST).await,
            fault,
        );
    };
    let text_field = match action {
        CaseAction::AddInfo => "action-info-text",
        CaseAction::Urge => "action-urge-note",
        CaseAction::Withdraw => "action-withdraw-note",
        CaseAction::Rate => "action-rating-comment",
    };
    let text = form.get(text_field).cloned().unwrap_or_default();
    let rating = form
        .get("action-rating-stars")
        .and_then(|stars| stars.parse::<u8>().ok());
    let mut typed = ActionAnswer {
        action,
        text: text.clone(),
        rating,
        confirming: false,
        error: None,
        expired: false,
    };
    let mut status = StatusCode::OK;
    let mut fault = None;
    match checked(&pages, &headers, &form) {
        Err(Refusal::Forged) => return refused(&pages, start, &uri).await,
        Err(Refusal::Expired) => typed.expired = true,
        // A withdrawal is asked about once more first, as in the app.
        Ok(())
            if action == CaseAction::Withdraw
                && form.get("confirm").map(String::as_str) != Some("yes") =>
        {
            typed.confirming = true;
        }
        Ok(()) => {
            let Some(code) = case_cookie::code_for(&headers, &id) else {
                // The browser's session ended (its cookie went): the page asks for the code.
                return see_other(&case_address(&id));
            };
            let note = Some(text.clone());
            let request = match action {
                CaseAction::AddInfo => ActionRequest::AddInfo(AddInfo { code, text }),
                CaseAction::Urge => ActionRequest::Urge(CaseNote { code, note }),
                CaseAction::Withdraw => ActionRequest::Withdraw(CaseNote { code, note }),
                CaseAction::Rate => ActionRequest::Rate(Rating {
                    code,
                    rating: rating.unwrap_or(0),
                    comment: Some(text),
                }),
            };
            let query = CaseQuery::for_page(String::new(), locale);
            match act_on_case(
                &pages.state,
                &id,
                request,
                &query,
                client,
                Audience::Resident,
            )
            .await
            {
                Ok(view) => {
                    let mut response = see_other(&case_address(&view.case_id));
                    response.headers_mut().append(
                        header::SET_COOKIE,
                        done_cookie(
                            &format!("{}~{}", encode(&view.case_id), action.token()),
                            DONE_MAX_AGE_SECS,
                        ),
                    );
                    return response;
                }
                Err(failure) => {
                    status = failure.status();
                    fault = failure.fault();
                    typed.error = Some(failure.to_api_error());
                }
            }
        }
    }
    let (mut page, read_fault) = prepared(&pages, &headers, &id, locale, client).await;
    page.action = Some(typed);
    start.case_page = Some(page);
    marked(
        answer(&pages, start, &uri, status).await,
        fault.or(read_fault),
    )
}

/// The case page's start: its token and, when this browser holds the code, the case (or
/// the city's failure, said as the app says it, with the mark the request log reads).
async fn prepared(
    pages: &Pages,
    headers: &HeaderMap,
    id: &str,
    locale: Locale,
    client: ClientIp,
) -> (CasePageStart, Option<UpstreamFault>) {
    let mut page = CasePageStart {
        case_id: id.to_owned(),
        form_token: pages.state.forms.token(PURPOSE),
        ..CasePageStart::default()
    };
    let Some(code) = case_cookie::code_for(headers, id) else {
        return (page, None);
    };
    let query = CaseQuery::for_page(code.clone(), locale);
    let mut fault = None;
    match view_case(&pages.state, id, &query, client, Audience::Resident).await {
        Ok(view) => page.case = Some(PreparedCase { view, code }),
        // A code that no longer opens the case (the city's key changed): ask for it.
        Err(failure) if failure.to_api_error().code == ErrorCode::CaseNotFound => {}
        Err(failure) => {
            fault = failure.fault();
            page.failure = Some(failure.to_api_error());
        }
    }
    (page, fault)
}

/// A page answered because of the city's system carries the mark the request log writes
/// its one WARN line from, as the API's answers and the filing form's do.
fn marked(mut response: Response, fault: Option<UpstreamFault>) -> Response {
    if let Some(fault) = fault {
        response.extensions_mut().insert(fault);
    }
    response
}

fn checked(
    pages: &Pages,
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> Result<(), Refusal> {
    let token = form.get(FIELD).map(String::as_str).unwrap_or_default();
    pages.state.forms.check(headers, PURPOSE, token)
}

/// A post from another site, or with a token not ours: the page again, saying nothing was
/// done, answered 403.
async fn refused(pages: &Pages, mut start: PageStart, uri: &Uri) -> Response {
    start.case_page = Some(CasePageStart {
        form_token: pages.state.forms.token(PURPOSE),
        refused: true,
        case_id: uri
            .path()
            .strip_prefix("/cases/")
            .and_then(|id| percent_decode_str(id).decode_utf8().ok())
            .map(|id| id.into_owned())
            .unwrap_or_default(),
        ..CasePageStart::default()
    });
    answer(pages, start, uri, StatusCode::FORBIDDEN).await
}

fn start(headers: &HeaderMap, uri: &Uri) -> PageStart {
    super::start_for(headers, uri.query().unwrap_or_default())
}

/// The page rendered; never stored by a cache, since it may hold a query code and always
/// holds a form token.
async fn answer(pages: &Pages, start: PageStart, uri: &Uri, status: StatusCode) -> Response {
    let url = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_owned(), |pq| pq.as_str().to_owned());
    let has_wait = start
        .case_page
        .as_ref()
        .and_then(|page| {
            page.lookup
                .as_ref()
                .and_then(|l| l.error.as_ref())
                .or(page.action.as_ref().and_then(|a| a.error.as_ref()))
        })
        .and_then(|error| error.retry_after_secs);
    let mut response = super::render(pages, start, url, status).await;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(seconds) = has_wait {
        headers.insert(header::RETRY_AFTER, seconds.into());
    }
    response
}

fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn encode(id: &str) -> String {
    utf8_percent_encode(id, SEGMENT).to_string()
}

fn case_address(id: &str) -> String {
    format!("/cases/{}", encode(id))
}

fn done_cookie(value: &str, max_age: u32) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{DONE_COOKIE}={value}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={max_age}"
    ))
    .expect("percent-encoded ASCII")
}

/// The action the redirect to this case's page says was just done.
fn done_here(headers: &HeaderMap, id: &str) -> Option<CaseAction> {
    let cookies = super::all_cookies(headers);
    let (case, token) = cookie(&cookies, DONE_COOKIE)?.split_once('~')?;
    let case = percent_decode_str(case).decode_utf8().ok()?;
    (case == id)
        .then(|| CaseAction::ALL.iter().copied().find(|a| a.token() == token))
        .flatten()
}

/// A form's fields; a name given twice keeps its first value.
fn fields(body: &[u8]) -> HashMap<String, String> {
    let mut fields = HashMap::new();
    for (name, value) in form_urlencoded::parse(body) {
        fields
            .entry(name.into_owned())
            .or_insert_with(|| value.into_owned());
    }
    fields
}
