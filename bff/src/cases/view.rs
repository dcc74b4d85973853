use api::{CaseAction, CaseEvent, CaseView, DueStatus, EventKind, Stage, mask_phone};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc, Weekday};

use crate::upstream::CaseRecord;

/// Note types whose text is the resident's own words: shown as an event, never as text,
/// so a tracking page holds nothing a resident typed.
const RESIDENT_NOTE_TYPES: &[&str] = &["resident", "rating"];

/// What a note's type says happened: the resident's own actions by name, so adding
/// information does not read as the stage the case was at (a second "accepted").
fn event_kind(note_type: Option<&str>) -> EventKind {
    match note_type {
        Some("resident") => EventKind::AddedInfo,
        Some("urge") => EventKind::Urged,
        Some("rating") => EventKind::Rated,
        _ => EventKind::Stage,
    }
}

fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// Working days (Monday to Friday) after `from` up to and including `to`; negative when
/// `to` is before `from`.
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let (start, end, sign) = if to >= from {
        (from, to, 1)
    } else {
        (to, from, -1)
    };
    let mut days = 0;
    let mut day = start;
    while day < end {
        day = day.succ_opt().expect("date in range");
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            days += 1;
        }
    }
    sign * days
}

/// The due status, or `None` when no real time limit is published: a due date at or
/// before the filing moment (some servers put the filing time there) promises nothing.
fn due_status(expected: &str, requested: &str, now: DateTime<Utc>) -> Option<DueStatus> {
    let due = DateTime::parse_from_rfc3339(expected)
        .ok()?
        .with_timezone(&china());
    if let Ok(filed) = DateTime::parse_from_rfc3339(requested)
        && due <= filed
    {
        return None;
    }
    let now = now.with_timezone(&china());
    Some(DueStatus {
        due_date: due.date_naive().format("%Y-%m-%d").to_string(),
        overdue: now > due,
        working_days_left: working_days_between(now.date_naive(), due.date_naive()),
    })
}

/// The stage when the upstream does not say: a plain GeoReport v2 server only has
/// open/closed, which still gives an honest submitted → in progress → answered line.
fn fallback_stage(record: &CaseRecord) -> Stage {
    if record.closed {
        Stage::Answered
    } else if record
        .updated_at
        .as_deref()
        .is_some_and(|u| u != record.requested_at)
    {
        Stage::InProgress
    } else {
        Stage::Submitted
    }
}

/// Who a case view is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Anyone with the case number and query code: nothing personal at all.
    Resident,
    /// A signed-in clerk at a service window, who confirms with the resident that the
    /// case is theirs by its masked phone number (masked here: the full number never
    /// leaves the BFF).
    Clerk,
}

/// The case for the resident: timeline, due status, answer, the actions that apply now —
/// split into those the city takes online (`online`) and those it does not.
pub fn case_view(record: &CaseRecord, now: DateTime<Utc>, online: &[CaseAction]) -> CaseView {
    view_for(record, now, online, Audience::Resident)
}

pub fn view_for(
    record: &CaseRecord,
    now: DateTime<Utc>,
    online: &[CaseAction],
    audience: Audience,
) -> CaseView {
    let stage = record
        .stage
        .as_deref()
        .and_then(Stage::from_token)
        .unwrap_or_else(|| fallback_stage(record));
    let mut events: Vec<CaseEvent> = record
        .notes
        .iter()
        .map(|note| {
            let from_resident = note
                .kind
                .as_deref()
                .is_some_and(|k| RESIDENT_NOTE_TYPES.contains(&k));
            let stage = note.stage.as_deref().and_then(Stage::from_token);
            // A withdrawal is the resident's own act: whatever words came with it are
            // theirs (the reason they gave), which a public note never holds.
            let from_resident = from_resident || stage == Some(Stage::Withdrawn);
            CaseEvent {
                at: note.at.clone(),
                kind: event_kind(note.kind.as_deref()),
                stage,
                department: note.department.clone(),
                note: if from_resident {
                    None
                } else {
                    note.description.clone()
                },
            }
        })
        .collect();
    if events.is_empty() {
        events.push(CaseEvent {
            at: record.requested_at.clone(),
            kind: EventKind::Stage,
            stage: Some(Stage::Submitted),
            department: None,
            note: None,
        });
        if stage != Stage::Submitted {
            events.push(CaseEvent {
                kind: EventKind::Stage,
                at: record
                    .updated_at
                    .clone()
                    .unwrap_or_else(|| record.requested_at.clone()),
                stage: Some(stage),
                department: record.agency_responsible.clone(),
                note: record.status_notes.clone(),
            });
        }
    }
    let answer = record
        .notes
        .iter()
        .rev()
        .find(|n| n.kind.as_deref() == Some("answer") || n.stage.as_deref() == Some("answered"))
        .and_then(|n| n.description.clone())
        .or_else(|| {
            matches!(stage, Stage::Answered | Stage::Rated)
                .then(|| record.status_notes.clone())
                .flatten()
        });
    let due = record
        .expected_at
        .as_deref()
        .and_then(|expected| due_status(expected, &record.requested_at, now));
    let overdue = due.as_ref().is_some_and(|d| d.overdue);
    let (actions, offline_actions): (Vec<CaseAction>, Vec<CaseAction>) =
        CaseAction::allowed(stage, overdue)
            .into_iter()
            .partition(|action| online.contains(action));
    CaseView {
        case_id: record.id.clone(),
        service_code: record.service_code.clone(),
        service_name: record.service_name.clone(),
        stage,
        closed: record.closed || stage.is_closed(),
        submitted_at: record.requested_at.clone(),
        updated_at: record.updated_at.clone(),
        due,
        department: record.agency_responsible.clone(),
        answer,
        events,
        actions,
        offline_actions,
        rating: record.rating,
        phone_masked: match audience {
            Audience::Clerk => record.phone.as_deref().map(mask_phone),
            Audience::Resident => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::upstream::CaseNote;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn working_days_skip_weekends() {
        // 2026-11-27 is a Friday.
        assert_eq!(
            working_days_between(date(2026, 11, 27), date(2026, 11, 30)),
            1
        );
        assert_eq!(
            working_days_between(date(2026, 11, 27), date(2026, 12, 4)),
            5
        );
        assert_eq!(
            working_days_between(date(2026, 11, 30), date(2026, 11, 27)),
            -1
        );
        assert_eq!(
            working_days_between(date(2026, 11, 28), date(2026, 11, 28)),
            0
        );
    }

    fn record() -> CaseRecord {
        CaseRecord {
            id: "20261127000001".into(),
            service_code: "noise".into(),
            service_name: Some("噪音扰民".into()),
            closed: false,
            status_notes: None,
            agency_responsible: Some("区生态环境局".into()),
            requested_at: "2026-11-27T09:00:00+08:00".into(),
            updated_at: Some("2026-11-27T10:00:00+08:00".into()),
            expected_at: Some("2026-12-02T09:00:00+08:00".into()),
            stage: Some("in_progress".into()),
            rating: None,
            phone: Some("13812341234".into()),
            notes: vec![
                CaseNote {
                    at: "2026-11-27T09:00:00+08:00".into(),
                    stage: Some("submitted".into()),
                    kind: Some("status_change".into()),
                    department: None,
                    description: Some("已提交".into()),
                },
                CaseNote {
                    at: "2026-11-27T09:30:00+08:00".into(),
                    stage: Some("in_progress".into()),
                    kind: Some("resident".into()),
                    department: None,
                    description: Some("我的电话是 13812341234，住在人民路 1 号".into()),
                },
            ],
        }
    }

    #[test]
    fn the_view_masks_the_phone_and_hides_the_residents_words() {
        let now = DateTime::parse_from_rfc3339("2026-11-28T12:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            view_for(&record(), now, CaseAction::ALL, Audience::Clerk)
                .phone_masked
                .as_deref(),
            Some("138****1234")
        );
        let view = case_view(&record(), now, CaseAction::ALL);
        assert_eq!(view.phone_masked, None, "residents' views carry no phone");
        let json = serde_json::to_string(&view).unwrap();
        assert!(!json.contains("13812341234"));
        assert!(!json.contains("人民路"));
        assert_eq!(view.events.len(), 2);
        assert_eq!(view.events[1].note, None);
        assert_eq!(
            (view.events[0].kind, view.events[1].kind),
            (EventKind::Stage, EventKind::AddedInfo),
            "the resident's addition is named for what it was"
        );
        let due = view.due.unwrap();
        assert_eq!(due.due_date, "2026-12-02");
        assert!(!due.overdue);
        assert_eq!(due.working_days_left, 3);
        assert_eq!(
            view.actions,
            vec![CaseAction::AddInfo, CaseAction::Withdraw]
        );
    }

    #[test]
    fn overdue_cases_can_be_urged() {
        let now = DateTime::parse_from_rfc3339("2026-12-03T12:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc);
        let view = case_view(&record(), now, CaseAction::ALL);
        let due = view.due.as_ref().unwrap();
        assert!(due.overdue);
        assert_eq!(due.working_days_left, -1);
        assert!(view.actions.contains(&CaseAction::Urge));
    }

    #[test]
    fn a_withdrawal_shows_no_words_of_the_resident() {
        let mut withdrawn = record();
        withdrawn.stage = Some("withdrawn".into());
        withdrawn.notes.push(CaseNote {
            at: "2026-11-28T09:30:00+08:00".into(),
            stage: Some("withdrawn".into()),
            kind: Some("status_change".into()),
            department: None,
            description: Some("邻居已经搬走了，王先生".into()),
        });
        let view = case_view(&withdrawn, Utc::now(), CaseAction::ALL);
        assert_eq!(view.stage, Stage::Withdrawn);
        assert_eq!(view.events.last().unwrap().note, None);
    }

    #[test]
    fn a_due_date_at_the_filing_moment_is_not_published() {
        let mut plain = record();
        plain.expected_at = Some(plain.requested_at.clone());
        let later = DateTime::parse_from_rfc3339("2026-12-03T12:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc);
        let view = case_view(&plain, later, &[CaseAction::AddInfo]);
        assert_eq!(view.due, None, "not overdue: no time limit was given");
        assert!(!view.actions.contains(&CaseAction::Urge));
        assert!(!view.offline_actions.contains(&CaseAction::Urge));
        assert_eq!(view.offline_actions, vec![CaseAction::Withdraw]);
    }

    #[test]
    fn a_plain_geo_report_case_gets_an_honest_timeline() {
        let mut plain = record();
        plain.stage = None;
        plain.notes.clear();
        plain.closed = true;
        plain.status_notes = Some("已修复".into());
        let view = case_view(&plain, Utc::now(), CaseAction::ALL);
        assert_eq!(view.stage, Stage::Answered);
        assert_eq!(view.answer.as_deref(), Some("已修复"));
        assert_eq!(
            view.events.iter().map(|e| e.stage).collect::<Vec<_>>(),
            vec![Some(Stage::Submitted), Some(Stage::Answered)]
        );
    }
}
