use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::PageHeading;
use crate::i18n::use_i18n;

#[function_component]
pub fn NotFound() -> Html {
    let i18n = use_i18n();
    html! {
        <>
            <PageHeading title="not-found-title" heading="not-found-heading" />
            <p>{ i18n.t("not-found-body") }</p>
            <Link<Route> to={Route::Home} classes="button button--primary">
                { i18n.t("not-found-home-link") }
            </Link<Route>>
        </>
    }
}
