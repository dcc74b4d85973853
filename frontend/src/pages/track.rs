use api::CaseView;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{CaseLookup, PageTitle};
use crate::i18n::use_i18n;
use crate::page_start::use_page_start;

/// `/track`: look a case up by its number and query code.
#[function_component]
pub fn Track() -> Html {
    let i18n = use_i18n();
    // A lookup posted from another site's page: nothing was done (the server says 403).
    let refused = use_page_start()
        .case_page
        .as_ref()
        .is_some_and(|page| page.refused);
    let navigator = use_navigator();
    let found = Callback::from(move |view: CaseView| {
        if let Some(navigator) = &navigator {
            navigator.push(&Route::Case { id: view.case_id });
        }
    });
    html! {
        <>
            if refused {
                <div class="notice notice--error" role="alert"><p>{ i18n.t("case-form-refused") }</p></div>
            }
            <PageTitle title={i18n.t("track-title")} />
            <p class="lead">{ i18n.t("track-intro") }</p>
            <CaseLookup {found} />
            <p class="link-line"><Link<Route> to={Route::MyRequests}>{ i18n.t("track-my-requests-link") }</Link<Route>></p>
        </>
    }
}
