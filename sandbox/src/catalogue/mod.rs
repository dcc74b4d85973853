//! The service catalogue: what a resident can ask for, seeded into SQLite and read back
//! in one language at a time.

mod departments;
mod seed;
mod store;

pub use departments::{DEPARTMENTS, HOTLINE};
pub use seed::{COMMON, SEED};
pub use store::{
    Attribute, Service, departments, install_seed, resolve_department, service, service_attributes,
    services,
};

/// The kind of a request: the six kinds of 12345 request, or a one-network
/// (一网通办) application. Its token is the first of a service's `keywords`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Complaint,
    Consultation,
    Help,
    Report,
    Suggestion,
    Praise,
    Application,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Complaint,
        Kind::Consultation,
        Kind::Help,
        Kind::Report,
        Kind::Suggestion,
        Kind::Praise,
        Kind::Application,
    ];

    pub const fn token(self) -> &'static str {
        match self {
            Kind::Complaint => "complaint",
            Kind::Consultation => "consultation",
            Kind::Help => "help",
            Kind::Report => "report",
            Kind::Suggestion => "suggestion",
            Kind::Praise => "praise",
            Kind::Application => "application",
        }
    }

    pub fn from_token(token: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.token() == token)
    }
}

/// Open311 attribute datatypes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Datatype {
    String,
    Number,
    Datetime,
    Text,
    SingleValueList,
    MultiValueList,
}

impl Datatype {
    pub const ALL: [Datatype; 6] = [
        Datatype::String,
        Datatype::Number,
        Datatype::Datetime,
        Datatype::Text,
        Datatype::SingleValueList,
        Datatype::MultiValueList,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Datatype::String => "string",
            Datatype::Number => "number",
            Datatype::Datetime => "datetime",
            Datatype::Text => "text",
            Datatype::SingleValueList => "singlevaluelist",
            Datatype::MultiValueList => "multivaluelist",
        }
    }

    pub fn parse(s: &str) -> Option<Datatype> {
        Datatype::ALL.into_iter().find(|d| d.as_str() == s)
    }

    pub const fn is_list(self) -> bool {
        matches!(self, Datatype::SingleValueList | Datatype::MultiValueList)
    }
}

/// Open311 service `type`: how the id of a new request is handed back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceType {
    /// The id comes back at once.
    Realtime,
    /// A token comes back, resolved to the id by `GET tokens/{token}`.
    Batch,
}

impl ServiceType {
    pub const fn as_str(self) -> &'static str {
        match self {
            ServiceType::Realtime => "realtime",
            ServiceType::Batch => "batch",
        }
    }

    pub fn parse(s: &str) -> Option<ServiceType> {
        match s {
            "realtime" => Some(ServiceType::Realtime),
            "batch" => Some(ServiceType::Batch),
            _ => None,
        }
    }
}
