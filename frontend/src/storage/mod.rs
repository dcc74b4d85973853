//! What the resident's journeys keep on this device: drafts, the submission outbox, "My
//! requests", contact details (only when asked) and the query codes of cases looked up in
//! this tab. Each is one localStorage or sessionStorage key under `huiyin.`; a full or
//! blocked storage loses the convenience, never the page.

pub mod case_codes;
pub mod contact;
pub mod drafts;
pub mod my_requests;
pub mod outbox;

use gloo::storage::{LocalStorage, SessionStorage, Storage};

/// Milliseconds since the epoch, as the browser's clock says.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Removes everything the journeys saved on this device, in this tab and in every other.
/// The language and display choices stay: they are settings, not the resident's data.
pub fn clear_everything() {
    for key in [drafts::KEY, outbox::KEY, my_requests::KEY, contact::KEY] {
        LocalStorage::delete(key);
    }
    for key in [contact::KEY, case_codes::KEY] {
        SessionStorage::delete(key);
    }
}

/// A random key for one draft's submissions: 128 bits from the browser's CSPRNG as hex.
/// `getRandomValues` works outside secure contexts too, unlike `randomUUID`.
pub fn random_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No crypto object at all (very old browsers): time and Math.random, still unique
        // enough for one device's drafts.
        let seed = format!("{}{}", now_ms(), js_sys::Math::random());
        return format!("d-{}", seed.replace(['.', '-', 'e', '+'], ""));
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
