//! One definition of every validation rule, run by the frontend as the resident types and
//! by the BFF before anything reaches the city's system.

use serde::{Deserialize, Serialize};

use crate::definition::{Datatype, ServiceDefinition};
use crate::request::{AttributeAnswer, NewRequest};

/// Limits of a request. Open311 caps `description` at 4,000 characters.
pub mod limits {
    pub const DESCRIPTION_MIN_CHARS: usize = 5;
    pub const DESCRIPTION_MAX_CHARS: usize = 4000;
    pub const ADDRESS_MAX_CHARS: usize = 200;
    pub const NAME_MAX_CHARS: usize = 50;
    pub const EMAIL_MAX_CHARS: usize = 254;
    pub const ATTRIBUTE_MAX_CHARS: usize = 1000;
    pub const MEDIA_MAX_COUNT: usize = 6;
    pub const INFO_MAX_CHARS: usize = 2000;
    pub const COMMENT_MAX_CHARS: usize = 500;
    pub const IDEMPOTENCY_KEY_MAX_CHARS: usize = 100;
    pub const QUERY_CODE_CHARS: usize = 8;
}

/// Why a field is refused; the frontend says it in words (`field-error-<code>`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldErrorCode {
    Required,
    TooShort,
    TooLong,
    NotANumber,
    NotADatetime,
    NotAnOption,
    InvalidPhone,
    InvalidEmail,
    InvalidLocation,
    TooMany,
    ConsentRequired,
    OutOfRange,
    Unknown,
    /// A photo the request names is no longer kept (uploaded too long ago and never filed).
    PhotoGone,
    /// The city's system refused what this field holds; `upstream_message` says why.
    RefusedByCity,
    /// A photo address that is not one this site gave out (only our own uploads may be
    /// named: the city's system fetches each one).
    NotOurPhoto,
}

impl FieldErrorCode {
    pub const ALL: &'static [FieldErrorCode] = &[
        FieldErrorCode::Required,
        FieldErrorCode::TooShort,
        FieldErrorCode::TooLong,
        FieldErrorCode::NotANumber,
        FieldErrorCode::NotADatetime,
        FieldErrorCode::NotAnOption,
        FieldErrorCode::InvalidPhone,
        FieldErrorCode::InvalidEmail,
        FieldErrorCode::InvalidLocation,
        FieldErrorCode::TooMany,
        FieldErrorCode::ConsentRequired,
        FieldErrorCode::OutOfRange,
        FieldErrorCode::Unknown,
        FieldErrorCode::PhotoGone,
        FieldErrorCode::RefusedByCity,
        FieldErrorCode::NotOurPhoto,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            FieldErrorCode::Required => "required",
            FieldErrorCode::TooShort => "too_short",
            FieldErrorCode::TooLong => "too_long",
            FieldErrorCode::NotANumber => "not_a_number",
            FieldErrorCode::NotADatetime => "not_a_datetime",
            FieldErrorCode::NotAnOption => "not_an_option",
            FieldErrorCode::InvalidPhone => "invalid_phone",
            FieldErrorCode::InvalidEmail => "invalid_email",
            FieldErrorCode::InvalidLocation => "invalid_location",
            FieldErrorCode::TooMany => "too_many",
            FieldErrorCode::ConsentRequired => "consent_required",
            FieldErrorCode::OutOfRange => "out_of_range",
            FieldErrorCode::Unknown => "unknown",
            FieldErrorCode::PhotoGone => "photo_gone",
            FieldErrorCode::RefusedByCity => "refused_by_city",
            FieldErrorCode::NotOurPhoto => "not_our_photo",
        }
    }
}

/// A field in error. `field` is `description`, `address`, `location`, `media`,
/// `contact.name`, `contact.phone`, `contact.email`, `consent`,
/// or `attribute.<CODE>`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: FieldErrorCode,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: FieldErrorCode) -> FieldError {
        FieldError {
            field: field.into(),
            code,
        }
    }
}

fn chars(text: &str) -> usize {
    text.trim().chars().count()
}

/// A mainland mobile (11 digits starting with 1) or a landline with area code
/// (e.g. 021-12345678), spaces and dashes allowed.
pub fn is_valid_phone(phone: &str) -> bool {
    let digits: String = phone.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let mobile = digits.len() == 11 && digits.starts_with('1');
    let landline = digits.starts_with('0') && (10..=12).contains(&digits.len());
    mobile || landline
}

pub fn is_valid_email(email: &str) -> bool {
    let email = email.trim();
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
        && email.chars().count() <= limits::EMAIL_MAX_CHARS
}

/// `YYYY-MM-DDTHH:MM` with optional seconds and offset, or a plain date.
pub fn is_valid_datetime(text: &str) -> bool {
    let text = text.trim();
    let (date, time) = text.split_once('T').unwrap_or((text, ""));
    let date_ok = {
        let parts: Vec<&str> = date.split('-').collect();
        parts.len() == 3
            && parts[0].len() == 4
            && parts[1].len() == 2
            && parts[2].len() == 2
            && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
            && (1..=12).contains(&parts[1].parse::<u32>().unwrap_or(0))
            && (1..=31).contains(&parts[2].parse::<u32>().unwrap_or(0))
    };
    let time_ok = time.is_empty() || {
        let clock: String = time
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ':')
            .collect();
        let parts: Vec<&str> = clock.split(':').collect();
        (2..=3).contains(&parts.len())
            && parts.iter().all(|p| p.len() == 2)
            && parts[0].parse::<u32>().is_ok_and(|h| h < 24)
            && parts[1].parse::<u32>().is_ok_and(|m| m < 60)
    };
    date_ok && time_ok
}

/// Every rule a new request must meet for its service. Empty when it may be filed.
pub fn validate_request(request: &NewRequest, service: &ServiceDefinition) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let description = chars(&request.description);
    if description == 0 {
        errors.push(FieldError::new("description", FieldErrorCode::Required));
    } else if description < limits::DESCRIPTION_MIN_CHARS {
        errors.push(FieldError::new("description", FieldErrorCode::TooShort));
    } else if description > limits::DESCRIPTION_MAX_CHARS {
        errors.push(FieldError::new("description", FieldErrorCode::TooLong));
    }
    validate_location(request, &mut errors);
    for attribute in service.attributes.iter().filter(|a| a.variable) {
        let field = format!("attribute.{}", attribute.code);
        let answer = request.attributes.get(&attribute.code);
        let values: Vec<&str> = match answer {
            None => Vec::new(),
            Some(AttributeAnswer::One(value)) => vec![value.as_str()],
            Some(AttributeAnswer::Many(values)) => values.iter().map(String::as_str).collect(),
        };
        let values: Vec<&str> = values
            .into_iter()
            .filter(|v| !v.trim().is_empty())
            .collect();
        if values.is_empty() {
            if attribute.required {
                errors.push(FieldError::new(field, FieldErrorCode::Required));
            }
            continue;
        }
        if values.len() > 1 && attribute.datatype != Datatype::MultiValueList {
            errors.push(FieldError::new(field, FieldErrorCode::TooMany));
            continue;
        }
        let problem = values.iter().find_map(|value| match attribute.datatype {
            Datatype::Number => value
                .trim()
                .parse::<f64>()
                .map_or(Some(FieldErrorCode::NotANumber), |n| {
                    (!n.is_finite()).then_some(FieldErrorCode::NotANumber)
                }),
            Datatype::Datetime => {
                (!is_valid_datetime(value)).then_some(FieldErrorCode::NotADatetime)
            }
            Datatype::SingleValueList | Datatype::MultiValueList => {
                (!attribute.values.iter().any(|v| v.key == *value))
                    .then_some(FieldErrorCode::NotAnOption)
            }
            Datatype::String | Datatype::Text => {
                (chars(value) > limits::ATTRIBUTE_MAX_CHARS).then_some(FieldErrorCode::TooLong)
            }
        });
        if let Some(code) = problem {
            errors.push(FieldError::new(field, code));
        }
    }
    for code in request.attributes.keys() {
        if !service.attributes.iter().any(|a| &a.code == code) {
            errors.push(FieldError::new(
                format!("attribute.{code}"),
                FieldErrorCode::Unknown,
            ));
        }
    }
    if request.media_urls.len() > limits::MEDIA_MAX_COUNT {
        errors.push(FieldError::new("media", FieldErrorCode::TooMany));
    }
    if let Some(contact) = &request.contact {
        if contact
            .name
            .as_deref()
            .is_some_and(|v| chars(v) > limits::NAME_MAX_CHARS)
        {
            errors.push(FieldError::new("contact.name", FieldErrorCode::TooLong));
        }
        if let Some(phone) = contact.phone.as_deref().filter(|p| !p.trim().is_empty())
            && !is_valid_phone(phone)
        {
            errors.push(FieldError::new(
                "contact.phone",
                FieldErrorCode::InvalidPhone,
            ));
        }
        if let Some(email) = contact.email.as_deref().filter(|e| !e.trim().is_empty())
            && !is_valid_email(email)
        {
            errors.push(FieldError::new(
                "contact.email",
                FieldErrorCode::InvalidEmail,
            ));
        }
    }
    if !request.consent {
        errors.push(FieldError::new("consent", FieldErrorCode::ConsentRequired));
    }
    errors
}

fn validate_location(request: &NewRequest, errors: &mut Vec<FieldError>) {
    let location = &request.location;
    let address = location.address.as_deref().map(chars).unwrap_or(0);
    if address > limits::ADDRESS_MAX_CHARS {
        errors.push(FieldError::new("address", FieldErrorCode::TooLong));
    }
    match (location.lat, location.long) {
        (Some(lat), Some(long)) => {
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&long) {
                errors.push(FieldError::new("location", FieldErrorCode::InvalidLocation));
            }
        }
        (None, None) => {
            if address == 0 {
                errors.push(FieldError::new("address", FieldErrorCode::Required));
            }
        }
        _ => errors.push(FieldError::new("location", FieldErrorCode::InvalidLocation)),
    }
}

/// A rating is 1 to 5 stars.
pub fn validate_rating(rating: u8, comment: Option<&str>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if !(1..=5).contains(&rating) {
        errors.push(FieldError::new("rating", FieldErrorCode::OutOfRange));
    }
    if comment.is_some_and(|c| chars(c) > limits::COMMENT_MAX_CHARS) {
        errors.push(FieldError::new("comment", FieldErrorCode::TooLong));
    }
    errors
}

/// Information added to a case, or a note with an urge.
pub fn validate_text(field: &str, text: &str, required: bool) -> Vec<FieldError> {
    let length = chars(text);
    if length == 0 && required {
        vec![FieldError::new(field, FieldErrorCode::Required)]
    } else if length > limits::INFO_MAX_CHARS {
        vec![FieldError::new(field, FieldErrorCode::TooLong)]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::definition::{Attribute, AttributeValue};
    use crate::request::{Contact, Location};

    fn attribute(code: &str, datatype: Datatype, required: bool) -> Attribute {
        Attribute {
            code: code.to_owned(),
            label: code.to_owned(),
            hint: None,
            datatype,
            required,
            variable: true,
            order: 1,
            values: vec![
                AttributeValue {
                    key: "a".into(),
                    name: "A".into(),
                },
                AttributeValue {
                    key: "b".into(),
                    name: "B".into(),
                },
            ],
        }
    }

    fn service() -> ServiceDefinition {
        ServiceDefinition {
            code: "noise".into(),
            name: "Noise".into(),
            description: String::new(),
            category: None,
            kind: None,
            time_limit_days: None,
            attributes: vec![
                attribute("floor", Datatype::Number, true),
                attribute("when", Datatype::Datetime, false),
                attribute("source", Datatype::SingleValueList, true),
                attribute("days", Datatype::MultiValueList, false),
                attribute("extra", Datatype::Text, false),
            ],
        }
    }

    fn request() -> NewRequest {
        let mut attributes = BTreeMap::new();
        attributes.insert("floor".into(), AttributeAnswer::One("3".into()));
        attributes.insert("source".into(), AttributeAnswer::One("a".into()));
        attributes.insert(
            "days".into(),
            AttributeAnswer::Many(vec!["a".into(), "b".into()]),
        );
        NewRequest {
            service_code: "noise".into(),
            description: "楼上夜间装修噪音很大".into(),
            location: Location {
                address: Some("人民路 1 号".into()),
                lat: None,
                long: None,
            },
            attributes,
            media_urls: Vec::new(),
            contact: Some(Contact {
                phone: Some("13812341234".into()),
                ..Contact::default()
            }),
            consent: true,
            consent_read_out: None,
            locale: crate::Locale::ZhCn,
        }
    }

    fn codes(errors: &[FieldError]) -> Vec<(&str, FieldErrorCode)> {
        errors.iter().map(|e| (e.field.as_str(), e.code)).collect()
    }

    #[test]
    fn a_complete_request_passes() {
        assert_eq!(validate_request(&request(), &service()), vec![]);
    }

    #[test]
    fn each_datatype_is_checked() {
        let mut bad = request();
        bad.attributes
            .insert("floor".into(), AttributeAnswer::One("three".into()));
        bad.attributes
            .insert("when".into(), AttributeAnswer::One("yesterday".into()));
        bad.attributes
            .insert("source".into(), AttributeAnswer::One("z".into()));
        bad.attributes.insert(
            "extra".into(),
            AttributeAnswer::One("x".repeat(limits::ATTRIBUTE_MAX_CHARS + 1)),
        );
        bad.attributes
            .insert("nope".into(), AttributeAnswer::One("1".into()));
        assert_eq!(
            codes(&validate_request(&bad, &service())),
            vec![
                ("attribute.floor", FieldErrorCode::NotANumber),
                ("attribute.when", FieldErrorCode::NotADatetime),
                ("attribute.source", FieldErrorCode::NotAnOption),
                ("attribute.extra", FieldErrorCode::TooLong),
                ("attribute.nope", FieldErrorCode::Unknown),
            ]
        );
    }

    #[test]
    fn required_fields_location_contact_and_consent() {
        let mut bad = request();
        bad.description = "  ".into();
        bad.attributes.clear();
        bad.location = Location::default();
        bad.contact = Some(Contact {
            name: Some("王".repeat(limits::NAME_MAX_CHARS + 1)),
            phone: Some("12345".into()),
            email: Some("not-an-email".into()),
        });
        bad.consent = false;
        assert_eq!(
            codes(&validate_request(&bad, &service())),
            vec![
                ("description", FieldErrorCode::Required),
                ("address", FieldErrorCode::Required),
                ("attribute.floor", FieldErrorCode::Required),
                ("attribute.source", FieldErrorCode::Required),
                ("contact.name", FieldErrorCode::TooLong),
                ("contact.phone", FieldErrorCode::InvalidPhone),
                ("contact.email", FieldErrorCode::InvalidEmail),
                ("consent", FieldErrorCode::ConsentRequired),
            ]
        );
    }

    #[test]
    fn a_position_alone_is_a_location() {
        let mut good = request();
        good.location = Location {
            address: None,
            lat: Some(31.23),
            long: Some(121.47),
        };
        assert_eq!(validate_request(&good, &service()), vec![]);
        good.location.long = None;
        assert_eq!(
            codes(&validate_request(&good, &service())),
            vec![("location", FieldErrorCode::InvalidLocation)]
        );
    }

    #[test]
    fn description_limits_count_characters_not_bytes() {
        let mut text = request();
        text.description = "噪".repeat(limits::DESCRIPTION_MAX_CHARS);
        assert_eq!(validate_request(&text, &service()), vec![]);
        text.description.push('音');
        assert_eq!(
            codes(&validate_request(&text, &service())),
            vec![("description", FieldErrorCode::TooLong)]
        );
        text.description = "噪音".into();
        assert_eq!(
            codes(&validate_request(&text, &service())),
            vec![("description", FieldErrorCode::TooShort)]
        );
    }

    #[test]
    fn phones_emails_and_datetimes() {
        assert!(is_valid_phone("138 1234 1234"));
        assert!(is_valid_phone("021-55556666"));
        assert!(!is_valid_phone("2381234123"));
        assert!(!is_valid_phone("1381234123a"));
        assert!(is_valid_email("a@b.cn"));
        assert!(!is_valid_email("a@b"));
        assert!(is_valid_datetime("2026-11-28T09:30"));
        assert!(is_valid_datetime("2026-11-28T09:30:00+08:00"));
        assert!(is_valid_datetime("2026-11-28"));
        assert!(!is_valid_datetime("2026-13-28"));
        assert!(!is_valid_datetime("2026-11-28T25:00"));
    }

    #[test]
    fn ratings_are_one_to_five() {
        assert!(validate_rating(5, None).is_empty());
        assert_eq!(validate_rating(0, None)[0].code, FieldErrorCode::OutOfRange);
        assert_eq!(validate_rating(6, None)[0].code, FieldErrorCode::OutOfRange);
    }
}
