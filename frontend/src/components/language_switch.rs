use api::Locale;
use yew::prelude::*;

use crate::components::SettingsForm;
use crate::i18n::{endonym, use_i18n};
use crate::prefs;

/// Each language is offered in its own words and marked with its own `lang`, so a screen
/// reader says "English" in English and "简体中文" in Chinese. The buttons send the header's
/// form (SettingsForm) where the app is not running; where it is, they switch at once.
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
                            i18n.switch_to(locale);
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
