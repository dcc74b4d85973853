//! The service window (线下窗口): a clerk signs in and files or follows cases on a
//! resident's behalf. The clerk's session is an HttpOnly cookie the page never sees; every
//! state-changing call also carries [`crate::paths::CLERK_HEADER`].

use serde::{Deserialize, Serialize};

/// `POST /api/clerk/sign-in` takes this.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClerkSignIn {
    pub clerk_id: String,
    pub password: String,
}

/// The signed-in clerk and the time limits the page keeps to.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClerkSession {
    /// The clerk's id: what the city's system records with a case (never the name).
    pub clerk_id: String,
    /// The clerk's own name, for the clerk's screen only.
    #[serde(default)]
    pub name: Option<String>,
    /// The session ends after this many seconds without a request.
    pub idle_timeout_secs: u64,
    /// And in any case this many seconds from now (the absolute limit).
    pub expires_in_secs: u64,
    /// The page warns this many seconds before the absolute limit, and the clerk can sign in
    /// again there without losing the resident's work (WCAG 2.2.1).
    pub session_warning_secs: u64,
    /// A resident's details are cleared from the page after this many seconds without
    /// input, after a warning that can be extended.
    pub resident_idle_secs: u64,
    /// The warning comes this many seconds before the clearing.
    pub resident_warning_secs: u64,
    /// A case's tracking link is this followed by the case number (the site's public
    /// address and `cases/`); the receipt's QR code holds the same link.
    pub tracking_base: String,
}

/// How the privacy notice reached a resident who could not read it on their own device.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentReadOut {
    /// The clerk read the notice out.
    ByClerk,
    /// The page read it aloud (朗读).
    ByPage,
}

impl ConsentReadOut {
    pub const ALL: [ConsentReadOut; 2] = [ConsentReadOut::ByClerk, ConsentReadOut::ByPage];

    pub const fn token(self) -> &'static str {
        match self {
            ConsentReadOut::ByClerk => "by_clerk",
            ConsentReadOut::ByPage => "by_page",
        }
    }
}

/// Masks a name for a shared screen: the first character, then one `*` for each other.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        None => String::new(),
        Some(first) => std::iter::once(first)
            .chain(chars.map(|_| '*'))
            .collect::<String>(),
    }
}

/// Masks an email address: the first character of the local part, `***`, the domain.
pub fn mask_email(email: &str) -> String {
    match email.trim().split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_emails_are_masked_for_a_shared_screen() {
        assert_eq!(mask_name("王小明"), "王**");
        assert_eq!(mask_name(" Li "), "L*");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_email("wang@example.cn"), "w***@example.cn");
        assert_eq!(mask_email("nonsense"), "***");
    }

    #[test]
    fn read_out_tokens_are_their_json_names() {
        for way in ConsentReadOut::ALL {
            assert_eq!(
                serde_json::to_string(&way).unwrap(),
                format!("\"{}\"", way.token())
            );
        }
    }
}
