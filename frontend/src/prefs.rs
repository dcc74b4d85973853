//! What the resident chose on this device, kept in localStorage.

use api::Locale;
use gloo::storage::{LocalStorage, Storage};

const LOCALE_KEY: &str = "huiyin.locale";

/// The saved choice, then the first of the browser's languages we speak, then zh-CN.
pub fn initial_locale() -> Locale {
    saved_locale().or_else(browser_locale).unwrap_or_default()
}

fn saved_locale() -> Option<Locale> {
    LocalStorage::get::<String>(LOCALE_KEY)
        .ok()
        .and_then(|tag| Locale::from_tag(&tag))
}

fn browser_locale() -> Option<Locale> {
    let navigator = web_sys::window()?.navigator();
    navigator
        .languages()
        .iter()
        .filter_map(|value| value.as_string())
        .chain(navigator.language())
        .find_map(|tag| Locale::negotiate(&tag))
}

pub fn save_locale(locale: Locale) {
    // A full or blocked storage only loses the preference, never the page.
    let _ = LocalStorage::set(LOCALE_KEY, locale.tag());
}

/// `<html lang>` follows the app's language, so screen readers pick the right voice.
pub fn apply_locale(locale: Locale) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute("lang", locale.tag());
        let _ = root.set_attribute("dir", "ltr");
    }
}
