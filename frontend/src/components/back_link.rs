use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct BackLinkProps {
    pub to: Route,
}

/// "Back" to the previous step, above the page's heading.
#[function_component]
pub fn BackLink(props: &BackLinkProps) -> Html {
    let i18n = use_i18n();
    html! {
        <Link<Route> to={props.to.clone()} classes="back-link">{ i18n.t("journey-back") }</Link<Route>>
    }
}
