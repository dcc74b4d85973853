//! The only place that talks HTTP: calls the BFF's `/api/*` and reads its answers into the
//! contract's types.

use std::cell::RefCell;
use std::rc::Rc;

use api::{
    AddInfo, ApiError, CaseNote, CaseView, ClerkSession, ClerkSignIn, ErrorCode, FieldError,
    Locale, NewRequest, Rating, Receipt, ServiceDefinition, ServiceList,
};
use gloo::net::http::{Request, RequestBuilder, Response};
use gloo::timers::callback::Timeout;
use js_sys::JsString;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::json;

mod upload;

pub use upload::upload_photo;

/// Why a call did not give an answer; each maps to a localized message.
#[derive(Clone, Debug, PartialEq)]
pub enum ClientError {
    Api {
        code: ErrorCode,
        /// With `validation_failed`: each field in error and why.
        fields: Vec<FieldError>,
        /// With `too_many_attempts` and `rate_limited`.
        retry_after_secs: Option<u64>,
        /// With `upstream_rejected`: the city system's own explanation (plain text).
        upstream_message: Option<String>,
    },
    /// No answer at all: offline, or the connection dropped.
    Network,
    /// An answer that is neither a success nor one of the BFF's codes (a server fault, or a
    /// code newer than this page): said plainly, never shown raw. `server` when a 5xx.
    Unexpected { server: bool },
}

impl ClientError {
    pub fn api(code: ErrorCode) -> ClientError {
        ClientError::Api {
            code,
            fields: Vec::new(),
            retry_after_secs: None,
            upstream_message: None,
        }
    }

    /// The Fluent key of the message that says what happened and what to do.
    pub fn message_key(&self) -> String {
        match self {
            ClientError::Api { code, .. } => format!("error-{}", code.as_str()),
            ClientError::Network => "error-network".to_owned(),
            ClientError::Unexpected { .. } => "error-unexpected".to_owned(),
        }
    }

    /// The BFF's code, when it answered with one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ClientError::Api { code, .. } => Some(*code),
            ClientError::Network | ClientError::Unexpected { .. } => None,
        }
    }

    pub fn fields(&self) -> &[FieldError] {
        match self {
            ClientError::Api { fields, .. } => fields,
            ClientError::Network | ClientError::Unexpected { .. } => &[],
        }
    }

    /// The city system's own words on why it refused, when it gave them.
    pub fn upstream_message(&self) -> Option<&str> {
        match self {
            ClientError::Api {
                upstream_message, ..
            } => upstream_message.as_deref(),
            ClientError::Network | ClientError::Unexpected { .. } => None,
        }
    }

    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            ClientError::Api {
                retry_after_secs, ..
            } => *retry_after_secs,
            ClientError::Network | ClientError::Unexpected { .. } => None,
        }
    }

    /// Whether sending the same thing again later may succeed. A retry of a submission
    /// always carries the same idempotency key, so it is safe whenever it may help.
    pub fn is_transient(&self) -> bool {
        match self {
            ClientError::Network => true,
            // A server fault may pass; anything else will not by being sent again.
            ClientError::Unexpected { server } => *server,
            ClientError::Api { code, .. } => matches!(
                code,
                ErrorCode::UpstreamUnavailable
                    | ErrorCode::UpstreamTimeout
                    | ErrorCode::UpstreamInvalid
                    | ErrorCode::SubmissionInProgress
                    | ErrorCode::SubmissionUnconfirmed
                    | ErrorCode::RateLimited
                    | ErrorCode::ServerBusy
                    | ErrorCode::InternalError
                    | ErrorCode::TooManyAttempts
            ),
        }
    }
}

/// How long any call may take before the resident is told the connection failed: a page
/// never waits without end. The BFF gives up on the city's system well before this.
const CALL_TIMEOUT_MS: u32 = 30_000;

/// Sends with a time limit; no answer in time counts as a dropped connection.
async fn send(builder: RequestBuilder) -> Result<Response, ClientError> {
    let (builder, _timer) = limited(builder);
    builder.send().await.map_err(|_| ClientError::Network)
}

/// The builder with an abort signal, and the timer that aborts it (dropped = cancelled).
fn limited(builder: RequestBuilder) -> (RequestBuilder, Option<Timeout>) {
    let Ok(controller) = web_sys::AbortController::new() else {
        return (builder, None);
    };
    let builder = builder.abort_signal(Some(&controller.signal()));
    let timer = Timeout::new(CALL_TIMEOUT_MS, move || controller.abort());
    (builder, Some(timer))
}

/// `/api/services/{code}`-style paths with their one placeholder filled in.
fn path(template: &str, name: &str, value: &str) -> String {
    template.replace(
        &format!("{{{name}}}"),
        &String::from(js_sys::encode_uri_component(value)),
    )
}

pub async fn services(locale: Locale) -> Result<ServiceList, ClientError> {
    let response =
        send(Request::get(api::paths::SERVICES).query([("locale", locale.tag())])).await?;
    read(response).await
}

pub async fn service(code: &str, locale: Locale) -> Result<ServiceDefinition, ClientError> {
    let response = send(
        Request::get(&path(api::paths::SERVICE, "code", code)).query([("locale", locale.tag())]),
    )
    .await?;
    read(response).await
}

/// At a service window, the clerk's routes stand in for the resident's, and every call
/// carries the clerk header (the session cookie goes along by itself).
fn at_window(builder: RequestBuilder) -> RequestBuilder {
    if crate::window_mode::active() {
        builder.header(api::paths::CLERK_HEADER, "1")
    } else {
        builder
    }
}

fn resident_or_clerk(resident: &'static str, clerk: &'static str) -> &'static str {
    if crate::window_mode::active() {
        clerk
    } else {
        resident
    }
}

thread_local! {
    static ON_SESSION_LOST: RefCell<Option<Rc<dyn Fn()>>> = RefCell::new(None);
}

/// Who hears that a call on a resident's behalf found the clerk's session gone (the service
/// window, which starts afresh at sign-in); set once at start.
pub fn on_session_lost(handler: impl Fn() + 'static) {
    ON_SESSION_LOST.with(|h| *h.borrow_mut() = Some(Rc::new(handler)));
}

fn check_session_error<T>(result: &Result<T, ClientError>) {
    if let Err(ClientError::Api {
        code: ErrorCode::ClerkSessionRequired,
        ..
    }) = result
        && let Some(handler) = ON_SESSION_LOST.with(|h| h.borrow().clone())
    {
        handler();
    }
}

/// Files a request. The same `key` and body always give the same receipt, never a second case.
pub async fn file_request(key: &str, request: &NewRequest) -> Result<Receipt, ClientError> {
    let result = file_request_once(key, request).await;
    check_session_error(&result);
    result
}

async fn file_request_once(key: &str, request: &NewRequest) -> Result<Receipt, ClientError> {
    let url = resident_or_clerk(api::paths::REQUESTS, api::paths::CLERK_REQUESTS);
    let (builder, _timer) = limited(at_window(
        Request::post(url).header(api::paths::IDEMPOTENCY_KEY_HEADER, key),
    ));
    let response = with_json(builder, request)?
        .send()
        .await
        .map_err(|_| ClientError::Network)?;
    read(response).await
}

pub async fn case(id: &str, code: &str, locale: Locale) -> Result<CaseView, ClientError> {
    let template = resident_or_clerk(api::paths::CASE, api::paths::CLERK_CASE);
    let response = send(
        Request::get(&path(template, "id", id)).query([("code", code), ("locale", locale.tag())]),
    )
    .await;
    let result = match response {
        Ok(response) => read(response).await,
        Err(error) => Err(error),
    };
    check_session_error(&result);
    result
}

/// Opens the case's live updates (Server-Sent Events named `case`).
pub fn case_events(id: &str, code: &str, locale: Locale) -> Result<web_sys::EventSource, JsValue> {
    let url = format!(
        "{}?code={}&locale={}",
        path(api::paths::CASE_EVENTS, "id", id),
        String::from(js_sys::encode_uri_component(code)),
        locale.tag()
    );
    web_sys::EventSource::new(&url)
}

/// One of the resident's actions on a case, with the body its route takes.
#[derive(Clone, Debug, PartialEq)]
pub enum CaseRequest {
    AddInfo(AddInfo),
    Urge(CaseNote),
    Withdraw(CaseNote),
    Rate(Rating),
}

pub async fn act(id: &str, action: &CaseRequest, locale: Locale) -> Result<CaseView, ClientError> {
    let (token, body) = match action {
        CaseRequest::AddInfo(body) => ("info", json::to_js_string(body)),
        CaseRequest::Urge(body) => ("urge", json::to_js_string(body)),
        CaseRequest::Withdraw(body) => ("withdraw", json::to_js_string(body)),
        CaseRequest::Rate(body) => ("rating", json::to_js_string(body)),
    };
    let template = resident_or_clerk(api::paths::CASE_ACTION, api::paths::CLERK_CASE_ACTION);
    let url = path(template, "id", id).replace("{action}", token);
    let (builder, _timer) = limited(at_window(
        Request::post(&url).query([("locale", locale.tag())]),
    ));
    let response = json_body(builder, body)?
        .send()
        .await
        .map_err(|_| ClientError::Network)?;
    let result = read(response).await;
    check_session_error(&result);
    result
}

/// Signs a clerk in; the BFF answers with a new session cookie.
pub async fn clerk_sign_in(clerk_id: &str, password: &str) -> Result<ClerkSession, ClientError> {
    let body = ClerkSignIn {
        clerk_id: clerk_id.to_owned(),
        password: password.to_owned(),
    };
    let (builder, _timer) =
        limited(Request::post(api::paths::CLERK_SIGN_IN).header(api::paths::CLERK_HEADER, "1"));
    let response = with_json(builder, &body)?
        .send()
        .await
        .map_err(|_| ClientError::Network)?;
    read(response).await
}

pub async fn clerk_sign_out() -> Result<(), ClientError> {
    let response =
        send(Request::post(api::paths::CLERK_SIGN_OUT).header(api::paths::CLERK_HEADER, "1"))
            .await?;
    if response.ok() {
        Ok(())
    } else {
        Err(not_ours(response.status()))
    }
}

/// Who is signed in; each call also keeps the session alive.
pub async fn clerk_session() -> Result<ClerkSession, ClientError> {
    read(send(Request::get(api::paths::CLERK_SESSION)).await?).await
}

/// The address of the QR code (SVG) of a case's tracking link.
pub fn case_qr_url(id: &str) -> String {
    path(api::paths::CLERK_CASE_QR, "id", id)
}

/// `POST /api/media` answers this.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredPhoto {
    pub id: String,
    pub url: String,
}

/// A JSON body, written by the browser (see `json`).
fn with_json<T: Serialize + ?Sized>(
    builder: RequestBuilder,
    body: &T,
) -> Result<Request, ClientError> {
    json_body(builder, json::to_js_string(body))
}

fn json_body(
    builder: RequestBuilder,
    text: Result<JsString, json::Invalid>,
) -> Result<Request, ClientError> {
    let text = text.map_err(|_| ClientError::api(ErrorCode::BadRequest))?;
    builder
        .header("Content-Type", "application/json")
        .body(text)
        .map_err(|_| ClientError::api(ErrorCode::BadRequest))
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ClientError> {
    let (ok, status) = (response.ok(), response.status());
    let body = parsed_body(response).await;
    if ok {
        return body
            .and_then(json::from_value)
            .map_err(|_| ClientError::api(ErrorCode::UpstreamInvalid));
    }
    match body.and_then(json::from_value::<ApiError>) {
        Ok(error) => Err(from_api_error(error)),
        // Not our BFF's JSON: a proxy or gateway in between failed.
        Err(_) => Err(not_ours(status)),
    }
}

/// The body as the browser's `Response.json()` parses it.
async fn parsed_body(response: Response) -> Result<JsValue, json::Invalid> {
    let promise = web_sys::Response::from(response)
        .json()
        .map_err(|_| json::Invalid)?;
    JsFuture::from(promise).await.map_err(|_| json::Invalid)
}

pub(crate) fn from_api_error(error: ApiError) -> ClientError {
    ClientError::Api {
        code: error.code,
        fields: error.fields,
        retry_after_secs: error.retry_after_secs,
        upstream_message: error.upstream_message,
    }
}

/// Our best reading of a bare status from something that is not the BFF (a proxy or
/// gateway), or of an error code this page does not know.
fn not_ours(status: u16) -> ClientError {
    match status {
        413 => ClientError::api(ErrorCode::PayloadTooLarge),
        429 => ClientError::api(ErrorCode::RateLimited),
        502 | 503 => ClientError::api(ErrorCode::UpstreamUnavailable),
        504 => ClientError::api(ErrorCode::UpstreamTimeout),
        _ => ClientError::Unexpected {
            server: status >= 500,
        },
    }
}

/// Reads an answer body given as text (from `XMLHttpRequest`).
fn read_text<T: DeserializeOwned>(status: u16, text: &str) -> Result<T, ClientError> {
    if (200..300).contains(&status) {
        return json::from_str(text).map_err(|_| ClientError::api(ErrorCode::UpstreamInvalid));
    }
    match json::from_str::<ApiError>(text) {
        Ok(error) => Err(from_api_error(error)),
        Err(_) => Err(not_ours(status)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_answers_keep_fields_and_wait_times() {
        let error: Result<(), _> =
            read_text(429, r#"{"code":"too_many_attempts","retry_after_secs":90}"#);
        let error = error.unwrap_err();
        assert_eq!(error.message_key(), "error-too_many_attempts");
        assert_eq!(error.retry_after_secs(), Some(90));
        let gateway: Result<(), _> = read_text(502, "<html>Bad gateway</html>");
        assert_eq!(
            gateway.unwrap_err().message_key(),
            "error-upstream_unavailable"
        );
        let fault: Result<(), _> = read_text(500, "Internal Server Error");
        assert_eq!(fault.unwrap_err(), ClientError::Unexpected { server: true });
        let newer: Result<(), _> = read_text(409, r#"{"code":"from_the_future"}"#);
        assert_eq!(
            newer.unwrap_err(),
            ClientError::Unexpected { server: false }
        );
    }

    /// Every answer the BFF can give, and the two it cannot (no answer, a strange one),
    /// has words in every locale: never a raw code or a blank.
    #[test]
    fn every_error_has_a_message_in_every_locale() {
        use crate::i18n::{Language, Translator};
        let errors = ErrorCode::ALL
            .iter()
            .map(|code| ClientError::api(*code))
            .chain([
                ClientError::Network,
                ClientError::Unexpected { server: true },
            ]);
        for locale in Locale::ALL {
            let words = Translator::new(Language::Locale(locale));
            for error in errors.clone() {
                let key = error.message_key();
                // As `components::error_text` fills them in.
                let text = words.t_with(
                    &key,
                    &[
                        ("seconds", 30.into()),
                        ("minutes", 1.into()),
                        ("wait", "30".into()),
                    ],
                );
                assert_ne!(text, key, "{} has no message for {key}", locale.tag());
                assert!(!text.contains('{'), "{key}: {text}");
            }
        }
    }

    #[test]
    fn only_failures_that_may_pass_are_retried() {
        assert!(ClientError::Network.is_transient());
        assert!(ClientError::api(ErrorCode::UpstreamTimeout).is_transient());
        assert!(!ClientError::api(ErrorCode::ValidationFailed).is_transient());
        assert!(!ClientError::api(ErrorCode::IdempotencyKeyReused).is_transient());
        assert!(ClientError::api(ErrorCode::SubmissionUnconfirmed).is_transient());
        assert!(!ClientError::api(ErrorCode::SubmissionUnverifiable).is_transient());
        assert!(!ClientError::api(ErrorCode::UpstreamRejected).is_transient());
    }
}
