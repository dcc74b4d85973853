//! What the resident chose on this device, kept in localStorage.
//!
//! The server renders pages from cookies of the same choices (issue 19); `static/boot.js`
//! copies choices saved here before there were cookies into them before the first paint; a
//! test below keeps the two in step.

use api::Locale;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::storage::device::{self, Area};

pub const LOCALE_KEY: &str = "huiyin.locale";
pub const MODE_KEY: &str = "huiyin.mode";
pub const ELDERLY_MODE: &str = "elderly";
pub const STANDARD_MODE: &str = "standard";
pub const SLOW_SPEECH_KEY: &str = "huiyin.speech-slow";

/// Where the header's language and mode choices are posted when the app is not running
/// (components/settings_form.rs; the server's side is bff/src/pages/settings.rs), and the
/// form's fields: the language's tag, the mode's word, the page to come back to and the
/// form's token (what the token is for: [`SETTINGS_PURPOSE`]).
pub const SETTINGS_FORM: &str = "/settings";
pub const SETTINGS_LANGUAGE_FIELD: &str = "lang";
pub const SETTINGS_MODE_FIELD: &str = "mode";
pub const SETTINGS_RETURN_FIELD: &str = "return_to";
pub const SETTINGS_TOKEN_FIELD: &str = "form_token";
pub const SETTINGS_PURPOSE: &str = "settings";

pub fn save_locale(locale: Locale) {
    save(LOCALE_KEY, locale.tag());
    set_cookie(api::paths::LOCALE_COOKIE, locale.tag());
}

/// The server renders the next page from these cookies (issue 19); localStorage keeps the
/// choice too, for static/boot.js to carry over into a cookie the server can read. A year,
/// the whole site, never sent to other sites. Not at a service window: there the resident's
/// choices end with their turn.
fn set_cookie(name: &str, value: &str) {
    if crate::window_mode::active() {
        return;
    }
    let cookie = format!("{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax");
    let _ = js_sys::Reflect::set(&gloo::utils::document(), &"cookie".into(), &cookie.into());
}

/// `<html lang>` follows the app's language, so screen readers pick the right voice.
pub fn apply_lang(tag: &str) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute("lang", tag);
        let _ = root.set_attribute("dir", "ltr");
    }
}

/// A saved value. Preferences belong to the device, also at a service window.
fn saved<T: DeserializeOwned>(key: &str) -> Option<T> {
    device::read_device(Area::Local, key).ok()
}

/// A full or blocked storage only loses the preference, never the page.
fn save<T: Serialize + ?Sized>(key: &str, value: &T) {
    let _ = device::write_device(Area::Local, key, value);
}

/// The language this device asks for: the choice saved by the app, then the first of the
/// browser's own languages we speak. Only for pages the app draws alone at a service window
/// (lib.rs), as before pages were server-rendered; a server-rendered page's language is the
/// server's (page_start.rs).
pub fn device_locale() -> Option<Locale> {
    saved::<String>(LOCALE_KEY)
        .and_then(|tag| Locale::from_tag(&tag))
        .or_else(browser_locale)
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

/// The display mode saved on this device, if one was: `Some(true)` for elderly mode. Read
/// from localStorage itself, as boot.js reads it (a word, quoted as the app writes it or
/// plain): at a service window the app's own storage is kept in memory only.
pub fn saved_elderly_mode() -> Option<bool> {
    let value = gloo::utils::window()
        .local_storage()
        .ok()
        .flatten()?
        .get_item(MODE_KEY)
        .ok()
        .flatten()?;
    Some(value.trim().trim_matches('"') == ELDERLY_MODE)
}

pub fn save_elderly_mode(on: bool) {
    let mode = if on { ELDERLY_MODE } else { STANDARD_MODE };
    save(MODE_KEY, mode);
    set_cookie(api::paths::MODE_COOKIE, mode);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// boot.js carries the saved mode and language into the server's cookies before the
    /// first paint; it must read the keys and values this module writes.
    #[test]
    fn boot_script_reads_the_keys_the_app_writes() {
        let boot = include_str!("../../static/boot.js");
        for fact in [
            LOCALE_KEY,
            MODE_KEY,
            ELDERLY_MODE,
            api::paths::LOCALE_COOKIE,
            api::paths::MODE_COOKIE,
            api::paths::PSEUDO_COOKIE,
        ] {
            assert!(
                boot.contains(&format!("'{fact}'")),
                "static/boot.js does not mention '{fact}'"
            );
        }
        for locale in Locale::ALL {
            assert!(boot.contains(&format!("'{}'", locale.tag())), "{locale}");
        }
        assert!(boot.contains(&format!("'{}'", api::paths::WINDOW_MODE_COOKIE)));
    }
}
