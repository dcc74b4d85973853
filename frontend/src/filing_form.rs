//! Filing without JavaScript (issue 19 item 3): one plain HTML form for every question of
//! a service, posted to the BFF, then a page to check the answers, then "send". The BFF
//! answers each post with this page again (values kept, errors named) or, once filed, a
//! redirect to the receipt. This module is the one place the form's field names and their
//! reading into the contract's [`NewRequest`] are defined, for the page that draws the
//! form and the server that reads it alike.

use api::validation::{DatePart, DateTimeParts};
use api::{AttributeAnswer, Contact, Datatype, ErrorCode, FieldError, Locale, NewRequest};
use serde::{Deserialize, Serialize};

pub const DESCRIPTION: &str = "description";
pub const ADDRESS: &str = "address";
pub const CONTACT_NAME: &str = "contact-name";
pub const CONTACT_PHONE: &str = "contact-phone";
pub const CONTACT_EMAIL: &str = "contact-email";
pub const CONSENT: &str = "consent";
/// The value of the ticked consent box.
pub const CONSENT_GIVEN: &str = "yes";
/// The hidden field with the filing's idempotency key, made by the server when the form
/// is first shown: every send of this form, however often, is one filing.
pub const KEY: &str = "key";
/// The pressed button's name: what the resident asked for.
pub const ACTION: &str = "action";

/// What a post asks for (the value of the pressed button).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// From the form: check the answers and show them back.
    Check,
    /// From the check page: back to the form to change something.
    Change,
    /// From the check page (or a page that says sending stopped): file it.
    Send,
}

impl Action {
    pub const fn token(self) -> &'static str {
        match self {
            Action::Check => "check",
            Action::Change => "change",
            Action::Send => "send",
        }
    }

    pub fn parse(token: &str) -> Option<Action> {
        [Action::Check, Action::Change, Action::Send]
            .into_iter()
            .find(|a| a.token() == token)
    }
}

/// The address of a service's form.
pub fn path(service_code: &str) -> String {
    format!("/services/{service_code}/request")
}

/// The purpose a form token is bound to: this service and this filing's key, so a token
/// taken from one form sends no other.
pub fn purpose(service_code: &str, key: &str) -> String {
    format!("file:{service_code}:{key}")
}

/// The field of a service question (`attribute-<CODE>`): a text box's name, a list's
/// radios' or checkboxes' (repeated, one per ticked choice), or a date's first box.
pub fn attribute_field(code: &str) -> String {
    format!("attribute-{code}")
}

/// The first box of a date question, whose name is the question's own (the error summary
/// links to it): the first of the language's date order, as `DateTimeInput` draws it.
pub fn first_date_part(locale: Locale) -> DatePart {
    crate::components::date_order(locale)[0]
}

/// The name of a date question's box for `part`.
pub fn date_part_field(code: &str, part: DatePart, locale: Locale) -> String {
    if part == first_date_part(locale) {
        attribute_field(code)
    } else {
        format!("attribute-{code}-{}", part.token())
    }
}

/// What the server prepared for the form's page: the stage, what the resident typed, what
/// to fix, and the hidden key and token.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FilingForm {
    pub service_code: String,
    pub stage: Stage,
    /// The posted fields as typed (name, value), the hidden ones left out.
    #[serde(default)]
    pub values: Vec<(String, String)>,
    #[serde(default)]
    pub errors: Vec<FieldError>,
    pub key: String,
    pub token: String,
    /// The page stayed open too long: shown again, to be sent once more.
    #[serde(default)]
    pub expired: bool,
    /// What stopped the sending, on the stages that say so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<ErrorCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_message: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The questions, blank or with what was typed and what to fix.
    #[default]
    Form,
    /// The answers read back, with "send" and "change".
    Check,
    /// Not sent, or not known to be: sending again with the same key is safe.
    Stopped,
    /// Refused: the answers must change, or the resident must ask 12345.
    Refused,
    /// Posted from elsewhere, or with a token not ours: nothing was done.
    Forged,
    /// The service could not be read from the city's system.
    Unavailable,
}

impl FilingForm {
    /// Every value of field `name`, in the order posted.
    pub fn all(&self, name: &str) -> Vec<String> {
        values_of(&self.values, name)
    }

    /// The first value of field `name`, or empty.
    pub fn one(&self, name: &str) -> String {
        first_of(&self.values, name)
    }
}

fn values_of(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .collect()
}

fn first_of(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// A date question's boxes as posted.
pub fn date_parts(pairs: &[(String, String)], code: &str, locale: Locale) -> DateTimeParts {
    let mut parts = DateTimeParts::default();
    for part in DatePart::ALL {
        parts.set(part, first_of(pairs, &date_part_field(code, part, locale)));
    }
    parts
}

/// The answer a question's posted fields make, as the app's draft keeps it (a date as
/// the boxes make it, so the check names what is missing); `None` when left empty.
pub fn answer(
    pairs: &[(String, String)],
    attribute: &api::Attribute,
    locale: Locale,
) -> Option<AttributeAnswer> {
    let field = attribute_field(&attribute.code);
    match attribute.datatype {
        Datatype::MultiValueList => {
            let chosen = values_of(pairs, &field);
            (!chosen.is_empty()).then_some(AttributeAnswer::Many(chosen))
        }
        Datatype::SingleValueList => {
            // Two values for a one-choice question are kept: the contract says "too many".
            let chosen = values_of(pairs, &field);
            match chosen.len() {
                0 => None,
                1 => chosen.into_iter().next().map(AttributeAnswer::One),
                _ => Some(AttributeAnswer::Many(chosen)),
            }
        }
        Datatype::Datetime => {
            let answer = date_parts(pairs, &attribute.code, locale).to_answer();
            (!answer.is_empty()).then_some(AttributeAnswer::One(answer))
        }
        Datatype::String | Datatype::Number | Datatype::Text => {
            let value = first_of(pairs, &field).trim().to_owned();
            (!value.is_empty()).then_some(AttributeAnswer::One(value))
        }
    }
}

/// The request the posted fields make, to be checked by the contract's own
/// `validate_request` as every filing is.
pub fn request(
    pairs: &[(String, String)],
    definition: &api::ServiceDefinition,
    locale: Locale,
) -> NewRequest {
    let attributes = definition
        .questions()
        .into_iter()
        .filter_map(|a| answer(pairs, a, locale).map(|answer| (a.code.clone(), answer)))
        .collect();
    let given = |name: &str| {
        let value = first_of(pairs, name).trim().to_owned();
        (!value.is_empty()).then_some(value)
    };
    let contact = Contact {
        name: given(CONTACT_NAME),
        phone: given(CONTACT_PHONE),
        email: given(CONTACT_EMAIL),
    };
    NewRequest {
        service_code: definition.code.clone(),
        description: first_of(pairs, DESCRIPTION).trim().to_owned(),
        location: api::Location {
            address: given(ADDRESS),
            lat: None,
            long: None,
        },
        attributes,
        media_urls: Vec::new(),
        contact: (contact != Contact::default()).then_some(contact),
        consent: first_of(pairs, CONSENT) == CONSENT_GIVEN,
        consent_read_out: None,
        locale,
    }
}

/// The posted fields worth keeping on the page: the form's own, never the hidden key,
/// token or button, nor anything else a post carried.
pub fn kept_values(
    pairs: &[(String, String)],
    definition: &api::ServiceDefinition,
    locale: Locale,
) -> Vec<(String, String)> {
    let mut names: Vec<String> = [
        DESCRIPTION,
        ADDRESS,
        CONTACT_NAME,
        CONTACT_PHONE,
        CONTACT_EMAIL,
        CONSENT,
    ]
    .map(str::to_owned)
    .to_vec();
    for question in definition.questions() {
        if question.datatype == Datatype::Datetime {
            names.extend(
                DatePart::ALL
                    .into_iter()
                    .map(|p| date_part_field(&question.code, p, locale)),
            );
        } else {
            names.push(attribute_field(&question.code));
        }
    }
    pairs
        .iter()
        .filter(|(name, _)| names.contains(name))
        .cloned()
        .collect()
}

/// A served receipt: a filing made by the form, shown from the case cookie after the
/// redirect (the query code never in the address).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServedReceipt {
    pub case_id: String,
    pub query_code: String,
    #[serde(default)]
    pub due_date: Option<String>,
    #[serde(default)]
    pub service_name: Option<String>,
    /// The service's code, which "My requests" keeps with the case once the app runs.
    #[serde(default)]
    pub service_code: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use api::{Attribute, AttributeValue, ServiceDefinition};

    fn question(code: &str, datatype: Datatype) -> Attribute {
        Attribute {
            code: code.into(),
            label: code.into(),
            hint: None,
            datatype,
            required: false,
            variable: true,
            order: 0,
            values: vec![AttributeValue {
                key: "a".into(),
                name: "A".into(),
            }],
        }
    }

    #[test]
    fn every_datatype_is_read_from_its_fields() {
        let definition = ServiceDefinition {
            code: "s".into(),
            name: "S".into(),
            description: String::new(),
            category: None,
            kind: None,
            time_limit_days: None,
            attributes: vec![
                question("many", Datatype::MultiValueList),
                question("one", Datatype::SingleValueList),
                question("when", Datatype::Datetime),
                question("n", Datatype::Number),
            ],
        };
        let pairs: Vec<(String, String)> = [
            ("attribute-many", "a"),
            ("attribute-many", "b"),
            ("attribute-one", "a"),
            ("attribute-when", "1"),
            ("attribute-when-month", "6"),
            ("attribute-when-year", "2025"),
            ("attribute-n", " 3.5 "),
            ("consent", "yes"),
            ("contact-phone", "13812345678"),
            ("key", "k"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .to_vec();
        let request = request(&pairs, &definition, Locale::En);
        assert_eq!(
            request.attributes["many"],
            AttributeAnswer::Many(vec!["a".into(), "b".into()])
        );
        assert_eq!(request.attributes["one"], AttributeAnswer::One("a".into()));
        assert_eq!(request.attributes["n"], AttributeAnswer::One("3.5".into()));
        let AttributeAnswer::One(when) = &request.attributes["when"] else {
            panic!()
        };
        assert_eq!(DateTimeParts::from_answer(when).day, "1");
        assert!(request.consent);
        assert_eq!(
            request.contact.and_then(|c| c.phone).as_deref(),
            Some("13812345678")
        );
        let kept = kept_values(&pairs, &definition, Locale::En);
        assert!(!kept.iter().any(|(n, _)| n == "key"));
        assert_eq!(kept.len(), pairs.len() - 1);
    }
}
