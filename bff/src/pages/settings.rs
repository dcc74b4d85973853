//! The header's language and display-mode choices without the app (issue 19): the buttons
//! are a plain HTML form (frontend/src/components/settings_form.rs) posted here. The
//! choice goes into the cookie the server renders every page from (the same cookie the
//! app writes beside its localStorage), and the answer is a redirect back to the page the
//! resident was on (post/redirect/get), which now comes in that language or mode.

use api::Locale;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use frontend::i18n::I18n;
use frontend::prefs::{
    ELDERLY_MODE, SETTINGS_LANGUAGE_FIELD, SETTINGS_MODE_FIELD, SETTINGS_PURPOSE,
    SETTINGS_RETURN_FIELD, STANDARD_MODE,
};

use super::Pages;
use super::form_guard::{self, Refusal};

/// What one press of a header button asks for.
#[derive(Debug, Default, PartialEq, Eq)]
struct Posted {
    language: Option<String>,
    mode: Option<String>,
    return_to: Option<String>,
    token: String,
}

fn read(body: &[u8]) -> Posted {
    let mut posted = Posted::default();
    for (name, value) in form_urlencoded::parse(body) {
        match &*name {
            SETTINGS_LANGUAGE_FIELD => posted.language = Some(value.into_owned()),
            SETTINGS_MODE_FIELD => posted.mode = Some(value.into_owned()),
            SETTINGS_RETURN_FIELD => posted.return_to = Some(value.into_owned()),
            form_guard::FIELD => posted.token = value.into_owned(),
            _ => {}
        }
    }
    posted
}

/// `POST /settings`: keeps the choice and sends the resident back to their page.
pub async fn choose(State(pages): State<Pages>, headers: HeaderMap, body: Bytes) -> Response {
    let posted = read(&body);
    let start = super::start_for(&headers, "");
    match pages
        .state
        .forms
        .check(&headers, SETTINGS_PURPOSE, &posted.token)
    {
        // A page left open for longer than a token lives: the token is still ours, and
        // the browser said the post came from our own page, so the choice (harmless, and
        // undone by the same button) is kept rather than asking the resident again.
        Ok(()) | Err(Refusal::Expired) => {}
        Err(Refusal::Forged) => {
            return refusal(&start, StatusCode::FORBIDDEN, "settings-refused");
        }
    }
    let cookie = match (posted.language.as_deref(), posted.mode.as_deref()) {
        (Some(tag), None) => Locale::from_tag(tag)
            .map(|locale| preference_cookie(api::paths::LOCALE_COOKIE, locale.tag())),
        (None, Some(mode)) => [ELDERLY_MODE, STANDARD_MODE]
            .into_iter()
            .find(|known| *known == mode)
            .map(|mode| preference_cookie(api::paths::MODE_COOKIE, mode)),
        _ => None,
    };
    let Some(cookie) = cookie else {
        return refusal(&start, StatusCode::BAD_REQUEST, "settings-unknown");
    };
    let back = local_return(posted.return_to.as_deref());
    let mut response = StatusCode::SEE_OTHER.into_response();
    let answer = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(&back) {
        answer.insert(header::LOCATION, location);
    }
    answer.insert(header::SET_COOKIE, cookie);
    answer.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The cookie as the app writes it (frontend/src/prefs.rs): a year, the whole site, not
/// sent with other sites' requests; readable by the app, which writes it too.
fn preference_cookie(name: &str, value: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax"
    ))
    .expect("cookie names and values are ASCII words")
}

/// The page to go back to: a path on this site only (never `//host`, `/\host` or a full
/// address, which would send the resident to another site), without a `lang=` that would
/// overrule the choice just made. Anything else goes home.
fn local_return(asked: Option<&str>) -> String {
    let Some(asked) = asked else {
        return "/".to_owned();
    };
    let local = asked.starts_with('/')
        && !asked.starts_with("//")
        && !asked.contains('\\')
        && !asked.chars().any(|c| c.is_control() || c.is_whitespace());
    if !local {
        return "/".to_owned();
    }
    let (path, query) = asked.split_once('?').unwrap_or((asked, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some("lang"))
        .collect();
    if kept.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

/// A plain, localized answer to a post that was not taken (a form from another site, or a
/// choice the page never offers).
fn refusal(start: &frontend::page_start::PageStart, status: StatusCode, key: &str) -> Response {
    let words = I18n::for_language(start.language()).t(key);
    let mut response = (status, words).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_way_back_stays_on_this_site() {
        assert_eq!(local_return(Some("/services?q=road")), "/services?q=road");
        assert_eq!(
            local_return(Some("/services?lang=en&q=road")),
            "/services?q=road"
        );
        assert_eq!(local_return(Some("/?lang=en")), "/");
        for away in [
            "//evil.example/",
            "/\\evil.example/",
            "https://evil.example/",
            "evil",
            "/\t/evil.example",
            "",
        ] {
            assert_eq!(local_return(Some(away)), "/", "{away:?}");
        }
        assert_eq!(local_return(None), "/");
    }

    #[test]
    fn the_page_s_form_names_its_token_as_the_guard_reads_it() {
        assert_eq!(frontend::prefs::SETTINGS_TOKEN_FIELD, form_guard::FIELD);
    }

    #[test]
    fn a_press_names_one_choice() {
        let posted = read(b"form_token=1.x&return_to=%2Fservices&lang=zh-TW");
        assert_eq!(posted.language.as_deref(), Some("zh-TW"));
        assert_eq!(posted.return_to.as_deref(), Some("/services"));
        assert_eq!(posted.token, "1.x");
    }
}
