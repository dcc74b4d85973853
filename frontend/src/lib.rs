//! Huiyin's resident-facing app: pages (one file per route) → components → hooks and the
//! API client → the `api` contract.

mod api_client;
mod app;
mod catalogue;
mod components;
mod hooks;
pub mod i18n;
mod live_case;
mod outbox;
mod pages;
mod prefs;
mod pseudo;
mod search;
mod service_window;
mod speech;
mod storage;

/// Mounts the app on the page's `<body>`.
pub fn start() {
    service_window::detect();
    yew::Renderer::<app::App>::new().render();
}
