use api::{AttributeAnswer, Contact, Location};
use std::collections::BTreeMap;

/// A case to file, in the upstream's terms.
#[derive(Clone, Debug)]
pub struct CityFiling {
    pub service_code: String,
    pub description: String,
    pub location: Location,
    pub attributes: BTreeMap<String, AttributeAnswer>,
    pub media_urls: Vec<String>,
    pub contact: Option<Contact>,
    /// `web` from a resident's device, `window` from a service-window clerk.
    pub channel: &'static str,
    pub clerk_id: Option<String>,
    /// At a window: how the privacy notice was read to the resident who agreed to it.
    pub consent_read_out: Option<api::ConsentReadOut>,
    pub locale: api::Locale,
    /// The attempt's token: random, the same for every POST of one idempotency key, sent as
    /// `Idempotency-Key` and GeoReport v2's `device_id`.
    pub submission_token: String,
}

/// How the BFF learns whether an attempt whose answer was lost made a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum UpstreamLookup {
    /// The upstream honours `Idempotency-Key`: a POST repeated with the token answers the
    /// case the first one made, and makes none of its own (the sandbox does).
    IdempotencyKey,
    /// GeoReport v2 `GET requests` by service and time window, matched on the exact
    /// description and location sent (and `device_id` where the upstream shows it).
    Search,
    /// No way to tell: the resident is told the city may have it and how to check.
    None,
}

/// What the upstream answered when a case was filed.
#[derive(Clone, Debug)]
pub struct FiledCase {
    pub case_id: String,
}

/// One event of a case (an Open311 extension note).
#[derive(Clone, Debug, PartialEq)]
pub struct CaseNote {
    pub at: String,
    pub stage: Option<String>,
    pub kind: Option<String>,
    pub department: Option<String>,
    pub description: Option<String>,
}

/// A case as read from the upstream, tolerant of what real servers leave out.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseRecord {
    pub id: String,
    pub service_code: String,
    pub service_name: Option<String>,
    /// Open311 `open` or `closed`.
    pub closed: bool,
    pub status_notes: Option<String>,
    pub agency_responsible: Option<String>,
    pub requested_at: String,
    pub updated_at: Option<String>,
    pub expected_at: Option<String>,
    /// From `extended_attributes.stage`, when the upstream has the extension.
    pub stage: Option<String>,
    pub rating: Option<u8>,
    pub phone: Option<String>,
    pub notes: Vec<CaseNote>,
}

/// A resident's action, as the upstream's extension endpoints take it.
#[derive(Clone, Debug)]
pub enum ResidentAction {
    AddInfo { text: String },
    Urge { note: Option<String> },
    Withdraw { reason: Option<String> },
    Rate { rating: u8, comment: Option<String> },
}

impl ResidentAction {
    pub fn endpoint(&self) -> &'static str {
        match self {
            ResidentAction::AddInfo { .. } => "info",
            ResidentAction::Urge { .. } => "urge",
            ResidentAction::Withdraw { .. } => "withdraw",
            ResidentAction::Rate { .. } => "rating",
        }
    }
}
