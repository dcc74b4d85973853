use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{DraftChange, StepProps};
use crate::components::PageTitle;
use crate::i18n::use_i18n;

/// The privacy notice in plain words, and the resident's agreement to it.
#[function_component]
pub fn PrivacyStep(props: &StepProps) -> Html {
    let i18n = use_i18n();
    let change = props.change.clone();
    let onchange = Callback::from(move |event: Event| {
        let on = event.target_unchecked_into::<HtmlInputElement>().checked();
        change.emit(DraftChange::new(move |d| d.consent = on));
    });
    let error = props.error_for(&i18n, &["consent"]);
    html! {
        <>
            <PageTitle title={i18n.t("file-privacy-heading")} />
            <ul class="plain-list">
                <li>{ i18n.t("file-privacy-use") }</li>
                <li>{ i18n.t("file-privacy-who") }</li>
                <li>{ i18n.t("file-privacy-tracking") }</li>
                <li>{ i18n.t("file-privacy-device") }</li>
            </ul>
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
                    <label class="choice__label" for="consent">{ i18n.t("file-privacy-agree") }</label>
                </div>
            </div>
        </>
    }
}
