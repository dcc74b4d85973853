use yew::prelude::*;

use crate::i18n::use_i18n;

#[function_component]
pub fn SiteFooter() -> Html {
    let i18n = use_i18n();
    html! {
        <footer class="site-footer">
            <p>{ i18n.t("footer-hotline") }</p>
        </footer>
    }
}
