use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{SiteFooter, SiteHeader};
use crate::i18n::I18nProvider;
use crate::pages::{Home, NotFound, Services};

/// Every page of the app, by its address.
#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/services")]
    Services,
    #[not_found]
    #[at("/404")]
    NotFound,
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Services => html! { <Services /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

#[function_component]
pub fn App() -> Html {
    html! {
        <BrowserRouter>
            <I18nProvider>
                <SiteHeader />
                <main id="main" tabindex="-1">
                    <Switch<Route> render={switch} />
                </main>
                <SiteFooter />
            </I18nProvider>
        </BrowserRouter>
    }
}
