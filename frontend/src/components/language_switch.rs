use api::Locale;
use yew::prelude::*;

use crate::i18n::{endonym, use_i18n};

/// Each language is offered in its own words and marked with its own `lang`, so a screen
/// reader says "English" in English and "简体中文" in Chinese.
#[function_component]
pub fn LanguageSwitch() -> Html {
    let i18n = use_i18n();
    let current = i18n.locale();
    html! {
        <nav class="language-switch" aria-label={i18n.t("language-switch-label")}>
            <ul>
                { for Locale::ALL.into_iter().map(|locale| {
                    let i18n = i18n.clone();
                    let onclick = Callback::from(move |_: MouseEvent| i18n.switch_to(locale));
                    html! {
                        <li>
                            <button
                                type="button"
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
        </nav>
    }
}
