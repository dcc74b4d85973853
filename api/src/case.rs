use serde::{Deserialize, Serialize};

use crate::listed::listed;

listed! {
    /// The stages of a case (docs/case-model.md). The main line runs
    /// submitted → accepted → assigned → in_progress → answered → rated; the others are side stages.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Stage as token {
        Submitted = "submitted",
        Accepted = "accepted",
        Assigned = "assigned",
        InProgress = "in_progress",
        Answered = "answered",
        Rated = "rated",
        NeedsInfo = "needs_info",
        Escalated = "escalated",
        NotAccepted = "not_accepted",
        Withdrawn = "withdrawn",
    }
}

impl Stage {
    /// The main line, in order, as the tracker draws it.
    pub const MAIN_LINE: &'static [Stage] = &[
        Stage::Submitted,
        Stage::Accepted,
        Stage::Assigned,
        Stage::InProgress,
        Stage::Answered,
        Stage::Rated,
    ];

    pub fn from_token(token: &str) -> Option<Stage> {
        Stage::ALL
            .iter()
            .copied()
            .find(|s| s.token().eq_ignore_ascii_case(token.trim()))
    }

    /// Past these the case is closed (Open311 `status=closed`).
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            Stage::Answered | Stage::Rated | Stage::NotAccepted | Stage::Withdrawn
        )
    }
}

/// What the resident may do with a case now.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseAction {
    /// Add information (asked for in `needs_info`, welcome any time before the answer).
    AddInfo,
    /// Urge (催办) an overdue case.
    Urge,
    /// Withdraw before the answer.
    Withdraw,
    /// Rate the answer, once.
    Rate,
}

impl CaseAction {
    pub const ALL: &'static [CaseAction] = &[
        CaseAction::AddInfo,
        CaseAction::Urge,
        CaseAction::Withdraw,
        CaseAction::Rate,
    ];

    pub const fn token(self) -> &'static str {
        match self {
            CaseAction::AddInfo => "info",
            CaseAction::Urge => "urge",
            CaseAction::Withdraw => "withdraw",
            CaseAction::Rate => "rating",
        }
    }

    /// The actions that apply in a stage; `overdue` unlocks urging.
    pub fn allowed(stage: Stage, overdue: bool) -> Vec<CaseAction> {
        let mut actions = Vec::new();
        if !stage.is_closed() {
            actions.push(CaseAction::AddInfo);
            if overdue {
                actions.push(CaseAction::Urge);
            }
            actions.push(CaseAction::Withdraw);
        }
        if stage == Stage::Answered {
            actions.push(CaseAction::Rate);
        }
        actions
    }
}

/// What an event of the timeline was: the case moving on, or something the resident did
/// (named for that, not for the stage the case was at).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The city's side moved the case (its `stage` says where).
    #[default]
    Stage,
    /// The resident added information.
    AddedInfo,
    /// The resident urged the case (催办).
    Urged,
    /// The resident rated the answer.
    Rated,
}

impl EventKind {
    pub const ALL: &'static [EventKind] = &[
        EventKind::Stage,
        EventKind::AddedInfo,
        EventKind::Urged,
        EventKind::Rated,
    ];

    pub const fn token(self) -> &'static str {
        match self {
            EventKind::Stage => "stage",
            EventKind::AddedInfo => "added_info",
            EventKind::Urged => "urged",
            EventKind::Rated => "rated",
        }
    }
}

/// One step of the case's history.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseEvent {
    /// RFC 3339 with offset.
    pub at: String,
    /// What happened; a resident's own action is named as such.
    #[serde(default)]
    pub kind: EventKind,
    pub stage: Option<Stage>,
    pub department: Option<String>,
    /// The public note of the event (the department's words, never the resident's).
    pub note: Option<String>,
}

/// Whether the case is on time (办理时限).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueStatus {
    /// `YYYY-MM-DD`.
    pub due_date: String,
    pub overdue: bool,
    /// Working days from today to the due date; negative when overdue.
    pub working_days_left: i64,
}

/// `GET /api/cases/{id}?code=` answers this. It never carries the resident's name,
/// address, email or phone; a clerk's lookup adds the phone masked.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub case_id: String,
    pub service_code: String,
    pub service_name: Option<String>,
    pub stage: Stage,
    pub closed: bool,
    pub submitted_at: String,
    pub updated_at: Option<String>,
    pub due: Option<DueStatus>,
    pub department: Option<String>,
    /// The department's answer, once answered.
    pub answer: Option<String>,
    pub events: Vec<CaseEvent>,
    /// The actions that apply now and that the city's system takes online.
    pub actions: Vec<CaseAction>,
    /// The actions that apply now but that the city's system has no online way for: the
    /// page says how to do them instead (calling 12345 with the case number).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offline_actions: Vec<CaseAction>,
    pub rating: Option<u8>,
    /// The resident's phone masked (138****1234), only in a signed-in clerk's lookup (so
    /// the clerk can confirm the case is the resident's); never in a resident's view.
    pub phone_masked: Option<String>,
}

/// `POST /api/cases/{id}/info`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddInfo {
    pub code: String,
    pub text: String,
}

/// `POST /api/cases/{id}/urge` and `/withdraw`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseNote {
    pub code: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /api/cases/{id}/rating`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub code: String,
    pub rating: u8,
    #[serde(default)]
    pub comment: Option<String>,
}

/// Masks a phone number for display: 13812341234 → 138****1234.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return "*".repeat(digits.len().max(4));
    }
    let head: String = digits[..3].iter().collect();
    let tail: String = digits[digits.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_masked_keeping_three_and_four() {
        assert_eq!(mask_phone("13812341234"), "138****1234");
        assert_eq!(mask_phone("138 1234 1234"), "138****1234");
        assert_eq!(mask_phone("021-55556666"), "021****6666");
        assert_eq!(mask_phone("123"), "****");
    }

    #[test]
    fn actions_follow_the_stage() {
        assert_eq!(
            CaseAction::allowed(Stage::InProgress, false),
            vec![CaseAction::AddInfo, CaseAction::Withdraw]
        );
        assert!(CaseAction::allowed(Stage::InProgress, true).contains(&CaseAction::Urge));
        assert_eq!(
            CaseAction::allowed(Stage::Answered, true),
            vec![CaseAction::Rate]
        );
        assert!(CaseAction::allowed(Stage::Rated, false).is_empty());
        assert!(CaseAction::allowed(Stage::Withdrawn, true).is_empty());
    }

    #[test]
    fn stage_tokens_round_trip() {
        for &stage in Stage::ALL {
            assert_eq!(Stage::from_token(stage.token()), Some(stage));
            assert_eq!(serde_json::to_value(stage).unwrap(), stage.token());
        }
    }
}
