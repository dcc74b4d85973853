//! What the resident's journeys keep on this device: drafts, the submission outbox, "My
//! requests", contact details (only when asked) and the query codes of cases looked up in
//! this tab. Each is one localStorage or sessionStorage key under `huiyin.`; a full or
//! blocked storage loses the convenience, never the page.

pub mod case_codes;
pub mod contact;
pub mod device;
pub mod drafts;
pub mod my_requests;
pub mod outbox;

use device::{LocalStorage, SessionStorage, Storage};

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

/// Everything of a resident on a shared computer: what the page keeps in memory, and
/// whatever any earlier use left in the browser's storage under the journeys' keys.
pub fn forget_resident() {
    device::forget_memory();
    let (local, session) = web_sys::window()
        .map(|w| {
            (
                w.local_storage().ok().flatten(),
                w.session_storage().ok().flatten(),
            )
        })
        .unwrap_or_default();
    for key in [drafts::KEY, outbox::KEY, my_requests::KEY, contact::KEY] {
        if let Some(local) = &local {
            let _ = local.remove_item(key);
        }
    }
    for key in [contact::KEY, case_codes::KEY] {
        if let Some(session) = &session {
            let _ = session.remove_item(key);
        }
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
