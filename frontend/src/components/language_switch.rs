use api::Locale;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement};
use yew::prelude::*;

use crate::components::SettingsForm;
use crate::i18n::{endonym, use_i18n};
use crate::prefs;

/// Each language is offered in its own words and marked with its own `lang`, so a screen
/// reader says "English" in English and "简体中文" in Chinese. The buttons send the header's
/// form (SettingsForm) where the app is not running; where it is, they switch at once (once
/// the language's messages are fetched), or send the form after all if they cannot be.
#[function_component]
pub fn LanguageSwitch() -> Html {
    let i18n = use_i18n();
    let current = i18n.locale();
    html! {
        <nav class="language-switch" aria-label={i18n.t("language-switch-label")}>
            <SettingsForm>
                <ul>
                    { for Locale::ALL.into_iter().map(|locale| {
                        let i18n = i18n.clone();
                        let onclick = Callback::from(move |event: MouseEvent| {
                            event.prevent_default();
                            // (Yew delegates events: the current target is not the button.)
                            let button = event
                                .target()
                                .and_then(|target| target.dyn_into::<Element>().ok())
                                .and_then(|element| element.closest("button").ok().flatten())
                                .and_then(|button| button.dyn_into::<HtmlButtonElement>().ok());
                            i18n.switch_to_or(locale, move || send_form(locale, button.as_ref()));
                        });
                        html! {
                            <li>
                                <button
                                    type="submit"
                                    name={prefs::SETTINGS_LANGUAGE_FIELD}
                                    value={locale.tag()}
                                    lang={locale.tag()}
                                    aria-pressed={(locale == current).to_string()}
                                    {onclick}
                                >
                                    { endonym(locale) }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            </SettingsForm>
        </nav>
    }
}

/// What pressing `button` does without the app: its form posts the choice, and the server
/// answers with the page again in that language (bff/src/pages/settings.rs). (Without the
/// button: the choice into its cookie, and the page again.)
fn send_form(locale: Locale, button: Option<&HtmlButtonElement>) {
    match button.and_then(|button| Some((button.form()?, button))) {
        Some((form, button)) => {
            let _ = form.request_submit_with_submitter(Some(button));
        }
        None => {
            prefs::save_locale(locale);
            let _ = gloo::utils::window().location().reload();
        }
    }
}
