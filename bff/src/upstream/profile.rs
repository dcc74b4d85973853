//! The upstream profile (`--upstream-profile`, a TOML file): what a city's Open311
//! server does differently from the GeoReport v2 standard, said in configuration rather
//! than in code. Every key is optional; an absent file or key means the standard.
//! The README's "Upstream profile" section documents each key.

use std::collections::BTreeMap;
use std::path::Path;

use api::CaseAction;
use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("reading the upstream profile {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the upstream profile {path} is not valid: {source}")]
    Parse {
        path: String,
        source: Box<toml::de::Error>,
    },
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    pub filing: Filing,
    pub services: Services,
    pub extensions: Extensions,
    pub case_ids: CaseIds,
}

/// The fields of `POST requests`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Filing {
    /// The form field that carries the street address (standard: `address_string`).
    pub address_field: String,
    /// Fields sent with every filing as they are, e.g. `jurisdiction_id`.
    pub extra_fields: BTreeMap<String, String>,
}

impl Default for Filing {
    fn default() -> Self {
        Filing {
            address_field: "address_string".to_owned(),
            extra_fields: BTreeMap::new(),
        }
    }
}

/// Reading the catalogue.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Services {
    /// The key of a service's time limit in working days (办理时限); empty: none published.
    pub time_limit_key: String,
    /// Sent as `page_size` with `page=1,2,…` when set; unset: the server's own page size,
    /// followed by its `X-Next-Page-URL` or `Link: rel=next`.
    pub page_size: Option<u32>,
    /// The most pages read of one list; what lies beyond is left out (and logged).
    pub max_pages: u32,
}

impl Default for Services {
    fn default() -> Self {
        Services {
            time_limit_key: "time_limit_days".to_owned(),
            page_size: None,
            max_pages: 20,
        }
    }
}

/// Which of the resident-action extension endpoints (`POST requests/{id}/{action}`) the
/// server has: `"probe"` (asked once and remembered for a while), `"none"`, or a list of
/// `info`, `urge`, `withdraw`, `rating`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum ResidentActions {
    Word(ActionsWord),
    List(Vec<ActionEndpoint>),
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ActionsWord {
    Probe,
    None,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ActionEndpoint {
    Info,
    Urge,
    Withdraw,
    Rating,
}

impl ActionEndpoint {
    pub fn action(self) -> CaseAction {
        match self {
            ActionEndpoint::Info => CaseAction::AddInfo,
            ActionEndpoint::Urge => CaseAction::Urge,
            ActionEndpoint::Withdraw => CaseAction::Withdraw,
            ActionEndpoint::Rating => CaseAction::Rate,
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Extensions {
    pub resident_actions: ResidentActions,
}

impl Default for Extensions {
    fn default() -> Self {
        Extensions {
            resident_actions: ResidentActions::Word(ActionsWord::Probe),
        }
    }
}

/// How the server's case ids look, so that what a resident types can be tidied up.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct CaseIds {
    /// `none` (ids are compared as typed), `lower` or `upper`.
    pub fold: Fold,
    /// Every character an id may hold; empty: letters, digits, `-`, `_` and `.`.
    pub characters: String,
    /// The longest id.
    pub max_length: usize,
}

impl Default for CaseIds {
    fn default() -> Self {
        CaseIds {
            fold: Fold::None,
            characters: String::new(),
            max_length: 64,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Fold {
    #[default]
    None,
    Lower,
    Upper,
}

impl CaseIds {
    /// What a resident typed, as the server spells it: trimmed and folded; `None` when it
    /// cannot be one of the server's ids.
    pub fn normalize(&self, typed: &str) -> Option<String> {
        let trimmed = typed.trim();
        let id = match self.fold {
            Fold::None => trimmed.to_owned(),
            Fold::Lower => trimmed.to_lowercase(),
            Fold::Upper => trimmed.to_uppercase(),
        };
        let allowed = |c: char| {
            if self.characters.is_empty() {
                c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
            } else {
                self.characters.contains(c)
            }
        };
        let fits = !id.is_empty() && id.chars().count() <= self.max_length;
        (fits && id.chars().all(allowed)).then_some(id)
    }
}

impl Profile {
    pub fn load(path: &Path) -> Result<Profile, ProfileError> {
        let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Profile::parse(&text).map_err(|source| ProfileError::Parse {
            path: path.display().to_string(),
            source: Box::new(source),
        })
    }

    pub fn parse(text: &str) -> Result<Profile, toml::de::Error> {
        toml::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_profile_is_the_standard() {
        let profile = Profile::parse("").unwrap();
        assert_eq!(profile, Profile::default());
        assert_eq!(profile.filing.address_field, "address_string");
        assert_eq!(
            profile.extensions.resident_actions,
            ResidentActions::Word(ActionsWord::Probe)
        );
    }

    #[test]
    fn the_shipped_plain_sandbox_profile_reads() {
        let text = include_str!("../../../docs/profiles/plain-sandbox.toml");
        let profile = Profile::parse(text).unwrap();
        assert_eq!(profile.filing.address_field, "address");
        assert_eq!(profile.case_ids.fold, Fold::Lower);
        assert_eq!(
            profile.case_ids.normalize("  AB12cd34 ").as_deref(),
            Some("ab12cd34")
        );
        assert_eq!(profile.case_ids.normalize("ab 12"), None);
    }

    #[test]
    fn a_misspelt_key_is_refused() {
        assert!(Profile::parse("[filing]\naddres_field = \"x\"").is_err());
        let listed = Profile::parse("[extensions]\nresident_actions = [\"info\", \"rating\"]")
            .unwrap()
            .extensions
            .resident_actions;
        assert_eq!(
            listed,
            ResidentActions::List(vec![ActionEndpoint::Info, ActionEndpoint::Rating])
        );
    }
}
