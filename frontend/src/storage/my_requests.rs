//! "My requests": the cases filed from this device, with what is needed to follow them.

use super::device::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

pub const KEY: &str = "huiyin.my-requests";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedCase {
    pub case_id: String,
    pub query_code: String,
    pub service_code: String,
    pub service_name: String,
    pub due_date: Option<String>,
    pub filed_at: f64,
    /// The idempotency key it was sent with, so a page waiting for that submission finds
    /// its receipt after a reload.
    #[serde(default)]
    pub sent_with_key: Option<String>,
}

/// Newest first.
pub fn list() -> Vec<SavedCase> {
    LocalStorage::get(KEY).unwrap_or_default()
}

pub fn add(case: SavedCase) {
    let mut cases = list();
    cases.retain(|c| c.case_id != case.case_id);
    cases.insert(0, case);
    let _ = LocalStorage::set(KEY, cases);
}

pub fn find(case_id: &str) -> Option<SavedCase> {
    list().into_iter().find(|c| c.case_id == case_id)
}

pub fn find_by_key(key: &str) -> Option<SavedCase> {
    list()
        .into_iter()
        .find(|c| c.sent_with_key.as_deref() == Some(key))
}

pub fn remove(case_id: &str) {
    let mut cases = list();
    cases.retain(|c| c.case_id != case_id);
    let _ = LocalStorage::set(KEY, cases);
}
