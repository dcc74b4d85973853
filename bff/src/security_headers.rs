//! Headers on every answer, API and files alike. The Content-Security-Policy allows scripts
//! from this origin and, by hash, the inline loader Trunk writes into index.html: no
//! `unsafe-inline`, so an injected script runs nowhere. `Cross-Origin-Resource-Policy`
//! keeps other sites from embedding our answers (photos, case data) in their pages; HSTS
//! where the site is served over TLS; and answers that carry a case or a receipt are never
//! stored by a browser or a proxy (a shared phone, a cybercafé).

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{Next, from_fn};
use axum::response::Response;

use crate::Config;

/// Path prefixes whose answers carry a case's data or a receipt (errors included: they say
/// whether a case exists).
const NO_STORE_PREFIXES: &[&str] = &["/api/cases", "/api/requests", "/api/clerk"];

fn carries_case_data(path: &str) -> bool {
    NO_STORE_PREFIXES.iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha2::{Digest, Sha256};

pub fn apply(router: Router, config: &Config) -> Router {
    let dist = config.dist_dir.as_path();
    let mut headers: Vec<(HeaderName, HeaderValue)> = vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::try_from(content_security_policy(dist)).expect("ASCII policy"),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (
            HeaderName::from_static("permissions-policy"),
            // Location and camera serve the request form; nothing else is ever needed.
            HeaderValue::from_static(
                "geolocation=(self), camera=(self), microphone=(), payment=(), usb=()",
            ),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ];
    if let Some(max_age) = config.hsts_max_age() {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::try_from(format!("max-age={max_age}")).expect("ASCII"),
        ));
    }
    let headers = std::sync::Arc::new(headers);
    router.layer(from_fn(move |request: Request, next: Next| {
        let headers = headers.clone();
        let no_store = carries_case_data(request.uri().path());
        async move {
            let mut response: Response = next.run(request).await;
            for (name, value) in headers.iter() {
                response.headers_mut().insert(name.clone(), value.clone());
            }
            if no_store {
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            }
            response
        }
    }))
}

/// Read once at start-up: a rebuilt frontend needs a restart (its loader's hash changes).
fn content_security_policy(dist: &Path) -> String {
    let hashes = match std::fs::read_to_string(dist.join("index.html")) {
        Ok(html) => inline_scripts(&html)
            .into_iter()
            .map(|script| format!(" 'sha256-{}'", BASE64.encode(Sha256::digest(script))))
            .collect::<String>(),
        Err(error) => {
            tracing::warn!(%error, dist = %dist.display(), "no index.html: the app's loader will be blocked");
            String::new()
        }
    };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'; manifest-src 'self'"
    )
}

/// The text of every `<script>` without `src`, byte for byte as the browser hashes it.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(open) = find_ignoring_case(rest, "<script") {
        let after_name = &rest[open + "<script".len()..];
        if !after_name.starts_with(|c: char| c == '>' || c.is_ascii_whitespace()) {
            rest = after_name;
            continue;
        }
        let Some(tag_end) = after_name.find('>') else {
            break;
        };
        let attributes = &after_name[..tag_end];
        let body = &after_name[tag_end + 1..];
        let Some(close) = find_ignoring_case(body, "</script") else {
            break;
        };
        if !has_src(attributes) {
            scripts.push(&body[..close]);
        }
        rest = &body[close..];
    }
    scripts
}

fn has_src(attributes: &str) -> bool {
    attributes.split_ascii_whitespace().any(|attribute| {
        let name = attribute.split('=').next().unwrap_or_default();
        name.eq_ignore_ascii_case("src")
    })
}

fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_scripts_and_skips_external_ones() {
        let html = "<head><SCRIPT type=\"module\">\nimport init from '/a.js';\n</SCRIPT>\
                    <script src=\"/b.js\"></script><scripts>no</scripts>\
                    <script>one()</script></head>";
        assert_eq!(
            inline_scripts(html),
            vec!["\nimport init from '/a.js';\n", "one()"]
        );
    }

    #[test]
    fn case_data_is_found_by_whole_path_segments() {
        for path in [
            "/api/cases/12/events",
            "/api/requests",
            "/api/clerk/session",
        ] {
            assert!(carries_case_data(path), "{path}");
        }
        for path in ["/api/services", "/api/casesx", "/media/a.jpg", "/cases/12"] {
            assert!(!carries_case_data(path), "{path}");
        }
    }

    #[test]
    fn without_an_index_the_policy_still_allows_only_this_origin() {
        let policy = content_security_policy(Path::new("/nonexistent"));
        assert!(policy.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval';"));
        assert!(!policy.contains("unsafe-inline"));
    }
}
