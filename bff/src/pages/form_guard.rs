//! Protection for the pages' own HTML forms (issue 19 item 3) against a form on another
//! site posting in a resident's name (cross-site request forgery).
//!
//! A resident filing without JavaScript has no session and often no cookie at all, so the
//! usual double-submit cookie does not fit. Two checks that need neither:
//! - the browser's own word on where a post comes from: `Sec-Fetch-Site` (every browser
//!   since 2020) or, where a browser sends none, `Origin` against `Host`. A post another
//!   site made is refused; one with neither header (an old browser) goes on to the token.
//! - a token in a hidden field, a keyed MAC of what the form is for (say, the service and
//!   the filing's idempotency key) and the time it was given out. Nothing is stored: every
//!   instance that shares the query-code secret accepts the others' tokens.
//!
//! A token too old is not an error the resident caused: the page shows the form again
//! with what they typed and a fresh token, and says to send it again.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, header};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The hidden field every page form carries its token in.
pub const FIELD: &str = "form_token";

/// How long a form page may stay open before its token is too old: long enough for a
/// resident who writes slowly or is called away, short enough that a token copied from a
/// page is of little use.
pub const LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);

#[derive(Clone)]
pub struct FormGuard {
    key: Vec<u8>,
    /// How long a token holds: [`LIFETIME`], unless configured otherwise
    /// (`--form-token-lifetime-secs`, which lets a test see a token expire).
    lifetime: Duration,
}

/// Why a posted form was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Another site's page posted it (or its token is not ours): answered 403, never acted on.
    #[error("the form was posted from another site or its token is not ours")]
    Forged,
    /// Our token, but older than its lifetime ([`LIFETIME`] by default): the form is shown again to send once more.
    #[error("the form's token is too old")]
    Expired,
}

impl FormGuard {
    /// From the instance's query-code secret, under a label of its own so neither key
    /// tells anything about the other.
    pub fn new(secret: &[u8]) -> FormGuard {
        FormGuard::with_lifetime(secret, LIFETIME)
    }

    /// As [`FormGuard::new`], with tokens that hold for `lifetime`.
    pub fn with_lifetime(secret: &[u8], lifetime: Duration) -> FormGuard {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("any key length");
        mac.update(b"huiyin-form-token-key-v1");
        FormGuard {
            key: mac.finalize().into_bytes().to_vec(),
            lifetime,
        }
    }

    /// A token for the form whose purpose is `purpose` (what it acts on, e.g.
    /// `file:<service>:<idempotency key>`), given out now.
    pub fn token(&self, purpose: &str) -> String {
        self.token_at(purpose, SystemTime::now())
    }

    fn token_at(&self, purpose: &str, now: SystemTime) -> String {
        let issued = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        format!("{issued}.{}", self.mac(purpose, issued))
    }

    /// Whether a form posted with these headers and this token may be acted on.
    pub fn check(&self, headers: &HeaderMap, purpose: &str, token: &str) -> Result<(), Refusal> {
        if !same_origin(headers) {
            return Err(Refusal::Forged);
        }
        self.check_token_at(purpose, token, SystemTime::now())
    }

    fn check_token_at(&self, purpose: &str, token: &str, now: SystemTime) -> Result<(), Refusal> {
        let (issued, mac) = token.split_once('.').ok_or(Refusal::Forged)?;
        let issued: u64 = issued.parse().map_err(|_| Refusal::Forged)?;
        let expected = self.mac(purpose, issued);
        let equal = expected.len() == mac.len()
            && expected
                .bytes()
                .zip(mac.bytes())
                .fold(0u8, |diff, (a, b)| diff | (a ^ b))
                == 0;
        if !equal {
            return Err(Refusal::Forged);
        }
        let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        // A token from the future (a clock a little behind on another instance) is fine.
        if now.saturating_sub(issued) > self.lifetime.as_secs() {
            return Err(Refusal::Expired);
        }
        Ok(())
    }

    fn mac(&self, purpose: &str, issued: u64) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length");
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(issued.to_string().as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }
}

/// The browser's word on where a post comes from: `Sec-Fetch-Site` first (`same-origin`,
/// or `none` for one the resident made themselves); else `Origin` against `Host`; a post
/// with neither (a browser from before 2020) is left to the token.
pub fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    origin
        .split_once("://")
        .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn guard() -> FormGuard {
        FormGuard::new(b"a secret")
    }

    #[test]
    fn a_token_holds_for_its_own_form_only() {
        let now = SystemTime::now();
        let token = guard().token_at("file:A1:key-1", now);
        assert_eq!(guard().check_token_at("file:A1:key-1", &token, now), Ok(()));
        assert_eq!(
            guard().check_token_at("file:A1:key-2", &token, now),
            Err(Refusal::Forged)
        );
        assert_eq!(
            FormGuard::new(b"another").check_token_at("file:A1:key-1", &token, now),
            Err(Refusal::Forged)
        );
        let (issued, mac) = token.split_once('.').unwrap();
        let moved = format!("{}.{mac}", issued.parse::<u64>().unwrap() + 1);
        assert_eq!(
            guard().check_token_at("file:A1:key-1", &moved, now),
            Err(Refusal::Forged)
        );
        assert_eq!(
            guard().check_token_at("file:A1:key-1", "", now),
            Err(Refusal::Forged)
        );
    }

    #[test]
    fn an_old_token_is_expired_not_forged() {
        let then = SystemTime::now() - LIFETIME - Duration::from_secs(5);
        let token = guard().token_at("rate:C1", then);
        assert_eq!(
            guard().check_token_at("rate:C1", &token, SystemTime::now()),
            Err(Refusal::Expired)
        );
        let recent = guard().token_at("rate:C1", SystemTime::now() - LIFETIME / 2);
        assert_eq!(
            guard().check_token_at("rate:C1", &recent, SystemTime::now()),
            Ok(())
        );
    }

    #[test]
    fn another_site_s_post_is_refused_by_the_browser_s_headers() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = HeaderMap::new();
            for (name, value) in pairs {
                map.insert(*name, HeaderValue::from_static(value));
            }
            map
        };
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(same_origin(&headers(&[("sec-fetch-site", "none")])));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(same_origin(&headers(&[
            ("origin", "https://12345.example.gov"),
            ("host", "12345.example.gov")
        ])));
        assert!(!same_origin(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "12345.example.gov")
        ])));
        assert!(!same_origin(&headers(&[
            ("origin", "null"),
            ("host", "12345.example.gov")
        ])));
        assert!(same_origin(&headers(&[])));
    }
}
