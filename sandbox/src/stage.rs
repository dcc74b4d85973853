//! The stages of a case (docs/case-model.md) and the kinds of event.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Submitted,
    Accepted,
    Assigned,
    InProgress,
    Answered,
    Rated,
    NeedsInfo,
    Escalated,
    NotAccepted,
    Withdrawn,
}

impl Stage {
    pub const ALL: [Stage; 10] = [
        Stage::Submitted,
        Stage::Accepted,
        Stage::Assigned,
        Stage::InProgress,
        Stage::Answered,
        Stage::Rated,
        Stage::NeedsInfo,
        Stage::Escalated,
        Stage::NotAccepted,
        Stage::Withdrawn,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Stage::Submitted => "submitted",
            Stage::Accepted => "accepted",
            Stage::Assigned => "assigned",
            Stage::InProgress => "in_progress",
            Stage::Answered => "answered",
            Stage::Rated => "rated",
            Stage::NeedsInfo => "needs_info",
            Stage::Escalated => "escalated",
            Stage::NotAccepted => "not_accepted",
            Stage::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|stage| stage.as_str() == s)
    }

    /// Open311 `status`: a case is closed once answered, rated, refused or withdrawn.
    pub const fn is_open(self) -> bool {
        !matches!(
            self,
            Stage::Answered | Stage::Rated | Stage::NotAccepted | Stage::Withdrawn
        )
    }

    pub const fn status(self) -> &'static str {
        if self.is_open() { "open" } else { "closed" }
    }
}

/// What an entry of a case's `notes` records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    /// The case moved to another stage (by the government side, or withdrawn).
    StatusChange,
    /// The department's reply.
    Answer,
    /// The resident added information.
    Resident,
    /// The resident urged the case (催办).
    Urge,
    /// The resident rated the answer.
    Rating,
}

impl EventType {
    pub const ALL: [EventType; 5] = [
        EventType::StatusChange,
        EventType::Answer,
        EventType::Resident,
        EventType::Urge,
        EventType::Rating,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            EventType::StatusChange => "status_change",
            EventType::Answer => "answer",
            EventType::Resident => "resident",
            EventType::Urge => "urge",
            EventType::Rating => "rating",
        }
    }

    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether the event speaks for the government side (and so sets `status_notes`).
    pub const fn is_official(self) -> bool {
        matches!(self, EventType::StatusChange | EventType::Answer)
    }
}
