use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::LanguageSwitch;
use crate::i18n::use_i18n;

/// Skip link, product name, main navigation and the language switch: on every page.
#[function_component]
pub fn SiteHeader() -> Html {
    let i18n = use_i18n();
    let route = use_route::<Route>();
    let current = |target: Route| (route.as_ref() == Some(&target)).then_some("page");
    html! {
        <>
            <a class="skip-link" href="#main">{ i18n.t("skip-to-content") }</a>
            <header class="site-header">
                <div class="site-header__brand">
                    <Link<Route> to={Route::Home} classes="site-header__name">
                        { i18n.t("app-name") }
                    </Link<Route>>
                    <p class="site-header__tagline">{ i18n.t("app-tagline") }</p>
                </div>
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
                    </ul>
                </nav>
                <LanguageSwitch />
            </header>
        </>
    }
}
