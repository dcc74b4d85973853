use yew::prelude::*;

use crate::api_client::ClientError;
use crate::i18n::{I18n, use_i18n};

/// What went wrong and what to do, in the resident's words: never the raw error. A city's
/// refusal adds the city's own explanation after ours (text, never markup).
pub fn error_text(i18n: &I18n, error: &ClientError) -> String {
    let ours = our_error_text(i18n, error);
    match error.upstream_message() {
        Some(message) => format!(
            "{ours} {}",
            i18n.t_with(
                "upstream-explanation",
                &[("message", message.to_owned().into())]
            )
        ),
        None => ours,
    }
}

fn our_error_text(i18n: &I18n, error: &ClientError) -> String {
    let key = error.message_key();
    match error.retry_after_secs() {
        // Long waits read better in minutes (rounded up): messages use whichever fits.
        Some(seconds) => i18n.t_with(
            &key,
            &[
                ("seconds", seconds.into()),
                ("minutes", seconds.div_ceil(60).into()),
                ("wait", wait_words(i18n, seconds).into()),
            ],
        ),
        // Codes that take a wait are always sent with one; a minute is the honest default.
        None if key.ends_with("too_many_attempts") || key.ends_with("rate_limited") => i18n.t_with(
            &key,
            &[
                ("seconds", 60.into()),
                ("wait", wait_words(i18n, 60).into()),
            ],
        ),
        None => i18n.t(&key),
    }
}

/// A wait as a person says it: "about 15 minutes" for 897 s, seconds only under a minute.
pub fn wait_words(i18n: &I18n, seconds: u64) -> String {
    if seconds < 60 {
        i18n.t_with("wait-seconds", &[("seconds", seconds.into())])
    } else {
        let minutes = (seconds + 30) / 60;
        i18n.t_with("wait-minutes", &[("minutes", minutes.into())])
    }
}

#[derive(Properties, PartialEq)]
pub struct ProblemProps {
    pub error: ClientError,
    /// Offers "Try again" when given.
    #[prop_or_default]
    pub retry: Option<Callback<MouseEvent>>,
}

/// A failed load: the message, and a way to try again. Announced at once.
#[function_component]
pub fn Problem(props: &ProblemProps) -> Html {
    let i18n = use_i18n();
    html! {
        <div class="notice notice--error" role="alert">
            <p>{ error_text(&i18n, &props.error) }</p>
            if let Some(retry) = props.retry.clone() {
                <button type="button" class="button" onclick={retry}>{ i18n.t("journey-try-again") }</button>
            }
        </div>
    }
}

/// Words shown while something loads; a loading page is never blank.
#[function_component]
pub fn Loading() -> Html {
    let i18n = use_i18n();
    html! { <p class="status">{ i18n.t("journey-loading") }</p> }
}
