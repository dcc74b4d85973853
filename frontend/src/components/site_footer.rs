use yew::prelude::*;

use crate::hooks::use_elderly_mode;
use crate::i18n::use_i18n;

/// The hotline note. In elderly mode it moves behind the header's "More".
#[function_component]
pub fn SiteFooter() -> Html {
    let i18n = use_i18n();
    if use_elderly_mode().is_on() {
        return Html::default();
    }
    html! {
        <footer class="site-footer">
            <p>{ i18n.t("footer-hotline") }</p>
        </footer>
    }
}
