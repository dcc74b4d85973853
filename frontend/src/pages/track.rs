use api::CaseView;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{CaseLookup, PageTitle};
use crate::i18n::use_i18n;

/// `/track`: look a case up by its number and query code.
#[function_component]
pub fn Track() -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let found = Callback::from(move |view: CaseView| {
        if let Some(navigator) = &navigator {
            navigator.push(&Route::Case { id: view.case_id });
        }
    });
    html! {
        <>
            <PageTitle title={i18n.t("track-title")} />
            <p class="lead">{ i18n.t("track-intro") }</p>
            <CaseLookup {found} />
            <p class="link-line"><Link<Route> to={Route::MyRequests}>{ i18n.t("track-my-requests-link") }</Link<Route>></p>
        </>
    }
}
