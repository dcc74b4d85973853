//! Query codes of cases looked up in this tab. The code is the key to a case, so it never
//! goes in the address (history, bookmarks, screenshots and shared links keep addresses);
//! a looked-up code lives in sessionStorage, which survives a reload and ends with the tab.
//! Cases filed from this device find their code in "My requests" instead.

use std::collections::BTreeMap;

use super::device::{SessionStorage, Storage};

pub const KEY: &str = "huiyin.case-codes";

pub fn remember(case_id: &str, code: &str) {
    let mut codes: BTreeMap<String, String> = SessionStorage::get(KEY).unwrap_or_default();
    codes.insert(case_id.to_owned(), code.to_owned());
    let _ = SessionStorage::set(KEY, codes);
}

/// The code for a case: from "My requests", else from a lookup in this tab.
pub fn code_for(case_id: &str) -> Option<String> {
    if let Some(saved) = super::my_requests::find(case_id) {
        return Some(saved.query_code);
    }
    let codes: BTreeMap<String, String> = SessionStorage::get(KEY).unwrap_or_default();
    codes.get(case_id).cloned()
}
