use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::PageHeading;
use crate::i18n::use_i18n;
use crate::service_window::{self, Ending};

/// The clerk's start page: file for a resident, or look up their case. Said first: why
/// the page is fresh (the previous resident's details are gone).
#[function_component]
pub fn WindowHome() -> Html {
    let i18n = use_i18n();
    let ending = use_state(service_window::take_ending);
    html! {
        <>
            <PageHeading title="window-home-title" heading="window-home-heading" />
            if let Some(ending) = *ending && ending != Ending::SessionEnded && ending != Ending::SignedOut {
                <p class="notice" role="status">{ i18n.t(ending.message_key()) }</p>
            }
            <p class="lead">{ i18n.t("window-home-intro") }</p>
            <div class="button-group button-group--stacked">
                <Link<Route> to={Route::Services} classes="button button--primary">
                    { i18n.t("window-home-file") }
                </Link<Route>>
                <Link<Route> to={Route::Track} classes="button button--secondary">
                    { i18n.t("window-home-track") }
                </Link<Route>>
            </div>
            <h2>{ i18n.t("window-home-help-heading") }</h2>
            <ul class="plain-list">
                <li>{ i18n.t("window-home-help-elderly") }</li>
                <li>{ i18n.t("window-home-help-next") }</li>
                <li>{ i18n.t("window-home-help-idle") }</li>
            </ul>
        </>
    }
}
