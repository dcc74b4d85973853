//! What the resident chose on this device, kept in localStorage.
//!
//! `static/boot.js` reads the same keys before the first paint (so elderly mode never
//! flashes small text); a test below keeps the two in step.

use api::Locale;
use gloo::storage::{LocalStorage, Storage};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::pseudo;
use crate::storage::device::{self, Area};

pub const LOCALE_KEY: &str = "huiyin.locale";
pub const MODE_KEY: &str = "huiyin.mode";
pub const ELDERLY_MODE: &str = "elderly";
const STANDARD_MODE: &str = "standard";
pub const SLOW_SPEECH_KEY: &str = "huiyin.speech-slow";
/// Test hook only: `"1"` here (or `?pseudo=1` in the address) shows the pseudo-locale.
pub const PSEUDO_KEY: &str = "huiyin.pseudo";

/// The saved choice, then the first of the browser's languages we speak, then zh-CN.
pub fn initial_locale() -> Locale {
    saved_locale().or_else(browser_locale).unwrap_or_default()
}

fn saved_locale() -> Option<Locale> {
    saved::<String>(LOCALE_KEY).and_then(|tag| Locale::from_tag(&tag))
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
    save(LOCALE_KEY, locale.tag());
}

/// `<html lang>` follows the app's language, so screen readers pick the right voice.
pub fn apply_lang(tag: &str) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute("lang", tag);
        let _ = root.set_attribute("dir", "ltr");
    }
}

pub fn elderly_mode_saved() -> bool {
    saved_word(MODE_KEY).is_some_and(|mode| mode == ELDERLY_MODE)
}

/// A saved value. Preferences belong to the device, also at a service window.
fn saved<T: DeserializeOwned>(key: &str) -> Option<T> {
    device::read_device(Area::Local, key).ok()
}

/// A full or blocked storage only loses the preference, never the page.
fn save<T: Serialize + ?Sized>(key: &str, value: &T) {
    let _ = device::write_device(Area::Local, key, value);
}

/// A saved word, written as JSON by the app (`"elderly"`) or plainly by hand or a test
/// (`elderly`); boot.js reads both the same way.
fn saved_word(key: &str) -> Option<String> {
    let value = LocalStorage::raw().get_item(key).ok().flatten()?;
    Some(value.trim().trim_matches('"').to_owned())
}

pub fn save_elderly_mode(on: bool) {
    save(MODE_KEY, if on { ELDERLY_MODE } else { STANDARD_MODE });
}

/// `<html data-mode="elderly">` switches the stylesheet to its large scale.
pub fn apply_elderly_mode(on: bool) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = if on {
            root.set_attribute("data-mode", ELDERLY_MODE)
        } else {
            root.remove_attribute("data-mode")
        };
    }
}

pub fn slow_speech_saved() -> bool {
    saved::<bool>(SLOW_SPEECH_KEY).unwrap_or(false)
}

pub fn save_slow_speech(slow: bool) {
    save(SLOW_SPEECH_KEY, &slow);
}

/// Whether a test asked for the pseudo-locale. Residents never see it.
pub fn pseudo_locale_requested() -> bool {
    let from_address = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .is_some_and(|search| pseudo::asked_for_in_query(&search));
    let from_storage = saved_word(PSEUDO_KEY).is_some_and(|value| value == "1");
    from_address || from_storage
}

#[cfg(test)]
mod tests {
    use super::*;

    /// boot.js applies the saved mode and language before the app loads; it must read the
    /// keys and values this module writes.
    #[test]
    fn boot_script_reads_the_keys_the_app_writes() {
        let boot = include_str!("../../static/boot.js");
        for fact in [LOCALE_KEY, MODE_KEY, ELDERLY_MODE, PSEUDO_KEY, pseudo::TAG] {
            assert!(
                boot.contains(&format!("'{fact}'")),
                "static/boot.js does not mention '{fact}'"
            );
        }
        for locale in Locale::ALL {
            assert!(boot.contains(&format!("'{}'", locale.tag())), "{locale}");
        }
    }
}
