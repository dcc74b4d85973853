use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct BackLinkProps {
    pub to: Route,
}

/// "Back" to the previous step, above the page's heading. The arrow is decoration, hidden
/// from screen readers, so the link's name is "Back" alone.
#[function_component]
pub fn BackLink(props: &BackLinkProps) -> Html {
    let i18n = use_i18n();
    html! {
        <Link<Route> to={props.to.clone()} classes="back-link">
            <span class="back-link__arrow" aria-hidden="true">{ "‹" }</span>{ i18n.t("journey-back") }
        </Link<Route>>
    }
}
