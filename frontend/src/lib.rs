//! Huiyin's resident-facing app: pages (one file per route) → components → hooks and the
//! API client → the `api` contract.

mod api_client;
mod app;
mod components;
pub mod i18n;
mod pages;
mod prefs;

/// Mounts the app on the page's `<body>`.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
