//! The stage machine: which action is allowed in which stage, and where it leads.
//!
//! `escalated` (督办) is an overlay: the case remembers the stage it was escalated from
//! (`resume_stage`) and the government side carries on from there; the next step clears
//! the overlay. `needs_info` (待补充) likewise remembers where to resume once the
//! resident has added what was asked.

use crate::stage::{EventType, Stage};

/// What a case looks like to the stage machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseState {
    pub stage: Stage,
    pub resume_stage: Option<Stage>,
    pub department: String,
    pub due_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    // The government side (admin API or demo timer).
    Accept,
    NotAccept {
        reason: String,
    },
    Assign {
        department: String,
    },
    Start,
    RequestInfo {
        note: String,
    },
    Escalate {
        note: Option<String>,
    },
    /// `answer: None` is the standard wording (the demo timer's reply).
    Answer {
        answer: Option<String>,
        department: Option<String>,
    },
    // The resident (extension endpoints).
    AddInfo {
        description: String,
        photos: Vec<String>,
    },
    Urge,
    Withdraw {
        reason: Option<String>,
    },
    Rate {
        rating: u8,
        comment: Option<String>,
    },
}

impl Action {
    pub const fn name(&self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::NotAccept { .. } => "not-accept",
            Action::Assign { .. } => "assign",
            Action::Start => "start",
            Action::RequestInfo { .. } => "request-info",
            Action::Escalate { .. } => "escalate",
            Action::Answer { .. } => "answer",
            Action::AddInfo { .. } => "add information to",
            Action::Urge => "urge",
            Action::Withdraw { .. } => "withdraw",
            Action::Rate { .. } => "rate",
        }
    }
}

/// The outcome of an allowed action: the case's new state and the event to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub stage: Stage,
    pub resume_stage: Option<Stage>,
    pub department: String,
    pub event_type: EventType,
    /// `None`: the standard wording of the event, localized when shown.
    pub note: Option<String>,
    pub rating: Option<(u8, Option<String>)>,
}

/// Why an action was refused; shown to the client as the error description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal(pub String);

impl CaseState {
    /// The stage the government side works from: under an escalation, the stage it
    /// was escalated from.
    fn base(&self) -> Stage {
        match self.stage {
            Stage::Escalated => self.resume_stage.unwrap_or(Stage::Accepted),
            stage => stage,
        }
    }

    fn to(&self, stage: Stage, event_type: EventType, note: Option<String>) -> Change {
        Change {
            stage,
            resume_stage: None,
            department: self.department.clone(),
            event_type,
            note,
            rating: None,
        }
    }

    fn refuse(&self, action: &Action, why: &str) -> Refusal {
        Refusal(format!(
            "cannot {} a case in stage {}: {why}",
            action.name(),
            self.stage.as_str()
        ))
    }

    /// Applies `action` at time `now`, or says why the case's stage does not allow it.
    pub fn apply(&self, action: &Action, now: i64) -> Result<Change, Refusal> {
        use Stage::*;
        let base = self.base();
        let status_change = EventType::StatusChange;
        match action {
            Action::Accept if base == Submitted && self.stage != NeedsInfo => {
                Ok(self.to(Accepted, status_change, None))
            }
            Action::Accept => Err(self.refuse(action, "only a submitted case can be accepted")),
            Action::NotAccept { reason }
                if base == Submitted || (self.stage == NeedsInfo && self.resume_stage == Some(Submitted)) =>
            {
                Ok(self.to(NotAccepted, status_change, Some(reason.clone())))
            }
            Action::NotAccept { .. } => Err(self.refuse(action, "only a case not yet accepted can be refused")),
            Action::Assign { department }
                if self.stage != NeedsInfo && matches!(base, Accepted | Assigned | InProgress) =>
            {
                let mut change = self.to(Assigned, status_change, None);
                change.department = department.clone();
                Ok(change)
            }
            Action::Assign { .. } => Err(self.refuse(action, "the case must be accepted and still open")),
            Action::Start if base == Assigned || (self.stage == Escalated && base == InProgress) => {
                Ok(self.to(InProgress, status_change, None))
            }
            Action::Start => Err(self.refuse(action, "the case must be assigned to a department first")),
            Action::RequestInfo { note }
                if self.stage != NeedsInfo && matches!(base, Submitted | Accepted | Assigned | InProgress) =>
            {
                let mut change = self.to(NeedsInfo, status_change, Some(note.clone()));
                change.resume_stage = Some(base);
                Ok(change)
            }
            Action::RequestInfo { .. } => Err(self.refuse(action, "the case must be open and not already waiting for information")),
            Action::Escalate { note } if matches!(self.stage, Submitted | Accepted | Assigned | InProgress) => {
                let mut change = self.to(Escalated, status_change, note.clone());
                change.resume_stage = Some(self.stage);
                Ok(change)
            }
            Action::Escalate { .. } => Err(self.refuse(
                action,
                "only an open case that is not already escalated or waiting for information can be escalated",
            )),
            Action::Answer { answer, department }
                if self.stage != NeedsInfo && matches!(base, Accepted | Assigned | InProgress) =>
            {
                let mut change = self.to(Answered, EventType::Answer, answer.clone());
                if let Some(department) = department {
                    change.department = department.clone();
                }
                Ok(change)
            }
            Action::Answer { .. } => Err(self.refuse(action, "only an accepted, open case can be answered")),
            Action::AddInfo { description, .. } if self.stage == NeedsInfo => {
                let resume = self.resume_stage.unwrap_or(Accepted);
                Ok(self.to(resume, EventType::Resident, Some(description.clone())))
            }
            Action::AddInfo { description, .. } if self.stage.is_open() => {
                let mut change = self.to(self.stage, EventType::Resident, Some(description.clone()));
                change.resume_stage = self.resume_stage;
                Ok(change)
            }
            Action::AddInfo { .. } => Err(self.refuse(action, "the case is closed")),
            Action::Urge if self.stage == NeedsInfo => {
                Err(self.refuse(action, "the case is waiting for your information"))
            }
            Action::Urge if self.stage.is_open() => {
                let overdue = now > self.due_at;
                if overdue && self.stage != Escalated {
                    let mut change = self.to(Escalated, EventType::Urge, None);
                    change.resume_stage = Some(self.stage);
                    Ok(change)
                } else {
                    let mut change = self.to(self.stage, EventType::Urge, None);
                    change.resume_stage = self.resume_stage;
                    Ok(change)
                }
            }
            Action::Urge => Err(self.refuse(action, "the case is closed")),
            Action::Withdraw { reason } if self.stage.is_open() => {
                Ok(self.to(Withdrawn, status_change, reason.clone()))
            }
            Action::Withdraw { .. } => Err(self.refuse(action, "the case is already closed")),
            Action::Rate { rating, comment } if self.stage == Answered => {
                let mut change = self.to(Rated, EventType::Rating, None);
                change.rating = Some((*rating, comment.clone()));
                Ok(change)
            }
            Action::Rate { .. } if self.stage == Rated => Err(self.refuse(action, "the answer is already rated")),
            Action::Rate { .. } => Err(self.refuse(action, "only an answered case can be rated")),
        }
    }

    /// The demo timer's next step for this case, if it takes one: submitted → accepted →
    /// assigned (to `default_department`) → in progress → answered. A case waiting for
    /// the resident's information is left alone.
    pub fn demo_step(&self, default_department: &str) -> Option<Action> {
        if self.stage == Stage::NeedsInfo || !self.stage.is_open() {
            return None;
        }
        Some(match self.base() {
            Stage::Submitted => Action::Accept,
            Stage::Accepted => Action::Assign {
                department: default_department.to_owned(),
            },
            Stage::Assigned => Action::Start,
            Stage::InProgress if self.stage == Stage::Escalated => Action::Start,
            _ => Action::Answer {
                answer: None,
                department: None,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(stage: Stage) -> CaseState {
        CaseState {
            stage,
            resume_stage: None,
            department: "hotline".to_owned(),
            due_at: 1_000,
        }
    }

    fn answer() -> Action {
        Action::Answer {
            answer: Some("done".to_owned()),
            department: None,
        }
    }

    #[test]
    fn the_happy_path_runs_from_submitted_to_rated() {
        let mut state = case(Stage::Submitted);
        let steps = [
            (Action::Accept, Stage::Accepted),
            (
                Action::Assign {
                    department: "housing".to_owned(),
                },
                Stage::Assigned,
            ),
            (Action::Start, Stage::InProgress),
            (answer(), Stage::Answered),
            (
                Action::Rate {
                    rating: 5,
                    comment: None,
                },
                Stage::Rated,
            ),
        ];
        for (action, expected) in steps {
            let change = state.apply(&action, 0).unwrap();
            assert_eq!(change.stage, expected, "{action:?}");
            state.stage = change.stage;
            state.resume_stage = change.resume_stage;
            state.department = change.department;
        }
        assert_eq!(state.department, "housing");
    }

    #[test]
    fn closed_cases_refuse_every_action() {
        for stage in [
            Stage::Answered,
            Stage::Rated,
            Stage::NotAccepted,
            Stage::Withdrawn,
        ] {
            let state = case(stage);
            for action in [
                Action::Accept,
                Action::Start,
                answer(),
                Action::Withdraw { reason: None },
                Action::Urge,
                Action::AddInfo {
                    description: "x".to_owned(),
                    photos: vec![],
                },
                Action::Escalate { note: None },
            ] {
                assert!(state.apply(&action, 0).is_err(), "{stage:?} {action:?}");
            }
        }
    }

    #[test]
    fn needs_info_resumes_where_it_was_asked() {
        let state = case(Stage::InProgress);
        let asked = state
            .apply(
                &Action::RequestInfo {
                    note: "which floor?".to_owned(),
                },
                0,
            )
            .unwrap();
        assert_eq!(
            (asked.stage, asked.resume_stage),
            (Stage::NeedsInfo, Some(Stage::InProgress))
        );
        let waiting = CaseState {
            stage: asked.stage,
            resume_stage: asked.resume_stage,
            ..state
        };
        assert!(waiting.apply(&answer(), 0).is_err());
        assert!(waiting.apply(&Action::Urge, 0).is_err());
        let resumed = waiting
            .apply(
                &Action::AddInfo {
                    description: "5th".to_owned(),
                    photos: vec![],
                },
                0,
            )
            .unwrap();
        assert_eq!(resumed.stage, Stage::InProgress);
        assert_eq!(resumed.event_type, EventType::Resident);
    }

    #[test]
    fn urging_escalates_only_an_overdue_case() {
        let state = case(Stage::Assigned);
        let early = state.apply(&Action::Urge, 999).unwrap();
        assert_eq!(early.stage, Stage::Assigned);
        let late = state.apply(&Action::Urge, 1_001).unwrap();
        assert_eq!(
            (late.stage, late.resume_stage),
            (Stage::Escalated, Some(Stage::Assigned))
        );
        assert_eq!(late.event_type, EventType::Urge);
    }

    #[test]
    fn escalated_cases_carry_on_from_where_they_were() {
        let mut state = case(Stage::Escalated);
        state.resume_stage = Some(Stage::Submitted);
        assert_eq!(
            state.apply(&Action::Accept, 0).unwrap().stage,
            Stage::Accepted
        );
        assert!(state.apply(&Action::Start, 0).is_err());
        state.resume_stage = Some(Stage::InProgress);
        assert_eq!(
            state.apply(&Action::Start, 0).unwrap().stage,
            Stage::InProgress
        );
        assert_eq!(state.apply(&answer(), 0).unwrap().stage, Stage::Answered);
        assert!(state.apply(&Action::Escalate { note: None }, 0).is_err());
    }

    #[test]
    fn a_rating_is_given_once_and_only_after_the_answer() {
        let rate = Action::Rate {
            rating: 4,
            comment: None,
        };
        assert!(case(Stage::InProgress).apply(&rate, 0).is_err());
        assert!(case(Stage::Rated).apply(&rate, 0).is_err());
        assert_eq!(
            case(Stage::Answered).apply(&rate, 0).unwrap().rating,
            Some((4, None))
        );
    }

    #[test]
    fn demo_walks_every_open_stage_to_the_answer() {
        let mut state = case(Stage::Submitted);
        let mut stages = vec![];
        while let Some(action) = state.demo_step("water") {
            let change = state.apply(&action, 0).unwrap();
            stages.push(change.stage);
            state.stage = change.stage;
            state.resume_stage = change.resume_stage;
            state.department = change.department;
        }
        assert_eq!(
            stages,
            [
                Stage::Accepted,
                Stage::Assigned,
                Stage::InProgress,
                Stage::Answered
            ]
        );
        assert_eq!(state.department, "water");
        assert_eq!(case(Stage::NeedsInfo).demo_step("water"), None);
    }
}
