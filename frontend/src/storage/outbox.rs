//! Submissions waiting for the BFF's confirmation. An entry holds the whole request and
//! the draft's idempotency key, and leaves only when the BFF has answered with a receipt
//! (or refused the request for good). While it waits it holds the contact details too:
//! a retry must send exactly the same request, or the BFF could not tell it from a new one.

use super::device::{LocalStorage, Storage};
use api::NewRequest;
use serde::{Deserialize, Serialize};

pub const KEY: &str = "huiyin.outbox";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub key: String,
    pub request: NewRequest,
    pub service_name: String,
    pub queued_at: f64,
}

pub fn list() -> Vec<OutboxEntry> {
    LocalStorage::get(KEY).unwrap_or_default()
}

pub fn find(key: &str) -> Option<OutboxEntry> {
    list().into_iter().find(|e| e.key == key)
}

/// Queues the entry, replacing one with the same key.
pub fn put(entry: OutboxEntry) -> bool {
    let mut entries = list();
    entries.retain(|e| e.key != entry.key);
    entries.push(entry);
    LocalStorage::set(KEY, entries).is_ok()
}

pub fn remove(key: &str) {
    let mut entries = list();
    entries.retain(|e| e.key != key);
    let _ = LocalStorage::set(KEY, entries);
}
