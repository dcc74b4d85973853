//! The service window (线下窗口): clerks' accounts, their sessions and the audit log, in
//! the BFF's SQLite file or, with `--database-url`, the PostgreSQL its instances share.
//! Accounts are made and disabled only with `huiyin-bff clerk …`; there is no default
//! account.

mod cli;
mod password;
mod qr;
mod session;
pub(crate) mod store;

use std::time::Duration;

pub use cli::run as run_command;
pub use password::{verify as verify_password, verify_against_nothing};
pub use qr::{tracking_qr_svg, tracking_url};
pub use session::{
    Clerk, hash_token, new_token, require_clerk_header, session_cookie, signed_out_cookie,
    token_in, window_mode_cookie, window_mode_ended_cookie,
};
pub use store::{ClerkRecords, ClerkStore, SessionCheck, SessionLimits, now_ms};

use crate::cases::GuessLimiter;

/// Window of the sign-in limits.
pub const SIGN_IN_WINDOW: Duration = Duration::from_secs(15 * 60);

/// What the clerk routes need besides the resident's state.
pub struct ClerkOffice {
    pub store: ClerkStore,
    /// Failed sign-ins, per account (by id) and per client address.
    pub sign_ins: GuessLimiter,
    pub idle_timeout: Duration,
    pub session_max: Duration,
    /// How long before `session_max` the page offers to sign in again.
    pub session_warning: Duration,
    pub resident_idle: Duration,
    pub resident_warning: Duration,
    /// The site's address as residents reach it: tracking links are built on it.
    pub public_url: url::Url,
}

impl ClerkOffice {
    pub fn session_limits(&self) -> SessionLimits {
        SessionLimits {
            idle: self.idle_timeout,
            max: self.session_max,
        }
    }
}

/// A clerk id: 1 to 32 of ASCII letters, digits, `.`, `_` and `-`.
pub fn valid_clerk_id(id: &str) -> bool {
    (1..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

#[cfg(test)]
mod tests {
    #[test]
    fn clerk_ids_are_short_and_plain() {
        assert!(super::valid_clerk_id("w-0123"));
        assert!(!super::valid_clerk_id(""));
        assert!(!super::valid_clerk_id("王芳"));
        assert!(!super::valid_clerk_id(&"a".repeat(33)));
    }
}
