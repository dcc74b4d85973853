use yew::prelude::*;

use crate::components::SettingsForm;
use crate::hooks::use_elderly_mode;
use crate::i18n::use_i18n;
use crate::prefs;

/// One switch, on every page: its name stays the same and `aria-pressed` says whether the
/// mode is on, as a screen reader expects of a toggle. Where the app is not running it
/// sends the header's form (SettingsForm) with the other mode; where it is, it switches at
/// once.
#[function_component]
pub fn ElderlyModeSwitch() -> Html {
    let i18n = use_i18n();
    let elderly_mode = use_elderly_mode();
    let on = elderly_mode.is_on();
    let other_mode = if on {
        prefs::STANDARD_MODE
    } else {
        prefs::ELDERLY_MODE
    };
    let onclick = Callback::from(move |event: MouseEvent| {
        event.prevent_default();
        elderly_mode.toggle();
    });
    html! {
        <SettingsForm>
            <button
                type="submit"
                name={prefs::SETTINGS_MODE_FIELD}
                value={other_mode}
                class="tool-button elderly-mode-switch"
                aria-pressed={on.to_string()}
                {onclick}
            >
                { i18n.t("elderly-mode") }
            </button>
        </SettingsForm>
    }
}
