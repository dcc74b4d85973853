use serde::{Deserialize, Serialize};

use crate::Locale;

/// What a resident asks for: the six kinds of 12345 request, or an application for a
/// one-network (一网通办) service.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    Complaint,
    Consultation,
    Help,
    Report,
    Suggestion,
    Praise,
    Application,
}

impl ServiceKind {
    pub const ALL: [ServiceKind; 7] = [
        ServiceKind::Complaint,
        ServiceKind::Consultation,
        ServiceKind::Help,
        ServiceKind::Report,
        ServiceKind::Suggestion,
        ServiceKind::Praise,
        ServiceKind::Application,
    ];

    /// The stable token, used in Open311 `keywords` and as a Fluent key suffix.
    pub const fn token(self) -> &'static str {
        match self {
            ServiceKind::Complaint => "complaint",
            ServiceKind::Consultation => "consultation",
            ServiceKind::Help => "help",
            ServiceKind::Report => "report",
            ServiceKind::Suggestion => "suggestion",
            ServiceKind::Praise => "praise",
            ServiceKind::Application => "application",
        }
    }

    pub fn from_token(token: &str) -> Option<ServiceKind> {
        ServiceKind::ALL
            .into_iter()
            .find(|k| k.token().eq_ignore_ascii_case(token.trim()))
    }
}

/// One entry of the catalogue as the browser sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceSummary {
    /// The upstream's `service_code`.
    pub code: String,
    pub name: String,
    pub description: String,
    /// The upstream's `group`, in the requested language, when it has one.
    pub category: Option<String>,
    /// Known when the upstream tags the service with a kind token in its keywords.
    pub kind: Option<ServiceKind>,
    pub keywords: Vec<String>,
    /// The time limit (办理时限) in working days, when the upstream publishes it.
    #[serde(default)]
    pub time_limit_days: Option<u32>,
    /// Among the services residents use most, as the city ranks them (1 = most used).
    #[serde(default)]
    pub common_rank: Option<u32>,
}

/// `GET /api/services` answers this.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceList {
    pub locale: Locale,
    pub services: Vec<ServiceSummary>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_tokens_round_trip() {
        for kind in ServiceKind::ALL {
            assert_eq!(ServiceKind::from_token(kind.token()), Some(kind));
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.token())
            );
        }
        assert_eq!(ServiceKind::from_token("noise"), None);
    }
}
