use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{DraftChange, StepProps};
use api::{ConsentReadOut, Field};

use crate::components::{Choice, ChoiceGroup, PageTitle};
use crate::hooks::use_read_aloud;
use crate::i18n::use_i18n;

/// The notice's own part of the page, which "read aloud" at a window reads.
const NOTICE_ID: &str = "privacy-notice";

/// The privacy notice in plain words, and the resident's agreement to it.
#[function_component]
pub fn PrivacyStep(props: &StepProps) -> Html {
    let i18n = use_i18n();
    let change = props.change.clone();
    let onchange = Callback::from(move |event: Event| {
        let on = event.target_unchecked_into::<HtmlInputElement>().checked();
        change.emit(DraftChange::new(move |d| d.consent = on));
    });
    let error = props.error_for(&i18n, &[Field::Consent]);
    let at_window = crate::window_mode::active();
    html! {
        <>
            <PageTitle title={i18n.t("file-privacy-heading")} />
            if at_window {
                <WindowConsentIntro />
            }
            <div id={NOTICE_ID}>
                <ul class="plain-list">
                    <li>{ i18n.t("file-privacy-use") }</li>
                    <li>{ i18n.t("file-privacy-who") }</li>
                    <li>{ i18n.t("file-privacy-tracking") }</li>
                    <li>{ i18n.t(if at_window { "window-consent-device" } else { "file-privacy-device" }) }</li>
                </ul>
            </div>
            if at_window {
                <ReadOutChoice ..props.clone() />
            }
            <div class={classes!("field", error.as_ref().map(|_| "field--error"))}>
                if let Some(error) = error.clone() {
                    <p id="consent-error" class="field__error">
                        <span class="visually-hidden">{ i18n.t("journey-error-prefix") }</span>{ error }
                    </p>
                }
                <div class="choice">
                    <input class="choice__input" type="checkbox" id="consent"
                        aria-describedby={error.as_ref().map(|_| "consent-error")}
                        aria-invalid={error.as_ref().map(|_| "true")}
                        checked={props.draft.consent} {onchange} />
                    <label class="choice__label" for="consent">{ i18n.t(if at_window { "window-consent-agree" } else { "file-privacy-agree" }) }</label>
                </div>
            </div>
        </>
    }
}

/// At a window: the clerk reads the notice out, or lets the page read it aloud.
#[function_component]
fn WindowConsentIntro() -> Html {
    let i18n = use_i18n();
    let read_aloud = use_read_aloud();
    // The notice only: on the window's one-page form the page holds every question too.
    let read = Callback::from(move |_: MouseEvent| read_aloud.start_at(NOTICE_ID));
    html! {
        <div class="notice">
            <p>{ i18n.t("window-consent-intro") }</p>
            <button type="button" class="button button--secondary" onclick={read}>
                { i18n.t("window-consent-read-aloud") }
            </button>
        </div>
    }
}

/// How the notice reached the resident: recorded with the case and in the audit log.
#[function_component]
fn ReadOutChoice(props: &StepProps) -> Html {
    let i18n = use_i18n();
    let change = props.change.clone();
    let onchange = Callback::from(move |values: Vec<String>| {
        let way = ConsentReadOut::ALL
            .into_iter()
            .find(|w| values.iter().any(|v| v == w.token()));
        change.emit(DraftChange::new(move |d| d.consent_read_out = way));
    });
    let choices: Vec<Choice> = ConsentReadOut::ALL
        .into_iter()
        .map(|way| Choice {
            value: way.token().to_owned(),
            label: i18n.t(&format!("window-consent-read-out-{}", way.token())),
        })
        .collect();
    let selected = props
        .draft
        .consent_read_out
        .map(|w| vec![w.token().to_owned()])
        .unwrap_or_default();
    html! {
        <ChoiceGroup id="consent_read_out"
            legend={html! { { i18n.t("window-consent-read-out-legend") } }}
            error={props.error_for(&i18n, &[Field::ConsentReadOut])}
            {choices} {selected} {onchange} />
    }
}
