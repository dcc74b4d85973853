//! Where the journeys keep things: the browser's localStorage and sessionStorage, or, on a
//! service window's shared computer, this page's memory only. There nothing a resident
//! enters is written to the device at all, and reloading the page (which "Next resident"
//! does) forgets it. The API mirrors `gloo::storage`, so callers read the same either way.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use gloo::storage::Storage as _;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::json;

thread_local! {
    static IN_MEMORY: Cell<bool> = const { Cell::new(false) };
    static LOCAL: RefCell<HashMap<String, String>> = RefCell::default();
    static SESSION: RefCell<HashMap<String, String>> = RefCell::default();
}

/// From now on, nothing goes to the device's storage (called once, before the app renders).
pub fn keep_in_memory() {
    IN_MEMORY.with(|m| m.set(true));
}

pub fn in_memory() -> bool {
    IN_MEMORY.with(Cell::get)
}

/// Forgets everything kept in memory.
pub fn forget_memory() {
    LOCAL.with(|m| m.borrow_mut().clear());
    SESSION.with(|m| m.borrow_mut().clear());
}

/// Why a read or write did not happen.
#[derive(Debug)]
pub struct Unavailable;

#[derive(Clone, Copy)]
pub enum Area {
    Local,
    Session,
}

fn memory<T>(area: Area, use_it: impl FnOnce(&mut HashMap<String, String>) -> T) -> T {
    match area {
        Area::Local => LOCAL.with(|m| use_it(&mut m.borrow_mut())),
        Area::Session => SESSION.with(|m| use_it(&mut m.borrow_mut())),
    }
}

/// The browser's storage for `area` (gloo's, without its serde_json: see `json`).
fn device(area: Area) -> web_sys::Storage {
    match area {
        Area::Local => gloo::storage::LocalStorage::raw(),
        Area::Session => gloo::storage::SessionStorage::raw(),
    }
}

pub trait Storage {
    const AREA: Area;

    fn get<T: DeserializeOwned>(key: impl AsRef<str>) -> Result<T, Unavailable> {
        let text = if in_memory() {
            memory(Self::AREA, |m| m.get(key.as_ref()).cloned())
        } else {
            device(Self::AREA).get_item(key.as_ref()).ok().flatten()
        };
        json::from_str(&text.ok_or(Unavailable)?).map_err(|_| Unavailable)
    }

    fn set<T: Serialize>(key: impl AsRef<str>, value: T) -> Result<(), Unavailable> {
        let text = json::to_string(&value).map_err(|_| Unavailable)?;
        if in_memory() {
            memory(Self::AREA, |m| m.insert(key.as_ref().to_owned(), text));
            return Ok(());
        }
        // Fails when the storage is full or refused (private browsing on some phones).
        device(Self::AREA)
            .set_item(key.as_ref(), &text)
            .map_err(|_| Unavailable)
    }

    fn delete(key: impl AsRef<str>) {
        if in_memory() {
            memory(Self::AREA, |m| m.remove(key.as_ref()));
            return;
        }
        let _ = device(Self::AREA).remove_item(key.as_ref());
    }
}

pub struct LocalStorage;
pub struct SessionStorage;

impl Storage for LocalStorage {
    const AREA: Area = Area::Local;
}

impl Storage for SessionStorage {
    const AREA: Area = Area::Session;
}
