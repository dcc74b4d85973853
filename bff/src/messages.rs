//! Each locale's messages as the browser's app reads them (issue 19, a smaller app): the
//! `.wasm` carries no locale's words, so that a page downloads only its own language. The
//! tables are the ones compiled into this server for rendering pages (`frontend::i18n`), so
//! there is one source of truth and no build step: made once, at start-up, each under an
//! address that changes with its content (`/messages/zh-CN.<16 hex>.txt`), answered
//! `immutable` and brotli-compressed at the best quality (once, not per request). Every page
//! names them in `<meta name="huiyin-messages">` (pages/template.rs); static/boot.js fetches
//! the page's own beside the app, and the app another when the resident switches to it.

use std::sync::OnceLock;

use api::Locale;
use axum::body::Body;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::error::Failure;
use crate::static_files::CACHE_IMMUTABLE;

/// Where the tables are served: `/messages/<tag>.<hash>.txt`.
pub const PREFIX: &str = "/messages/";

/// One locale's table, ready to send.
pub struct MessageFile {
    pub locale: Locale,
    /// `/messages/zh-CN.<16 hex>.txt`.
    pub path: String,
    pub text: &'static str,
    pub brotli: Vec<u8>,
}

/// Every locale's file, made on first use (startup.rs makes them before serving).
pub fn files() -> &'static [MessageFile] {
    static FILES: OnceLock<Vec<MessageFile>> = OnceLock::new();
    FILES.get_or_init(|| Locale::ALL.into_iter().map(file).collect())
}

/// The address of `locale`'s file.
pub fn path(locale: Locale) -> &'static str {
    files()
        .iter()
        .find(|f| f.locale == locale)
        .map(|f| f.path.as_str())
        .expect("a file for every locale")
}

fn file(locale: Locale) -> MessageFile {
    let text = frontend::i18n::table_text(locale);
    let digest = Sha256::digest(text.as_bytes());
    let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    MessageFile {
        locale,
        path: format!("{PREFIX}{}.{hash}.txt", locale.tag()),
        text,
        brotli: compress(text.as_bytes()),
    }
}

/// Brotli at its best (quality 11, the window for texts this size): tens of milliseconds
/// per locale, once.
pub fn compress(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("compressing in memory");
    out
}

/// `GET /messages/{file}`: the table under its hashed name, else 404 (an old page asking
/// for an older release's table fails plainly, and its app falls back to the form).
pub async fn serve(Path(name): Path<String>, headers: HeaderMap) -> Response {
    let wanted = format!("{PREFIX}{name}");
    let Some(file) = files().iter().find(|f| f.path == wanted) else {
        return Failure::not_found().into_response();
    };
    let brotli = accepts_brotli(&headers);
    let body = if brotli {
        Body::from(file.brotli.as_slice())
    } else {
        Body::from(file.text)
    };
    let mut response = body.into_response();
    let out = response.headers_mut();
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    out.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_IMMUTABLE),
    );
    if brotli {
        out.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
    }
    response
}

/// Whether `Accept-Encoding` takes `br` (not with `q=0`).
fn accepts_brotli(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            parts
                .next()
                .is_some_and(|name| name.eq_ignore_ascii_case("br"))
                && parts.all(|p| {
                    p.strip_prefix("q=")
                        .is_none_or(|q| q.parse::<f32>().map_or(true, |q| q > 0.0))
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_locale_has_its_hashed_file_which_unpacks_to_its_table() {
        for locale in Locale::ALL {
            let file = files().iter().find(|f| f.locale == locale).unwrap();
            let name = file.path.strip_prefix(PREFIX).unwrap();
            let (tag, rest) = name.split_once('.').unwrap();
            assert_eq!(tag, locale.tag());
            let hash = rest.strip_suffix(".txt").unwrap();
            assert_eq!(hash.len(), 16, "{name}");
            assert!(file.text.starts_with(&format!("{tag}\u{1e}")));
            let mut plain = Vec::new();
            brotli::BrotliDecompress(&mut file.brotli.as_slice(), &mut plain).unwrap();
            assert_eq!(plain, file.text.as_bytes());
            assert!(file.brotli.len() < file.text.len() / 2);
        }
    }

    #[test]
    fn brotli_only_when_the_browser_takes_it() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(value).unwrap(),
            );
            accepts_brotli(&headers)
        };
        assert!(with("gzip, deflate, br, zstd"));
        assert!(with("br;q=0.5"));
        assert!(!with("gzip"));
        assert!(!with("br;q=0"));
        assert!(!accepts_brotli(&HeaderMap::new()));
    }
}
