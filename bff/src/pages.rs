//! The resident's pages, rendered here with the app's own components (Yew SSR, issue 19):
//! the first answer to a phone already holds the page's heading, words and links, in the
//! resident's language and display mode, and the app hydrates it once its `.wasm` has
//! arrived (after the first paint; see static/boot.js). The language comes from `?lang=`,
//! the resident's cookie or Accept-Language; elderly mode from its cookie
//! (`frontend::page_start`). The catalogue or the service a page shows goes into the page
//! as its start (JSON), so the app shows the same without asking again.
//!
//! Pages the app draws in the browser (the filing steps, a receipt, the service window, and
//! every page of a browser where a clerk is signed in) get Trunk's index.html with the
//! start only.

use std::path::Path;
use std::sync::Arc;

use api::Locale;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use frontend::page_start::{self, PageStart};
use frontend::{ServerPage, server_page};

use crate::AppState;

/// Trunk's index.html, read once at start-up (as the Content-Security-Policy is): the
/// stylesheets and the app's loader around the page, cut where the page's own parts go.
#[derive(Clone)]
pub struct Template {
    /// Before the `<html …>` tag (the doctype).
    before_html: Arc<str>,
    /// From after the `<html …>` tag to the title's text.
    head_to_title: Arc<str>,
    /// From after the title's text to the end of the `<body …>` tag.
    title_to_body: Arc<str>,
    /// The rest.
    after_body: Arc<str>,
}

impl Template {
    pub fn load(dist: &Path) -> Template {
        let html = std::fs::read_to_string(dist.join("index.html")).unwrap_or_else(|error| {
            tracing::warn!(%error, dist = %dist.display(), "no index.html: pages have no styles or app");
            String::new()
        });
        Template::parse(&html)
    }

    /// Any of the tags missing (a hand-written index.html) is put where it belongs.
    fn parse(html: &str) -> Template {
        let doctype_end = find(html, "<!doctype")
            .and_then(|at| html[at..].find('>').map(|i| at + i + 1))
            .unwrap_or(0);
        let tag_end = |at: usize| html[at..].find('>').map_or(html.len(), |i| at + i + 1);
        let (html_at, html_end) = match find(html, "<html") {
            Some(at) => (at, tag_end(at)),
            None => (doctype_end, doctype_end),
        };
        let rest = &html[html_end..];
        let (head, rest) = match (find(rest, "<title>"), find(rest, "</title>")) {
            (Some(open), Some(close)) if open < close => {
                (rest[..open + "<title>".len()].to_owned(), &rest[close..])
            }
            _ => ("<title>".to_owned(), rest),
        };
        let title_closed = if head.ends_with("<title>") && !rest.starts_with("</title>") {
            format!("</title>{rest}")
        } else {
            rest.to_owned()
        };
        let (title_to_body, after_body) = match find(&title_closed, "<body") {
            Some(at) => {
                let end = title_closed[at..]
                    .find('>')
                    .map_or(title_closed.len(), |i| at + i + 1);
                (
                    title_closed[..end].to_owned(),
                    title_closed[end..].to_owned(),
                )
            }
            None => (format!("{title_closed}<body>"), String::new()),
        };
        Template {
            before_html: html[..html_at].into(),
            head_to_title: head.into(),
            title_to_body: title_to_body.into(),
            after_body: after_body.into(),
        }
    }

    fn page(&self, start: &PageStart, title: Option<&str>, app: Option<&str>) -> String {
        let mode = if start.elderly {
            " data-mode=\"elderly\""
        } else {
            ""
        };
        let mut page = String::with_capacity(
            self.before_html.len() + self.after_body.len() + app.map_or(0, str::len) + 4096,
        );
        page.push_str(&self.before_html);
        page.push_str(&format!(
            "<html lang=\"{}\" dir=\"ltr\"{mode}>",
            escape(&start.lang)
        ));
        page.push_str(&self.head_to_title);
        page.push_str(&escape(title.unwrap_or("回音")));
        page.push_str(&self.title_to_body);
        if let Some(app) = app {
            page.push_str("<div id=\"app\">");
            page.push_str(app);
            page.push_str("</div>");
        }
        page.push_str(&format!(
            "<script type=\"application/json\" id=\"{}\">{}</script>",
            page_start::SCRIPT_ID,
            start.to_script_json()
        ));
        page.push_str(&self.after_body);
        page
    }
}

fn find(html: &str, needle: &str) -> Option<usize> {
    html.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The state a page needs, and the template around it.
#[derive(Clone)]
pub struct Pages {
    pub state: AppState,
    pub template: Template,
}

/// Answers a GET for an address that is no file: the page, rendered or for the app to draw.
pub async fn page(State(pages): State<Pages>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let headers = request.headers();
    let cookies = all_cookies(headers);
    let accept_language = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let language = page_start::choose_language(&query, &cookies, accept_language);
    let mut start = PageStart::new(language, page_start::elderly_from_cookies(&cookies));
    let clerk_here = page_start::cookie(&cookies, api::paths::WINDOW_MODE_COOKIE) == Some("1");
    let (catalogue, service, not_found) = match server_page(&path) {
        ServerPage::Rendered {
            catalogue,
            service,
            not_found,
        } if !clerk_here => (catalogue, service, not_found),
        _ => return html(StatusCode::OK, pages.template.page(&start, None, None)),
    };
    let locale = language.locale();
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
    let rendered = frontend::render_page(url, start.clone()).await;
    let status = if not_found {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    html(
        status,
        pages
            .template
            .page(&start, rendered.title.as_deref(), Some(&rendered.html)),
    )
}

/// The catalogue as the API serves it; a failing city leaves the page to the app (which
/// says so and offers to try again), never the page unanswered.
async fn catalogue_for(state: &AppState, locale: Locale) -> Option<api::ServiceList> {
    let cached = state.catalogue.list(locale).await.ok()?;
    serde_json::from_slice(&cached.body).ok()
}

/// Every `Cookie:` header, joined (HTTP/2 may split them).
fn all_cookies(headers: &HeaderMap) -> String {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join("; ")
}

fn html(status: StatusCode, page: String) -> Response {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_takes_the_page_language_title_and_app() {
        let template = Template::parse(
            "<!doctype html><html lang=zh-CN><head><title>回音</title><link rel=stylesheet href=/a.css></head><body></body></html>",
        );
        let mut start = PageStart::new(frontend::i18n::Language::Locale(Locale::En), true);
        start.lang = "en".into();
        let page = template.page(&start, Some("Services <&>"), Some("<h1>Hi</h1>"));
        assert!(page.starts_with("<!doctype html><html lang=\"en\" dir=\"ltr\" data-mode=\"elderly\"><head><title>Services &lt;&amp;&gt;</title><link"));
        assert!(page.contains("<body><div id=\"app\"><h1>Hi</h1></div><script type=\"application/json\" id=\"page-start\">"));
        assert!(page.ends_with("</script></body></html>"));
    }

    #[test]
    fn a_bare_index_still_makes_a_whole_page() {
        let template = Template::parse("<!doctype html><title>x</title>");
        let start = PageStart::new(frontend::i18n::Language::Locale(Locale::ZhCn), false);
        let page = template.page(&start, Some("首页"), Some("<h1>首页</h1>"));
        assert!(page.starts_with("<!doctype html><html lang=\"zh-CN\" dir=\"ltr\"><title>首页</title><body><div id=\"app\"><h1>首页</h1></div>"), "{page}");
        let page = Template::parse("").page(&start, None, None);
        assert!(
            page.starts_with("<html lang=\"zh-CN\" dir=\"ltr\"><title>回音</title><body><script"),
            "{page}"
        );
    }
}
