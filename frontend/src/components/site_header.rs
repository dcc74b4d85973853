use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{
    ElderlyModeSwitch, LanguageSwitch, MoreDisclosure, ReadAloudControls, SiteNav,
};
use crate::hooks::use_elderly_mode;
use crate::hydration::Deferred;
use crate::i18n::use_i18n;

/// On every page: the skip link, the product name, the elderly-mode switch and read-aloud,
/// then the navigation and languages. In elderly mode the less-used things (tagline,
/// navigation, languages, the hotline note) wait behind "More".
#[function_component]
pub fn SiteHeader() -> Html {
    let i18n = use_i18n();
    let elderly = use_elderly_mode().is_on();
    let tagline = html! { <p class="site-header__tagline">{ i18n.t("app-tagline") }</p> };
    // The tools stay at the same place in both modes, so the switch keeps focus when pressed.
    html! {
        <>
            <a class="skip-link" href="#main">{ i18n.t("skip-to-content") }</a>
            <header class="site-header">
                <div class="site-header__brand">
                    <Link<Route> to={Route::Home} classes="site-header__name">
                        { i18n.t("app-name") }
                    </Link<Route>>
                    if !elderly { { tagline.clone() } }
                </div>
                <div class="site-header__tools">
                    <Deferred><ElderlyModeSwitch /></Deferred>
                    <Deferred><ReadAloudControls /></Deferred>
                </div>
                if elderly {
                    <MoreDisclosure id="site-more">
                        { tagline }
                        <Deferred><SiteNav /></Deferred>
                        <Deferred><LanguageSwitch /></Deferred>
                        <p class="site-header__hotline">{ i18n.t("footer-hotline") }</p>
                    </MoreDisclosure>
                } else {
                    <Deferred><SiteNav /></Deferred>
                    <Deferred><LanguageSwitch /></Deferred>
                }
            </header>
        </>
    }
}
