//! Contact details are personal data: they stay in this tab only (sessionStorage, gone when
//! the tab closes) unless the resident ticks "remember my contact details on this phone".

use super::device::{LocalStorage, SessionStorage, Storage};
use api::Contact;

pub const KEY: &str = "huiyin.contact";

/// The contact details, and whether they are remembered on this device.
pub fn load() -> (Contact, bool) {
    if let Ok(contact) = LocalStorage::get::<Contact>(KEY) {
        return (contact, true);
    }
    (
        SessionStorage::get::<Contact>(KEY).unwrap_or_default(),
        false,
    )
}

pub fn save(contact: &Contact, remember: bool) {
    if remember {
        let _ = LocalStorage::set(KEY, contact);
        SessionStorage::delete(KEY);
    } else {
        LocalStorage::delete(KEY);
        let _ = SessionStorage::set(KEY, contact);
    }
}

pub fn is_remembered() -> bool {
    LocalStorage::get::<Contact>(KEY).is_ok()
}

/// After a request is sent: details that were not to be remembered are dropped.
pub fn forget_unless_remembered() {
    SessionStorage::delete(KEY);
}

pub fn forget() {
    LocalStorage::delete(KEY);
    SessionStorage::delete(KEY);
}

/// Blank parts become `None`, and no details at all become no contact: an anonymous request.
pub fn normalized(contact: &Contact) -> Option<Contact> {
    let clean = |part: &Option<String>| {
        part.as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
    };
    let contact = Contact {
        name: clean(&contact.name),
        phone: clean(&contact.phone),
        email: clean(&contact.email),
    };
    (contact != Contact::default()).then_some(contact)
}
