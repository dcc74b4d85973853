//! The resident's pages, rendered here with the app's own components (Yew SSR, issue 19):
//! the first answer to a phone already holds the page's heading, words and links, in the
//! resident's language and display mode, and the app hydrates it once its `.wasm` has
//! arrived (after the first paint; see static/boot.js). The language comes from `?lang=`,
//! the resident's cookie or Accept-Language; elderly mode from its cookie
//! (`frontend::page_start`). The catalogue or the service a page shows goes into the page
//! as its start (JSON), so the app shows the same without asking again.
//!
//! Pages the app draws in the browser (the filing steps, a receipt the app filed, the
//! service window, and every page of a browser where a clerk is signed in) get Trunk's
//! full.html (the full app) with the start only. Filing without JavaScript has pages of its own
//! (`filing_form.rs`).

use api::Locale;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use frontend::page_start::{self, PageStart};
use frontend::{ServerPage, server_page};

use crate::AppState;

pub mod case_cookie;
mod case_forms;
mod filing_form;
pub mod form_guard;
mod forms;
mod settings;
mod template;

pub use forms::router as forms;
pub use template::{Loader, Template};

/// The state a page needs, and the templates around it.
#[derive(Clone)]
pub struct Pages {
    pub state: AppState,
    /// `index.html`: the resident's app, around the pages rendered here, which it hydrates.
    pub template: Template,
    /// `full.html`: the full app, for the pages it draws itself (the filing steps, sending,
    /// the service window, every page of a browser where a clerk is signed in).
    pub full: Template,
}

impl Pages {
    /// A page the app draws itself: the full app, with the page's start.
    pub fn drawn(&self, start: &PageStart) -> String {
        self.full.page(start, None, None)
    }
}

/// Answers a GET for an address that is no file: the page, rendered or for the app to draw.
pub async fn page(State(pages): State<Pages>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let mut start = start_for(request.headers(), &query);
    let clerk_here = clerk_here(request.headers());
    let (catalogue, service, not_found) = match server_page(&path) {
        ServerPage::Rendered {
            catalogue,
            service,
            not_found,
        } if !clerk_here => (catalogue, service, not_found),
        _ => return html(StatusCode::OK, pages.drawn(&start)),
    };
    let locale = start.language().locale();
    if catalogue {
        start.catalogue = catalogue_for(&pages.state, locale).await;
    }
    if let Some(code) = service {
        start.definition = pages
            .state
            .catalogue
            .definition(&code, locale)
            .await
            .ok()
            .map(|(_, definition)| (*definition).clone());
    }
    let url = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    let status = if not_found {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    render(&pages, start, url, status).await
}

/// The start every page of this request begins from: the resident's language (`?lang=`,
/// cookie, Accept-Language) and display mode (cookie). Form handlers begin here too.
pub fn start_for(headers: &HeaderMap, query: &str) -> PageStart {
    let cookies = all_cookies(headers);
    let accept_language = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let language = page_start::choose_language(query, &cookies, accept_language);
    PageStart::new(language, page_start::elderly_from_cookies(&cookies))
}

/// Whether a clerk is signed in in this browser (its pages are the app's alone).
pub fn clerk_here(headers: &HeaderMap) -> bool {
    let cookies = all_cookies(headers);
    page_start::cookie(&cookies, api::paths::WINDOW_MODE_COOKIE) == Some("1")
}

/// The app rendered for `url` (path and query) from `start`, inside the template: what
/// every server-rendered page answers, a form's answer included.
pub async fn render(
    pages: &Pages,
    mut start: PageStart,
    url: String,
    status: StatusCode,
) -> Response {
    // Every rendered page has the header's language and mode form (settings.rs).
    if start.settings_token.is_none() {
        start.settings_token = Some(pages.state.forms.token(frontend::prefs::SETTINGS_PURPOSE));
    }
    let loader = if frontend::page_runs_the_app(&url) {
        Loader::App
    } else {
        Loader::None
    };
    let rendered = frontend::render_page(url, start.clone()).await;
    html(
        status,
        pages.template.page_with(
            &start,
            rendered.title.as_deref(),
            Some(&rendered.html),
            loader,
        ),
    )
}

/// The catalogue as the API serves it; a failing city leaves the page to the app (which
/// says so and offers to try again), never the page unanswered.
async fn catalogue_for(state: &AppState, locale: Locale) -> Option<api::ServiceList> {
    let cached = state.catalogue.list(locale).await.ok()?;
    serde_json::from_slice(&cached.body).ok()
}

/// Every `Cookie:` header, joined (HTTP/2 may split them).
pub fn all_cookies(headers: &HeaderMap) -> String {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join("; ")
}

pub(super) fn html(status: StatusCode, page: String) -> Response {
    let mut response = (status, Body::from(page)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // The page depends on the resident's cookies and languages; a cache keeps them apart
    // and asks again each time (a new release reaches the next visit).
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::VARY,
        HeaderValue::from_static("cookie, accept-language, accept-encoding"),
    );
    response
}
