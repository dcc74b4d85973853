//! The cases a browser without JavaScript has filed or looked up in this visit (issue 19
//! item 3): after a form is posted the answer is a redirect (post/redirect/get), and the
//! page it leads to (`/receipt/{id}`, `/cases/{id}`) must show the case without the query
//! code in its address, where histories, proxies and logs would keep it. So the code
//! travels in this cookie, set by the form that learnt it, read by the page that shows it.
//!
//! - `__Host-` prefixed: Secure, host-only, `Path=/` (browsers treat http://localhost as
//!   secure, so tests on loopback work);
//! - HttpOnly: no script reads it (the app keeps its own list on the device);
//! - SameSite=Lax: a link to the case from elsewhere still shows it; no other site's
//!   form posts with it (and forms are guarded besides: form_guard.rs);
//! - a session cookie: gone when the browser closes, as a shared computer at a library or
//!   a relative's phone needs. A resident keeps their number and code (the receipt says so).
//!
//! The value is at most [`MOST`] `id~code` pairs, newest first, joined by `.`; the id is
//! percent-encoded, the code is the query code's own alphabet.

use axum::http::{HeaderMap, HeaderValue};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

pub const NAME: &str = "__Host-huiyin-cases";

/// Enough for a resident's visit; a cookie stays far below browsers' 4 KB.
pub const MOST: usize = 10;

/// Everything but letters, digits, `-` and `_` is encoded, so `~` and `.` can separate.
const ID: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_');

/// The cases this browser holds the codes of, newest first.
pub fn cases(headers: &HeaderMap) -> Vec<(String, String)> {
    let cookies = super::all_cookies(headers);
    let Some(value) = frontend::page_start::cookie(&cookies, NAME) else {
        return Vec::new();
    };
    value
        .split('.')
        .filter_map(|pair| pair.split_once('~'))
        .filter_map(|(id, code)| {
            let id = percent_decode_str(id).decode_utf8().ok()?.into_owned();
            let code_ok = !code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric());
            (!id.is_empty() && code_ok).then(|| (id, code.to_owned()))
        })
        .take(MOST)
        .collect()
}

/// The query code this browser holds for case `id`, if any.
pub fn code_for(headers: &HeaderMap, id: &str) -> Option<String> {
    cases(headers)
        .into_iter()
        .find(|(held, _)| held == id)
        .map(|(_, code)| code)
}

/// The `Set-Cookie` value that adds (or moves to the front) case `id` with its `code`.
/// Give only a code the BFF has checked (`QueryCodes::verify`) or made.
pub fn remember(headers: &HeaderMap, id: &str, code: &str) -> HeaderValue {
    let code: String = code.chars().filter(char::is_ascii_alphanumeric).collect();
    let mut held = cases(headers);
    held.retain(|(other, _)| other != id);
    held.insert(0, (id.to_owned(), code));
    held.truncate(MOST);
    let value = held
        .iter()
        .map(|(id, code)| format!("{}~{code}", utf8_percent_encode(id, ID)))
        .collect::<Vec<_>>()
        .join(".");
    HeaderValue::from_str(&format!(
        "{NAME}={value}; Path=/; Secure; HttpOnly; SameSite=Lax"
    ))
    .expect("percent-encoded ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header;

    fn sent(set_cookie: &HeaderValue) -> HeaderMap {
        let pair = set_cookie.to_str().unwrap().split(';').next().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("huiyin-locale=en; {pair}")).unwrap(),
        );
        headers
    }

    #[test]
    fn a_case_remembered_is_found_again_and_the_newest_comes_first() {
        let first = remember(&HeaderMap::new(), "2026-12.01~7", "ABCD1234");
        let attributes = first.to_str().unwrap();
        for part in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
            assert!(attributes.contains(part), "{attributes}");
        }
        let headers = sent(&first);
        assert_eq!(
            code_for(&headers, "2026-12.01~7").as_deref(),
            Some("ABCD1234")
        );
        assert_eq!(code_for(&headers, "2026"), None);
        let second = sent(&remember(&headers, "99", "ZZZZ0000"));
        let again = sent(&remember(&second, "2026-12.01~7", "ABCD1234"));
        assert_eq!(
            cases(&again),
            vec![
                ("2026-12.01~7".to_owned(), "ABCD1234".to_owned()),
                ("99".to_owned(), "ZZZZ0000".to_owned())
            ]
        );
    }

    #[test]
    fn at_most_ten_are_kept_and_nothing_odd_is_read() {
        let mut headers = HeaderMap::new();
        for n in 0..15 {
            headers = sent(&remember(&headers, &n.to_string(), "CODE0000"));
        }
        let held = cases(&headers);
        assert_eq!(held.len(), MOST);
        assert_eq!(held[0].0, "14");
        let mut odd = HeaderMap::new();
        odd.insert(
            header::COOKIE,
            HeaderValue::from_static("__Host-huiyin-cases=1~<b>.~X.2~OK12"),
        );
        assert_eq!(cases(&odd), vec![("2".to_owned(), "OK12".to_owned())]);
    }
}
