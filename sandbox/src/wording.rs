//! The standard public wording of events and notices, in every locale. An event that
//! carries its own note (a reason, an answer, the resident's words) shows that instead.

use crate::locale::Locale;
use crate::stage::{EventType, Stage};

/// The standard note of an event of `event_type` that left the case in `stage`,
/// handled by `department` (already localized).
pub fn event_note(event_type: EventType, stage: Stage, department: &str, locale: Locale) -> String {
    let (zh_cn, zh_tw, en) = match (event_type, stage) {
        (EventType::Answer, _) => (
            format!("经核查，{department}已按规定处理，感谢您的反映。"),
            format!("經查證，{department}已依規定處理，感謝您的反映。"),
            format!(
                "{department} has looked into this and dealt with it as the rules require. Thank you for telling us."
            ),
        ),
        (EventType::Resident, _) => (
            "您补充了信息。".to_owned(),
            "您補充了資料。".to_owned(),
            "You added information.".to_owned(),
        ),
        (EventType::Urge, Stage::Escalated) => (
            "您催办了此件。已超过办理时限，已列入督办。".to_owned(),
            "您催辦了此件。已超過辦理期限，已列入督辦。".to_owned(),
            "You asked us to hurry. The case is overdue and is now escalated for supervision."
                .to_owned(),
        ),
        (EventType::Urge, _) => (
            format!("您催办了此件，已提醒{department}加快办理。"),
            format!("您催辦了此件，已提醒{department}加速辦理。"),
            format!("You asked us to hurry; {department} has been reminded."),
        ),
        (EventType::Rating, _) => (
            "您已评价，感谢您的反馈。".to_owned(),
            "您已完成評價，感謝您的回饋。".to_owned(),
            "You rated the answer. Thank you for your feedback.".to_owned(),
        ),
        (EventType::StatusChange, stage) => status_note(stage, department),
    };
    match locale {
        Locale::ZhCn => zh_cn,
        Locale::ZhTw => zh_tw,
        Locale::En => en,
    }
}

fn status_note(stage: Stage, department: &str) -> (String, String, String) {
    let fixed = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
    match stage {
        Stage::Submitted => fixed(
            "您的诉求已提交，等待受理。",
            "您的訴求已送出，等待受理。",
            "Your request has been submitted and is waiting to be accepted.",
        ),
        Stage::Accepted => fixed(
            "您的诉求已受理。",
            "您的訴求已受理。",
            "Your request has been accepted.",
        ),
        Stage::Assigned => (
            format!("已转办至{department}。"),
            format!("已轉交{department}辦理。"),
            format!("Passed to {department}."),
        ),
        Stage::InProgress => (
            format!("{department}正在办理。"),
            format!("{department}正在辦理。"),
            format!("{department} is working on it."),
        ),
        Stage::NeedsInfo => fixed(
            "请补充相关信息。",
            "請補充相關資料。",
            "Please add more information.",
        ),
        Stage::Escalated => fixed(
            "此件已列入督办，加快办理。",
            "此件已列入督辦，加速辦理。",
            "The case is escalated for supervision so that it is dealt with faster.",
        ),
        Stage::NotAccepted => fixed("不予受理。", "不予受理。", "Not accepted."),
        Stage::Withdrawn => fixed(
            "您已撤回此件。",
            "您已撤回此件。",
            "You withdrew the request.",
        ),
        Stage::Answered => fixed("已办结。", "已辦結。", "Answered."),
        Stage::Rated => fixed("已评价。", "已評價。", "Rated."),
    }
}

/// Open311 `service_notice`: what the resident can expect.
pub fn service_notice(time_limit_days: u32, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!("办理时限为{time_limit_days}个工作日，请留意办理进度。"),
        Locale::ZhTw => format!("辦理期限為{time_limit_days}個工作天，請留意辦理進度。"),
        Locale::En => format!(
            "We will answer within {time_limit_days} working days. You can follow the progress of your case."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_has_wording_in_every_locale() {
        for event_type in EventType::ALL {
            for stage in Stage::ALL {
                let texts: Vec<String> = Locale::ALL
                    .into_iter()
                    .map(|l| event_note(event_type, stage, "X", l))
                    .collect();
                assert!(texts.iter().all(|t| !t.is_empty()));
                assert_ne!(texts[0], texts[2]);
            }
        }
    }
}
