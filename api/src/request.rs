use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Locale;

/// An answer to one attribute: one value, or several for a multi-value list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AttributeAnswer {
    One(String),
    Many(Vec<String>),
}

/// Where the matter is: an address typed by the resident, a position from the device, or both.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub long: Option<f64>,
}

/// How the case can reach the resident. Every part is optional: anonymous requests are allowed.
///
/// One `name`, as the resident writes it: a Chinese name is not split into given and family
/// names (compound surnames, minority and foreign names make any split a guess). The BFF
/// sends it to Open311 as `first_name` and leaves `last_name` empty.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// `first_name` is read too: contact details a device remembered before the rename.
    #[serde(default, alias = "first_name")]
    pub name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// `POST /api/requests` (with an `Idempotency-Key` header) takes this.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewRequest {
    pub service_code: String,
    pub description: String,
    #[serde(default)]
    pub location: Location,
    #[serde(default)]
    pub attributes: BTreeMap<String, AttributeAnswer>,
    /// URLs answered by `POST /api/media`.
    #[serde(default)]
    pub media_urls: Vec<String>,
    #[serde(default)]
    pub contact: Option<Contact>,
    /// The resident agreed to the privacy notice.
    #[serde(default)]
    pub consent: bool,
    /// At a service window: how the notice was read to the resident (required there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_read_out: Option<crate::ConsentReadOut>,
    #[serde(default)]
    pub locale: Locale,
}

/// Where a request is filed: on the resident's own device, or by a clerk at a service
/// window on the resident's behalf (recorded upstream as that channel).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Web,
    Window,
}

impl Channel {
    /// As the city's system records it.
    pub const fn token(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Window => "window",
        }
    }
}

/// What the resident keeps: how to find the case again.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub case_id: String,
    /// Needed with the case id to see or act on the case.
    pub query_code: String,
    /// The date by which the case is due (办理时限), `YYYY-MM-DD`, when the upstream says.
    pub due_date: Option<String>,
    pub service_code: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_is_one_name_and_reads_a_device_s_older_first_name() {
        let old: Contact = serde_json::from_str(
            r#"{"first_name":"欧阳小明","last_name":null,"phone":"13812345678"}"#,
        )
        .unwrap();
        assert_eq!(old.name.as_deref(), Some("欧阳小明"));
        let json = serde_json::to_value(&old).unwrap();
        assert_eq!(json["name"], "欧阳小明");
        assert!(json.get("first_name").is_none() && json.get("last_name").is_none());
    }
}
