//! Whether this page is a clerk's at a service window (线下窗口): decided once before the
//! first render and read by every page that words or routes itself differently there. The
//! clerk's session and what ends a resident's turn are `service_window`'s.

use std::cell::Cell;

use crate::storage;

/// The clerk's start page: loading any address under it starts window mode.
pub const HOME_PATH: &str = "/window";

thread_local! {
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
}

/// Decides the mode from the address the page was loaded at and from whether a clerk is
/// signed in on this browser; called once before rendering. Outside window mode, the page
/// reloads into it as soon as it finds a clerk signed in meanwhile (another tab's sign-in),
/// checked whenever the tab is shown or focused again.
pub fn detect() {
    let path = gloo::utils::window()
        .location()
        .pathname()
        .unwrap_or_default();
    if path == HOME_PATH || path.starts_with("/window/") || clerk_signed_in_here() {
        ACTIVE.with(|a| a.set(true));
        storage::device::keep_in_memory();
        return;
    }
    let document: web_sys::EventTarget = gloo::utils::document().into();
    let window: web_sys::EventTarget = gloo::utils::window().into();
    let reload_if_signed_in = |_: &web_sys::Event| {
        if clerk_signed_in_here() {
            let _ = gloo::utils::window().location().reload();
        }
    };
    for (target, event) in [
        (&document, "visibilitychange"),
        (&window, "focus"),
        (&window, "pageshow"),
    ] {
        gloo::events::EventListener::new(target, event, reload_if_signed_in).forget();
    }
}

/// Whether the BFF has marked this browser as a signed-in clerk's (the flag cookie holds no
/// secret; the session itself is out of the page's reach).
fn clerk_signed_in_here() -> bool {
    let document = gloo::utils::document();
    let cookies = js_sys::Reflect::get(&document, &"cookie".into())
        .ok()
        .and_then(|c| c.as_string())
        .unwrap_or_default();
    has_window_flag(&cookies)
}

fn has_window_flag(cookies: &str) -> bool {
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, value)| name == api::paths::WINDOW_MODE_COOKIE && value == "1")
}

/// Whether this page is a clerk's at a service window. Never in the resident's app (built
/// without `full`): the BFF sends a window's pages with the full app.
pub fn active() -> bool {
    cfg!(any(feature = "full", not(target_arch = "wasm32"))) && ACTIVE.with(Cell::get)
}

#[cfg(test)]
mod tests {
    use super::has_window_flag;

    #[test]
    fn the_window_flag_is_read_among_other_cookies() {
        assert!(has_window_flag("a=1; __Host-huiyin-window=1; b=2"));
        assert!(has_window_flag("__Host-huiyin-window=1"));
        assert!(!has_window_flag(""));
        assert!(!has_window_flag("__Host-huiyin-window="));
        assert!(!has_window_flag("x__Host-huiyin-window=1"));
    }
}
