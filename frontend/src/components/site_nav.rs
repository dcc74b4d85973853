use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::i18n::use_i18n;

/// The main navigation; the current page is marked for screen readers and by sight.
#[function_component]
pub fn SiteNav() -> Html {
    let i18n = use_i18n();
    let route = use_route::<Route>();
    let current = |target: Route| (route.as_ref() == Some(&target)).then_some("page");
    html! {
        <nav class="site-nav" aria-label={i18n.t("nav-label")}>
            <ul>
                <li>
                    <Link<Route> to={Route::Home}>
                        <span aria-current={current(Route::Home)}>{ i18n.t("nav-home") }</span>
                    </Link<Route>>
                </li>
                <li>
                    <Link<Route> to={Route::Services}>
                        <span aria-current={current(Route::Services)}>{ i18n.t("nav-services") }</span>
                    </Link<Route>>
                </li>
                <li>
                    <Link<Route> to={Route::Track}>
                        <span aria-current={current(Route::Track)}>{ i18n.t("nav-track") }</span>
                    </Link<Route>>
                </li>
                <li>
                    <Link<Route> to={Route::MyRequests}>
                        <span aria-current={current(Route::MyRequests)}>{ i18n.t("nav-my-requests") }</span>
                    </Link<Route>>
                </li>
            </ul>
        </nav>
    }
}
