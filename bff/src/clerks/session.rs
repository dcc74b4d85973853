//! The clerk's session cookie and the checks every clerk route makes.
//!
//! The cookie is `__Host-` prefixed (so Secure, host-only, `Path=/`), HttpOnly (no script
//! reads it) and SameSite=Strict (no other site's page sends it). Browsers treat
//! `http://127.0.0.1` and `http://localhost` as secure for this, so it works on a counter
//! computer talking to a BFF on the same machine; anywhere else the BFF must be behind TLS.

use api::ErrorCode;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use super::store::SessionCheck;
use crate::AppState;
use crate::error::Failure;

pub const SESSION_COOKIE: &str = api::paths::CLERK_COOKIE;

/// A signed-in clerk, found from the request's cookie. Extracting it keeps the session alive.
#[derive(Clone, Debug)]
pub struct Clerk {
    pub clerk_id: String,
    pub name: Option<String>,
    /// Seconds before the absolute limit.
    pub left_secs: u64,
}

fn session_required() -> Failure {
    Failure::new(ErrorCode::ClerkSessionRequired)
}

/// The session token the browser sent, if any.
pub fn token_in(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|value| !value.is_empty() && value.len() <= 64)
}

pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new session token: 256 bits from the OS.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random source");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// No `Max-Age`: the cookie ends with the browser too; the BFF's limits end it sooner.
pub fn session_cookie(token: &str) -> HeaderValue {
    HeaderValue::try_from(format!(
        "{SESSION_COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Strict"
    ))
    .expect("a base64url token is a valid header")
}

/// The page's sign that this browser is a service window's: no secret (the session is the
/// HttpOnly cookie above), so script may read it; cleared at sign-out with the session.
pub fn window_mode_cookie() -> HeaderValue {
    HeaderValue::try_from(format!(
        "{}=1; Path=/; Secure; SameSite=Strict",
        api::paths::WINDOW_MODE_COOKIE
    ))
    .expect("valid header")
}

pub fn window_mode_ended_cookie() -> HeaderValue {
    HeaderValue::try_from(format!(
        "{}=; Path=/; Secure; SameSite=Strict; Max-Age=0",
        api::paths::WINDOW_MODE_COOKIE
    ))
    .expect("valid header")
}

pub fn signed_out_cookie() -> HeaderValue {
    HeaderValue::try_from(format!(
        "{SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0"
    ))
    .expect("valid header")
}

/// Every state-changing clerk request carries `X-Huiyin-Clerk: 1`. A form or a link on
/// another site cannot add a header, and a script there cannot either without a CORS
/// preflight this BFF never approves.
pub fn require_clerk_header(headers: &HeaderMap) -> Result<(), Failure> {
    let present = headers
        .get(api::paths::CLERK_HEADER)
        .is_some_and(|value| value.as_bytes() == b"1");
    if present {
        Ok(())
    } else {
        Err(Failure::new(ErrorCode::ClerkHeaderMissing))
    }
}

impl FromRequestParts<AppState> for Clerk {
    type Rejection = Failure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = token_in(&parts.headers).ok_or_else(session_required)?;
        let check = state
            .clerks
            .store
            .check_session(&hash_token(&token), state.clerks.session_limits())
            .await?;
        match check {
            SessionCheck::Valid {
                clerk_id,
                name,
                left,
            } => Ok(Clerk {
                clerk_id,
                name,
                left_secs: left.as_secs(),
            }),
            SessionCheck::Invalid => Err(session_required()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_host_only_secure_http_only_and_strict() {
        let cookie = session_cookie("abc");
        let text = cookie.to_str().unwrap();
        assert!(text.starts_with("__Host-huiyin-clerk=abc;"));
        for part in ["Path=/", "Secure", "HttpOnly", "SameSite=Strict"] {
            assert!(text.contains(part), "{text} lacks {part}");
        }
        assert!(!text.contains("Domain"), "__Host- cookies have no Domain");
    }

    #[test]
    fn the_token_is_read_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; __Host-huiyin-clerk=tok; b=2"),
        );
        assert_eq!(token_in(&headers).as_deref(), Some("tok"));
        assert_ne!(new_token(), new_token());
        assert_eq!(new_token().len(), 43);
    }
}
