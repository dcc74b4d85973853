//! One file per route.

mod case;
pub mod file;
// The one-page filing form is the server's alone (`crate::page_runs_the_app`).
#[cfg(not(target_arch = "wasm32"))]
mod file_form;
mod home;
mod my_requests;
mod not_found;
mod receipt;
mod sending;
mod service;
mod services;
mod track;
pub mod window;

pub use case::Case;
pub use file::FileStep;
#[cfg(not(target_arch = "wasm32"))]
pub use file_form::FileForm;
pub use home::Home;
pub use my_requests::MyRequests;
pub use not_found::NotFound;
pub use receipt::Receipt;
pub use sending::Sending;
pub use service::Service;
pub use services::{Services, ServicesQuery};
pub use track::Track;

#[cfg(test)]
mod tests {
    use api::{CaseAction, Locale, ServiceKind};

    use crate::i18n::{Language, Translator};

    /// Keys the journeys put together at run time, checked in every locale (a missing
    /// message would show its key to the resident).
    #[test]
    fn every_message_built_at_run_time_exists() {
        let mut keys: Vec<String> = Vec::new();
        for kind in ServiceKind::ALL
            .into_iter()
            .filter(|k| *k != ServiceKind::Application)
        {
            keys.push(format!("home-kind-{}-hint", kind.token()));
        }
        for action in CaseAction::ALL {
            keys.push(format!("case-{}-submit", action.token()));
            keys.push(format!("case-{}-done", action.token()));
        }
        for action in [CaseAction::Urge, CaseAction::Withdraw] {
            keys.push(format!("case-{}-body", action.token()));
            keys.push(format!("case-{}-note-label", action.token()));
        }
        for stars in 1..=5 {
            keys.push(format!("case-rating-{stars}"));
        }
        for locale in Locale::ALL {
            let translator = Translator::new(Language::Locale(locale));
            for key in &keys {
                assert_ne!(&translator.t(key), key, "{locale} lacks {key}");
            }
        }
    }

    #[test]
    fn waits_are_said_as_people_say_them() {
        let zh = Translator::new(Language::Locale(Locale::ZhCn));
        let wait = zh.t_with("wait-minutes", &[("minutes", 15.into())]);
        assert_eq!(
            zh.t_with("error-too_many_attempts", &[("wait", wait.into())]),
            "查询码错误次数太多，请大约 15 分钟后再试。"
        );
        assert_eq!(
            zh.t_with("case-days-left", &[("days", 3.into())]),
            "还剩 3 个工作日。"
        );
        let en = Translator::new(Language::Locale(Locale::En));
        assert_eq!(
            en.t_with("case-days-left", &[("days", 1.into())]),
            "1 working day left."
        );
        assert_eq!(
            en.t_with("wait-minutes", &[("minutes", 1.into())]),
            "about 1 minute"
        );
    }
}
