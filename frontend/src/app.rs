use std::rc::Rc;
use yew::prelude::*;

use yew_router::history::{AnyHistory, History, MemoryHistory};
use yew_router::prelude::*;
use yew_router::query::Raw;

use serde::{Deserialize, Serialize};

use crate::components::{
    Announcer, ClerkBar, ResidentIdleGuard, SessionLimitGuard, SiteFooter, SiteHeader, page_title,
};
use crate::hooks::{ElderlyModeProvider, OutboxSender};
use crate::hydration::Deferred;
use crate::i18n::I18nProvider;
use crate::page_start::PageStart;
#[cfg(not(target_arch = "wasm32"))]
use crate::pages::FileForm;
use crate::pages::window::{WindowGate, WindowHome, WindowReceipt};
use crate::pages::{Case, Home, MyRequests, NotFound, Receipt, Service, Services, Track};
#[cfg(any(feature = "full", not(target_arch = "wasm32")))]
use crate::pages::{FileStep, Sending};
use crate::service_window::ClerkDeskProvider;
use crate::window_mode;

/// Every page of the app, by its address.
#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/services")]
    Services,
    #[at("/services/:code")]
    Service { code: String },
    /// One page of filing a request for the service (see `pages::file::steps`).
    #[at("/services/:code/file/:step")]
    FileStep { code: String, step: String },
    /// Filing without JavaScript: one form posted to the server (`filing_form`).
    #[at("/services/:code/request")]
    FileForm { code: String },
    /// A submission on its way, by its idempotency key.
    #[at("/sending/:key")]
    Sending { key: String },
    #[at("/receipt/:id")]
    Receipt { id: String },
    #[at("/track")]
    Track,
    /// A case; its query code is never in the address (see `storage::case_codes`).
    #[at("/cases/:id")]
    Case { id: String },
    #[at("/my-requests")]
    MyRequests,
    /// The service window: a clerk's start page (or sign-in). Every page loaded under
    /// `/window` runs in window mode (see `window_mode`).
    #[at("/window")]
    Window,
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// `?from=check`: a page of the filing flow opened by a "Change" link goes back to the
/// check page when done.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FlowQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

impl FlowQuery {
    pub fn from_check() -> FlowQuery {
        FlowQuery {
            from: Some("check".into()),
        }
    }
}

fn switch(route: Route) -> Html {
    page_title::note_route(&route.to_path());
    if window_mode::active() {
        return html! { <WindowGate>{ window_switch(route) }</WindowGate> };
    }
    resident_switch(route)
}

/// At a service window, the clerk's start page stands in for the home page and the
/// printable receipt for the resident's.
fn window_switch(route: Route) -> Html {
    match route {
        Route::Home | Route::Window => html! { <WindowHome /> },
        Route::Receipt { id } => {
            let page = id.clone();
            html! { <WindowReceipt key={page} {id} /> }
        }
        other => resident_switch(other),
    }
}

fn resident_switch(route: Route) -> Html {
    // Keyed pages: a new address is a new page (fresh state, heading focused).
    match route {
        Route::Home => html! { <Home /> },
        Route::Services => html! { <Services /> },
        Route::Service { code } => {
            let page = code.clone();
            html! { <Service key={page} {code} /> }
        }
        #[cfg(any(feature = "full", not(target_arch = "wasm32")))]
        Route::FileStep { code, step } => {
            let page = format!("{code}/{step}");
            html! { <FileStep key={page} {code} {step} /> }
        }
        #[cfg(not(target_arch = "wasm32"))]
        Route::FileForm { code } => {
            let page = code.clone();
            html! { <FileForm key={page} {code} /> }
        }
        // The browser never starts the app on the form's page (`crate::page_runs_the_app`):
        // reached inside the app, the app's own steps begin at the service page.
        #[cfg(target_arch = "wasm32")]
        Route::FileForm { code } => html! { <Redirect<Route> to={Route::Service { code }} /> },
        #[cfg(any(feature = "full", not(target_arch = "wasm32")))]
        Route::Sending { key } => {
            let page = key.clone();
            html! { <Sending key={page} submission={key} /> }
        }
        // The resident's app has neither: the full app draws them, loaded afresh.
        #[cfg(all(target_arch = "wasm32", not(feature = "full")))]
        Route::FileStep { .. } | Route::Sending { .. } => html! { <LoadInFullApp /> },
        Route::Receipt { id } => {
            let page = id.clone();
            html! { <Receipt key={page} {id} /> }
        }
        Route::Track => html! { <Track /> },
        Route::Case { id } => {
            let page = id.clone();
            html! { <Case key={page} {id} /> }
        }
        Route::MyRequests => html! { <MyRequests /> },
        // Outside window mode `/window` loads afresh, so that mode starts.
        Route::Window => html! { <NotFound /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// What the first render shows (issue 19): the same on the server and in the browser.
    pub start: Rc<PageStart>,
    /// On the server, the address rendered (path, and query after `?`); in the browser
    /// `None`: the page's own address and history.
    #[prop_or_default]
    pub server_url: Option<AttrValue>,
}

/// The shell around every page: live regions first (they must exist before anything is
/// said in them), then the resident's display choices and language.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let shell = html! {
        <ContextProvider<Rc<PageStart>> context={props.start.clone()}>
            <Announcer>
                <ElderlyModeProvider>
                    <I18nProvider>
                        // Hydrated a part at a time (hydration.rs).
                        <SiteHeader />
                        <OutboxSender>
                            if window_mode::active() {
                                <ClerkBar />
                                <ResidentIdleGuard />
                                <SessionLimitGuard />
                            }
                            <main id="main" tabindex="-1">
                                <Deferred><Switch<Route> render={switch} /></Deferred>
                            </main>
                        </OutboxSender>
                        <Deferred><SiteFooter /></Deferred>
                        <Hydrated />
                    </I18nProvider>
                </ElderlyModeProvider>
            </Announcer>
        </ContextProvider<Rc<PageStart>>>
    };
    if window_mode::active() {
        return html! { <WindowRouter>{ shell }</WindowRouter> };
    }
    match &props.server_url {
        Some(url) => {
            let history = MemoryHistory::new();
            match url.split_once('?') {
                Some((path, query)) => {
                    let _ = history.push_with_query(path, Raw(query));
                }
                None => history.push(url.as_str()),
            }
            html! { <Router history={AnyHistory::from(history)}>{ shell }</Router> }
        }
        None => html! { <BrowserRouter>{ shell }</BrowserRouter> },
    }
}

#[derive(Properties, PartialEq)]
struct WindowRouterProps {
    children: Html,
}

/// At a service window (a client-only app: the server never renders it) the pages' history
/// lives in memory: the browser's own history gets no entry for any page that shows a
/// resident's data, so Back cannot show it.
#[function_component]
fn WindowRouter(props: &WindowRouterProps) -> Html {
    let history = use_memo((), |()| {
        let start = gloo::utils::window()
            .location()
            .pathname()
            .unwrap_or_default();
        AnyHistory::from(MemoryHistory::with_entries([start]))
    });
    html! {
        <Router history={(*history).clone()}>
            <ClerkDeskProvider>{ props.children.clone() }</ClerkDeskProvider>
        </Router>
    }
}

/// In the resident's app, an address only the full app draws (the filing steps, sending),
/// reached by a link or a button: the address is already the new one, so loading it again
/// brings the full app from the BFF, whose first page then takes focus as after any
/// navigation inside the app (`page_title::hand_over`). Where the address comes back to
/// this app (a build without the full app) it says the page is not here, never loops.
#[cfg(all(target_arch = "wasm32", not(feature = "full")))]
#[function_component]
fn LoadInFullApp() -> Html {
    let not_here = use_state(|| false);
    {
        let not_here = not_here.clone();
        use_effect_with((), move |()| {
            let location = gloo::utils::window().location();
            let path = location.pathname().unwrap_or_default();
            if !(page_title::hand_over(&path) && location.reload().is_ok()) {
                not_here.set(true);
            }
        });
    }
    if *not_here {
        html! { <NotFound /> }
    } else {
        Html::default()
    }
}

/// Marks `<html data-hydrated>` once the app has taken over the server's HTML, all its
/// parts (hydration.rs): the browser tests wait for it, and it says the page's buttons now
/// work.
#[function_component]
fn Hydrated() -> Html {
    use_effect_with((), |()| {
        crate::hydration::when_done(|| {
            if let Some(root) = gloo::utils::document().document_element() {
                let _ = root.set_attribute("data-hydrated", "");
            }
        });
    });
    Html::default()
}
