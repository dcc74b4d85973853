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

/// Reads JSON from the device's own storage, also at a service window (the device's
/// preferences; a resident's data goes through [`Storage`] instead).
pub fn read_device<T: DeserializeOwned>(area: Area, key: &str) -> Result<T, Unavailable> {
    let text = device(area)
        .get_item(key)
        .ok()
        .flatten()
        .ok_or(Unavailable)?;
    json::from_str(&text).map_err(|_| Unavailable)
}

/// Writes JSON to the device's own storage; fails when it is full or refused (private
/// browsing on some phones).
pub fn write_device<T: Serialize + ?Sized>(
    area: Area,
    key: &str,
    value: &T,
) -> Result<(), Unavailable> {
    let text = json::to_string(value).map_err(|_| Unavailable)?;
    device(area).set_item(key, &text).map_err(|_| Unavailable)
}

pub trait Storage {
    const AREA: Area;

    fn get<T: DeserializeOwned>(key: impl AsRef<str>) -> Result<T, Unavailable> {
        if !in_memory() {
            return read_device(Self::AREA, key.as_ref());
        }
        let text = memory(Self::AREA, |m| m.get(key.as_ref()).cloned()).ok_or(Unavailable)?;
        json::from_str(&text).map_err(|_| Unavailable)
    }

    fn set<T: Serialize>(key: impl AsRef<str>, value: T) -> Result<(), Unavailable> {
        if !in_memory() {
            return write_device(Self::AREA, key.as_ref(), &value);
        }
        let text = json::to_string(&value).map_err(|_| Unavailable)?;
        memory(Self::AREA, |m| m.insert(key.as_ref().to_owned(), text));
        Ok(())
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
