//! Half-written requests, one per service, saved as the resident types. A draft holds the
//! request itself; contact details live in [`super::contact`], apart from it.

use std::collections::BTreeMap;

use super::device::{LocalStorage, Storage};
use api::{AttributeAnswer, ServiceDefinition};
use serde::{Deserialize, Serialize};

pub const KEY: &str = "huiyin.drafts";

/// A photo already uploaded to the BFF.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Photo {
    pub id: String,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub service_code: String,
    /// Made once, when the draft is started; every attempt to send this draft carries it,
    /// so a retry can never make a second case.
    pub idempotency_key: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub address: String,
    /// Latitude and longitude from "use my location".
    #[serde(default)]
    pub position: Option<(f64, f64)>,
    #[serde(default)]
    pub attributes: BTreeMap<String, AttributeAnswer>,
    #[serde(default)]
    pub photos: Vec<Photo>,
    #[serde(default)]
    pub consent: bool,
    /// At a service window: how the privacy notice was read to the resident.
    #[serde(default)]
    pub consent_read_out: Option<api::ConsentReadOut>,
    #[serde(default)]
    pub updated_at: f64,
    /// The service's questions as last read, so that the form still works without a
    /// connection after a reload.
    #[serde(default)]
    pub definition: Option<ServiceDefinition>,
}

impl Draft {
    pub fn new(service_code: &str) -> Draft {
        Draft {
            service_code: service_code.to_owned(),
            idempotency_key: super::random_key(),
            description: String::new(),
            address: String::new(),
            position: None,
            attributes: BTreeMap::new(),
            photos: Vec::new(),
            consent: false,
            consent_read_out: None,
            updated_at: super::now_ms(),
            definition: None,
        }
    }

    /// Whether the resident has written anything yet.
    pub fn is_started(&self) -> bool {
        !self.description.trim().is_empty()
            || !self.address.trim().is_empty()
            || self.position.is_some()
            || !self.attributes.is_empty()
            || !self.photos.is_empty()
    }

    pub fn service_name(&self) -> Option<&str> {
        self.definition.as_ref().map(|d| d.name.as_str())
    }

    /// The answer to one question as a list of values (empty when unanswered).
    pub fn values(&self, attribute: &str) -> Vec<String> {
        match self.attributes.get(attribute) {
            None => Vec::new(),
            Some(AttributeAnswer::One(value)) => vec![value.clone()],
            Some(AttributeAnswer::Many(values)) => values.clone(),
        }
    }

    /// Sets one answer; an empty one is removed, so that the draft never carries blanks.
    pub fn set_answer(&mut self, attribute: &str, answer: AttributeAnswer) {
        let empty = match &answer {
            AttributeAnswer::One(value) => value.trim().is_empty(),
            AttributeAnswer::Many(values) => values.is_empty(),
        };
        if empty {
            self.attributes.remove(attribute);
        } else {
            self.attributes.insert(attribute.to_owned(), answer);
        }
    }
}

fn all() -> BTreeMap<String, Draft> {
    LocalStorage::get(KEY).unwrap_or_default()
}

pub fn list() -> Vec<Draft> {
    let mut drafts: Vec<Draft> = all().into_values().filter(Draft::is_started).collect();
    crate::sorting::sort_by(&mut drafts, |a, b| b.updated_at.total_cmp(&a.updated_at));
    drafts
}

pub fn load(service_code: &str) -> Option<Draft> {
    all().remove(service_code)
}

/// The saved draft for the service, or a new one (not saved until something is written).
pub fn load_or_new(service_code: &str) -> Draft {
    load(service_code).unwrap_or_else(|| Draft::new(service_code))
}

/// Saves the draft; `false` when the device refused (storage full or blocked).
pub fn save(draft: &Draft) -> bool {
    let mut drafts = all();
    let mut draft = draft.clone();
    draft.updated_at = super::now_ms();
    drafts.insert(draft.service_code.clone(), draft);
    LocalStorage::set(KEY, drafts).is_ok()
}

pub fn remove(service_code: &str) {
    let mut drafts = all();
    if drafts.remove(service_code).is_some() {
        let _ = LocalStorage::set(KEY, drafts);
    }
}

/// Removes the draft only if it is the one that was sent with `key`: a draft started
/// again since then stays.
pub fn remove_sent(service_code: &str, key: &str) {
    if load(service_code).is_some_and(|d| d.idempotency_key == key) {
        remove(service_code);
    }
}
