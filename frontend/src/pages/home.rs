use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{PageHeading, ServiceShortcuts};
use crate::i18n::use_i18n;

#[function_component]
pub fn Home() -> Html {
    let i18n = use_i18n();
    html! {
        <>
            <PageHeading title="home-title" heading="home-heading" />
            <p class="lead">{ i18n.t("home-intro") }</p>
            <Link<Route> to={Route::Services} classes="button button--primary">
                { i18n.t("home-services-link") }
            </Link<Route>>
            <ServiceShortcuts />
        </>
    }
}
