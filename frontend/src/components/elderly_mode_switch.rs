use yew::prelude::*;

use crate::hooks::use_elderly_mode;
use crate::i18n::use_i18n;

/// One switch, on every page: its name stays the same and `aria-pressed` says whether the
/// mode is on, as a screen reader expects of a toggle.
#[function_component]
pub fn ElderlyModeSwitch() -> Html {
    let i18n = use_i18n();
    let elderly_mode = use_elderly_mode();
    let pressed = elderly_mode.is_on().to_string();
    let onclick = Callback::from(move |_: MouseEvent| elderly_mode.toggle());
    html! {
        <button type="button" class="tool-button elderly-mode-switch" aria-pressed={pressed} {onclick}>
            { i18n.t("elderly-mode") }
        </button>
    }
}
