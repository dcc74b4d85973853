//! Huiyin's resident-facing app: pages (one file per route) → components → hooks and the
//! API client → the `api` contract.

// The resident's app (the browser build without `full`) compiles the whole crate and uses
// part of it: the filing steps and the service window are the full app's. Their code is
// linted where it runs, in the full app and in every native build.
#![cfg_attr(
    all(target_arch = "wasm32", not(feature = "full")),
    allow(dead_code, unused_imports)
)]

mod api_client;
mod app;
mod components;
pub mod filing_form;
mod hooks;
mod hydration;
pub mod i18n;
pub mod json;
pub mod page_start;
mod pages;
pub mod prefs;
mod pseudo;
mod search;
mod service_window;
mod sorting;
mod speech;
mod storage;
mod window_mode;

/// Starts the app on the page the server sent. A resident's page was rendered by the BFF
/// (issue 19): the app hydrates it, from the same start the server rendered with
/// ([`page_start`]), once it has the page's language's messages (handed over by
/// static/boot.js, else fetched: i18n.rs). The service window's pages are drawn here.
pub fn start() {
    // Compiling and instantiating the .wasm was one task of the browser's; reading the page's
    // start is the next and hydrating it a third, each after the browser has had its turn,
    // so that no one of them blocks a resident's tap for long (issue 19: Total Blocking Time).
    next_task(begin);
}

/// Runs `then` in a task of its own, after whatever the browser has waiting (input first).
fn next_task(then: impl FnOnce() + 'static) {
    gloo::timers::callback::Timeout::new(0, then).forget();
}

fn begin() {
    use std::rc::Rc;

    #[cfg(target_arch = "wasm32")]
    i18n::take_handed_messages();
    window_mode::detect();
    service_window::end_turn_when_session_lost();
    #[cfg(any(feature = "full", not(target_arch = "wasm32")))]
    if let Ok(path) = gloo::utils::window().location().pathname() {
        components::page_title::continue_a_hand_over(&path);
    }
    let document = gloo::utils::document();
    let start: page_start::PageStart = document
        .get_element_by_id(page_start::SCRIPT_ID)
        .and_then(|script| script.text_content())
        .and_then(|text| json::from_str(&text).ok())
        .unwrap_or_default();
    let rendered = document
        .get_element_by_id("app")
        .filter(|_| !window_mode::active());
    let Some(root) = rendered else {
        let root = document
            .create_element("div")
            .expect("a document can make a <div>");
        root.set_id("app");
        gloo::utils::body()
            .append_child(&root)
            .expect("<body> takes a child");
        // Drawn by the app alone (the service window, a clerk's browser): no server chose the
        // display mode from a cookie, so the choice saved on this device holds there, as
        // "preferences belong to the device, also at a service window" (prefs.rs).
        let mut start = start;
        if let Some(saved) = prefs::saved_elderly_mode() {
            start.elderly = saved;
        }
        // At the window the language too is the device's: the server read the browser's
        // Accept-Language, but a tab the window opens may be asked for before its browser
        // says its languages. A resident's choice there lasts their turn (memory only).
        // (If its messages cannot be fetched, the page's language, whose boot.js handed over.)
        let page_lang = start.lang.clone();
        if window_mode::active()
            && start.language() != i18n::Language::Pseudo
            && let Some(locale) = prefs::device_locale()
        {
            start.lang = locale.tag().to_owned();
        }
        with_messages(start, Some(page_lang), move |start| {
            let props = app::AppProps {
                start: Rc::new(start),
                server_url: None,
            };
            yew::Renderer::<app::App>::with_root_and_props(root, props).render();
        });
        return;
    };
    with_messages(start, None, move |start| {
        let props = app::AppProps {
            start: Rc::new(start),
            server_url: None,
        };
        // Built without `hydration` (natively, where this never runs) it draws afresh.
        next_task(move || {
            #[cfg(feature = "hydration")]
            {
                hydration::begin();
                yew::Renderer::<app::App>::with_root_and_props(root, props).hydrate();
            }
            #[cfg(not(feature = "hydration"))]
            {
                root.set_inner_html("");
                yew::Renderer::<app::App>::with_root_and_props(root, props).render();
            }
        });
    });
}

/// Runs `then` with `start` once the messages of its language are here: at once when
/// static/boot.js handed them over, else after fetching them; else in `otherwise`'s language
/// (the page's). Without any, the app does not start: the page stays the server's HTML,
/// which works without it, and never shows message keys.
fn with_messages(
    start: page_start::PageStart,
    otherwise: Option<String>,
    then: impl FnOnce(page_start::PageStart) + 'static,
) {
    if i18n::ready(start.language().locale()) {
        then(start);
        return;
    }
    yew::platform::spawn_local(async move {
        let mut start = start;
        if !i18n::ensure(start.language().locale()).await {
            let Some(lang) = otherwise else {
                return;
            };
            start.lang = lang;
            if !i18n::ensure(start.language().locale()).await {
                return;
            }
        }
        then(start);
    });
}

/// The BFF's rendering of a resident's page (issue 19): the app's HTML for `url` (path and
/// query) and the page's `<title>`, from `start`.
#[cfg(feature = "ssr")]
pub async fn render_page(url: String, start: page_start::PageStart) -> RenderedPage {
    let title = start.title.clone();
    let html = yew::ServerRenderer::<app::App>::with_props(move || app::AppProps {
        start: std::rc::Rc::new(start),
        server_url: Some(url.into()),
    })
    .render()
    .await;
    RenderedPage {
        html,
        title: title.taken(),
    }
}

#[cfg(feature = "ssr")]
pub struct RenderedPage {
    pub html: String,
    pub title: Option<String>,
}

/// Whether the page rendered for `path` starts the app. The one-page filing form
/// (`/services/{code}/request`) does not: it is whole as HTML, posted to the BFF, and the
/// app would only take it over unchanged (the app's own journey starts from the service
/// page). So its page never downloads the .wasm, and the browser's app carries none of it.
#[cfg(feature = "ssr")]
pub fn page_runs_the_app(path: &str) -> bool {
    use yew_router::Routable;

    let path = path.split_once('?').map_or(path, |(path, _)| path);
    !matches!(
        app::Route::recognize(path),
        Some(app::Route::FileForm { .. })
    )
}

/// What the server does for an address (issue 19).
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerPage {
    /// A resident's page the server renders, with what it needs first.
    Rendered {
        /// Home and services show the catalogue.
        catalogue: bool,
        /// A service page shows this service's definition.
        service: Option<String>,
        /// Answered 404: the address is no page of the app.
        not_found: bool,
    },
    /// Drawn by the app in the browser: the filing steps and what follows them (they live
    /// on the device's draft), and the service window. (A receipt whose case the browser's
    /// case cookie holds, after the no-JavaScript form filed it, is rendered by the BFF's
    /// own route for it.)
    ClientOnly,
}

/// The server's part for `path`, from the app's own routes.
#[cfg(feature = "ssr")]
pub fn server_page(path: &str) -> ServerPage {
    use yew_router::Routable;

    use crate::app::Route;
    let rendered = |catalogue, service, not_found| ServerPage::Rendered {
        catalogue,
        service,
        not_found,
    };
    match Route::recognize(path) {
        Some(Route::Home | Route::Services) => rendered(true, None, false),
        Some(Route::Service { code } | Route::FileForm { code }) => {
            rendered(false, Some(code), false)
        }
        Some(Route::Track | Route::Case { .. } | Route::MyRequests) => rendered(false, None, false),
        Some(
            Route::FileStep { .. } | Route::Sending { .. } | Route::Receipt { .. } | Route::Window,
        ) => ServerPage::ClientOnly,
        _ if path.starts_with("/window/") => ServerPage::ClientOnly,
        Some(Route::NotFound) | None => rendered(false, None, true),
    }
}
