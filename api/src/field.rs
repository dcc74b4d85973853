//! The fields of the contract that an error can name: one type for both sides, so a
//! step, an error's link and a "too long" limit are matched on the field, not on a string.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field of a request (or of a case action) that an error names. It travels as its
/// name: `description`, `address`, `location`, `media`, `contact.name`, `contact.phone`,
/// `contact.email`, `consent`, `consent_read_out`, `service_code`, `attribute.<CODE>`, and
/// for a case's actions `text`, `note`, `rating`, `comment`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    ServiceCode,
    Description,
    /// The address typed by the resident.
    Address,
    /// The position from the device (or the place as a whole, when the city names it).
    Location,
    Media,
    ContactName,
    ContactPhone,
    ContactEmail,
    Consent,
    /// At a service window: how the privacy notice reached the resident.
    ConsentReadOut,
    /// One of the service's own questions.
    Attribute(AttributeField),
    /// The words added to a case (`info`).
    Text,
    /// The note of an urge or a withdrawal.
    Note,
    Rating,
    Comment,
}

/// The name of a service question's field, `attribute.<CODE>`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AttributeField(String);

const ATTRIBUTE_PREFIX: &str = "attribute.";

impl AttributeField {
    /// The question's attribute code.
    pub fn code(&self) -> &str {
        &self.0[ATTRIBUTE_PREFIX.len()..]
    }
}

impl Field {
    /// Every field with a fixed name (all but the service's questions).
    pub const NAMED: &'static [Field] = &[
        Field::ServiceCode,
        Field::Description,
        Field::Address,
        Field::Location,
        Field::Media,
        Field::ContactName,
        Field::ContactPhone,
        Field::ContactEmail,
        Field::Consent,
        Field::ConsentReadOut,
        Field::Text,
        Field::Note,
        Field::Rating,
        Field::Comment,
    ];

    /// The field of the service's question `code`.
    pub fn attribute(code: &str) -> Field {
        Field::Attribute(AttributeField(format!("{ATTRIBUTE_PREFIX}{code}")))
    }

    /// The attribute code, when this is one of the service's questions.
    pub fn attribute_code(&self) -> Option<&str> {
        match self {
            Field::Attribute(attribute) => Some(attribute.code()),
            _ => None,
        }
    }

    /// The name it travels as.
    pub fn as_str(&self) -> &str {
        match self {
            Field::ServiceCode => "service_code",
            Field::Description => "description",
            Field::Address => "address",
            Field::Location => "location",
            Field::Media => "media",
            Field::ContactName => "contact.name",
            Field::ContactPhone => "contact.phone",
            Field::ContactEmail => "contact.email",
            Field::Consent => "consent",
            Field::ConsentReadOut => "consent_read_out",
            Field::Attribute(attribute) => &attribute.0,
            Field::Text => "text",
            Field::Note => "note",
            Field::Rating => "rating",
            Field::Comment => "comment",
        }
    }

    /// The field a name stands for; `None` for a name the contract does not have.
    pub fn parse(name: &str) -> Option<Field> {
        if let Some(code) = name.strip_prefix(ATTRIBUTE_PREFIX) {
            return (!code.is_empty()).then(|| Field::attribute(code));
        }
        Field::NAMED.iter().find(|f| f.as_str() == name).cloned()
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Field {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Field {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Field, D::Error> {
        let name = String::deserialize(deserializer)?;
        Field::parse(&name)
            .ok_or_else(|| serde::de::Error::custom(format_args!("unknown field `{name}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_travels_as_its_name() {
        for field in Field::NAMED
            .iter()
            .cloned()
            .chain([Field::attribute("noise_source")])
        {
            let json = serde_json::to_string(&field).unwrap();
            assert_eq!(json, format!("\"{}\"", field.as_str()));
            assert_eq!(serde_json::from_str::<Field>(&json).unwrap(), field);
        }
        assert_eq!(Field::attribute("noise_source"), "attribute.noise_source");
        assert_eq!(
            Field::parse("attribute.noise_source")
                .unwrap()
                .attribute_code(),
            Some("noise_source")
        );
        assert_eq!(Field::parse("contact.fax"), None);
        assert_eq!(Field::parse("attribute."), None);
    }

    /// Every named field is in `NAMED` (so it can be read back): a new variant must be
    /// added to both, and this match makes the compiler point at it.
    #[test]
    fn every_named_field_can_be_read_back() {
        for field in Field::NAMED {
            match field {
                Field::ServiceCode
                | Field::Description
                | Field::Address
                | Field::Location
                | Field::Media
                | Field::ContactName
                | Field::ContactPhone
                | Field::ContactEmail
                | Field::Consent
                | Field::ConsentReadOut
                | Field::Text
                | Field::Note
                | Field::Rating
                | Field::Comment => {}
                Field::Attribute(_) => panic!("a question's field has no fixed name"),
            }
        }
        let names: std::collections::BTreeSet<&str> =
            Field::NAMED.iter().map(Field::as_str).collect();
        assert_eq!(names.len(), Field::NAMED.len(), "each name once");
    }
}
