//! Huiyin's resident-facing app: pages (one file per route) → components → hooks and the
//! API client → the `api` contract.

mod api_client;
mod app;
mod catalogue;
mod components;
mod hooks;
pub mod i18n;
mod json;
mod live_case;
mod outbox;
mod pages;
mod prefs;
mod pseudo;
mod search;
mod service_window;
mod shell;
mod speech;
mod storage;

/// Mounts the app in a `<div id="app">` of its own at the end of `<body>`. Not on `<body>`
/// itself: Yew empties its root on mounting, and the first-paint shell (shell.rs) must stay
/// on screen until the app has words to show.
pub fn start() {
    service_window::detect();
    let root = gloo::utils::document()
        .create_element("div")
        .expect("a document can make a <div>");
    root.set_id("app");
    gloo::utils::body()
        .append_child(&root)
        .expect("<body> takes a child");
    yew::Renderer::<app::App>::with_root(root).render();
}
