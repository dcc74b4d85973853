//! One definition of every validation rule, run by the frontend as the resident types and
//! by the BFF before anything reaches the city's system.

use serde::{Deserialize, Serialize};

use crate::listed::listed;

use crate::definition::{Datatype, ServiceDefinition};
use crate::field::Field;
use crate::request::{AttributeAnswer, Channel, NewRequest};

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

listed! {
    /// Why a field is refused; the frontend says it in words (`field-error-<code>`).
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum FieldErrorCode as as_str {
        Required = "required",
        TooShort = "too_short",
        TooLong = "too_long",
        NotANumber = "not_a_number",
        NotADatetime = "not_a_datetime",
        NotAnOption = "not_an_option",
        InvalidPhone = "invalid_phone",
        InvalidEmail = "invalid_email",
        InvalidLocation = "invalid_location",
        TooMany = "too_many",
        ConsentRequired = "consent_required",
        OutOfRange = "out_of_range",
        Unknown = "unknown",
        /// A photo the request names is no longer kept (uploaded too long ago and never filed).
        PhotoGone = "photo_gone",
        /// The city's system refused what this field holds; `upstream_message` says why.
        RefusedByCity = "refused_by_city",
        /// A photo address that is not one this site gave out (only our own uploads may be
        /// named: the city's system fetches each one).
        NotOurPhoto = "not_our_photo",
    }
}

/// A field in error. `field` is `description`, `address`, `location`, `media`,
/// `contact.name`, `contact.phone`, `contact.email`, `consent`,
/// or `attribute.<CODE>`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub field: Field,
    pub code: FieldErrorCode,
}

impl FieldError {
    pub fn new(field: Field, code: FieldErrorCode) -> FieldError {
        FieldError { field, code }
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

/// A date and time the city's system can be given: see [`read_datetime`] for the forms.
pub fn is_valid_datetime(text: &str) -> bool {
    read_datetime(text, None).is_some()
}

/// The city's offset from UTC: a date and time a resident gives is the city's local time,
/// sent upstream with this offset.
pub const CITY_UTC_OFFSET: &str = "+08:00";

/// A date, and the time when one was given, as a resident meant it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CityDateTime {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    /// Hour and minute; `None` when only the day was given (a birth date).
    pub time: Option<(u32, u32)>,
    /// The offset when the text carried one (`+08:00`, `+00:00`); else the city's.
    offset: Option<String>,
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl CityDateTime {
    /// `None` unless it is a real day (no 30 February) and a real time of day.
    pub fn new(year: i32, month: u32, day: u32, time: Option<(u32, u32)>) -> Option<Self> {
        let day_ok = (1900..=2100).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day);
        let time_ok = time.is_none_or(|(h, m)| h < 24 && m < 60);
        (day_ok && time_ok).then_some(CityDateTime {
            year,
            month,
            day,
            time,
            offset: None,
        })
    }

    /// As the draft keeps it: `2025-06-01T20:30:00+08:00`, or `2025-06-01` for a day alone.
    pub fn answer(&self) -> String {
        match self.time {
            Some(_) => self.upstream(),
            None => format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }

    /// As the city's system gets it: ISO 8601 with the offset, always with a time (a day
    /// alone is its first minute).
    pub fn upstream(&self) -> String {
        let (hour, minute) = self.time.unwrap_or((0, 0));
        format!(
            "{:04}-{:02}-{:02}T{hour:02}:{minute:02}:00{}",
            self.year,
            self.month,
            self.day,
            self.offset.as_deref().unwrap_or(CITY_UTC_OFFSET)
        )
    }
}

/// `z`, `+08:00` or `+0800` at the end of an ISO 8601 time (lower-cased), split off and
/// written `+08:00`.
fn split_offset(text: &str) -> Option<(&str, Option<String>)> {
    let Some((_, time)) = text.split_once('t') else {
        return Some((text, None));
    };
    if let Some(rest) = text.strip_suffix('z') {
        return Some((rest, Some("+00:00".into())));
    }
    let Some(sign_at) = time.rfind(['+', '-']) else {
        return Some((text, None));
    };
    let at = text.len() - time.len() + sign_at;
    let (rest, offset) = text.split_at(at);
    let digits: String = offset[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((
        rest,
        Some(format!("{}{}:{}", &offset[..1], &digits[..2], &digits[2..])),
    ))
}

/// Words for the part of the day, and whether they mean after noon (`中午` is noon).
const DAY_PARTS: &[(&str, Option<bool>)] = &[
    ("凌晨", Some(false)),
    ("早上", Some(false)),
    ("早晨", Some(false)),
    ("上午", Some(false)),
    ("中午", None),
    ("下午", Some(true)),
    ("傍晚", Some(true)),
    ("晚上", Some(true)),
    ("夜里", Some(true)),
    ("夜間", Some(true)),
    ("夜间", Some(true)),
    ("a.m.", Some(false)),
    ("p.m.", Some(true)),
    ("am", Some(false)),
    ("pm", Some(true)),
];

/// A date and time as people write them: `2025-06-01T20:30:00+08:00`, `2025-06-01 20:30`,
/// `2025/6/1 20:30`, `2025.6.1`, `2025年6月1日 20时30分`, `6月1日晚上8点半`. `this_year`
/// fills in a year left out (the BFF passes none: a request must say its year).
pub fn read_datetime(text: &str, this_year: Option<i32>) -> Option<CityDateTime> {
    let text: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '：' => ':',
            '／' => '/',
            '－' => '-',
            '　' => ' ',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let (text, offset) = split_offset(&text)?;
    let mut afternoon = None::<Option<bool>>;
    let mut plain = text.replace('t', " ");
    for (word, after_noon) in DAY_PARTS {
        if plain.contains(word) {
            afternoon = Some(*after_noon);
            plain = plain.replace(word, " ");
        }
    }
    let plain = plain
        .replace(['年', '月', '/', '.'], "-")
        .replace(['日', '号', '號'], " ")
        .replace(['点', '點', '时', '時'], ":")
        .replace('半', "30")
        .replace('分', "")
        .replace(',', " ");
    let mut date = None;
    let mut time = None;
    for token in plain.split_whitespace() {
        let token = token.trim_matches('-');
        if token.contains(':') && time.is_none() {
            time = Some(token);
        } else if token.contains('-') && date.is_none() {
            date = Some(token);
        } else if !token.is_empty() {
            return None;
        }
    }
    let number = |part: &str| -> Option<u32> {
        (!part.is_empty() && part.len() <= 4 && part.chars().all(|c| c.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let parts: Vec<&str> = date?.split('-').collect();
    let (year, month, day) = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => (number(y)? as i32, number(m)?, number(d)?),
        [m, d] => (this_year?, number(m)?, number(d)?),
        _ => return None,
    };
    let time = match time {
        None => None,
        Some(clock) => {
            let pieces: Vec<&str> = clock.split(':').collect();
            let (hour, minute) = match pieces.as_slice() {
                [h] | [h, ""] => (number(h)?, 0),
                [h, m] | [h, m, _] => (number(h)?, number(m)?),
                _ => return None,
            };
            let hour = match afternoon {
                Some(Some(true)) if hour < 12 => hour + 12,
                Some(Some(false)) if hour == 12 => 0,
                Some(None) if hour < 6 => hour + 12,
                _ => hour,
            };
            Some((hour, minute))
        }
    };
    let mut reading = CityDateTime::new(year, month, day, time)?;
    reading.offset = offset.filter(|o| o != CITY_UTC_OFFSET);
    Some(reading)
}

/// One box of the date-and-time question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatePart {
    Year,
    Month,
    Day,
    Hour,
    Minute,
}

impl DatePart {
    pub const ALL: [DatePart; 5] = [
        DatePart::Year,
        DatePart::Month,
        DatePart::Day,
        DatePart::Hour,
        DatePart::Minute,
    ];

    pub const fn token(self) -> &'static str {
        match self {
            DatePart::Year => "year",
            DatePart::Month => "month",
            DatePart::Day => "day",
            DatePart::Hour => "hour",
            DatePart::Minute => "minute",
        }
    }
}

/// Between the boxes of an answer not yet a date (a control character nobody types), so
/// what was typed in each box is kept as typed.
const PART_SEPARATOR: char = '\u{1f}';

/// What a resident typed into the boxes of a date-and-time question, kept in the answer:
/// the date itself once the boxes make one, else the boxes as typed, so nothing is lost
/// and the check names what is missing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DateTimeParts {
    pub year: String,
    pub month: String,
    pub day: String,
    pub hour: String,
    pub minute: String,
}

impl DateTimeParts {
    pub fn from_answer(answer: &str) -> DateTimeParts {
        if answer.contains(PART_SEPARATOR) {
            let mut boxes = answer.split(PART_SEPARATOR).map(str::to_owned);
            let mut next = || boxes.next().unwrap_or_default();
            return DateTimeParts {
                year: next(),
                month: next(),
                day: next(),
                hour: next(),
                minute: next(),
            };
        }
        match read_datetime(answer, None) {
            Some(reading) => DateTimeParts::of(&reading),
            // Words from before there were boxes: kept in the first, to be put right.
            None => DateTimeParts {
                year: answer.to_owned(),
                ..DateTimeParts::default()
            },
        }
    }

    pub fn of(reading: &CityDateTime) -> DateTimeParts {
        let (hour, minute) = match reading.time {
            Some((h, m)) => (h.to_string(), format!("{m:02}")),
            None => (String::new(), String::new()),
        };
        DateTimeParts {
            year: reading.year.to_string(),
            month: reading.month.to_string(),
            day: reading.day.to_string(),
            hour,
            minute,
        }
    }

    pub fn get(&self, part: DatePart) -> &str {
        match part {
            DatePart::Year => &self.year,
            DatePart::Month => &self.month,
            DatePart::Day => &self.day,
            DatePart::Hour => &self.hour,
            DatePart::Minute => &self.minute,
        }
    }

    pub fn set(&mut self, part: DatePart, value: String) {
        let slot = match part {
            DatePart::Year => &mut self.year,
            DatePart::Month => &mut self.month,
            DatePart::Day => &mut self.day,
            DatePart::Hour => &mut self.hour,
            DatePart::Minute => &mut self.minute,
        };
        *slot = value;
    }

    pub fn is_empty(&self) -> bool {
        DatePart::ALL.iter().all(|p| self.get(*p).trim().is_empty())
    }

    /// The boxes still empty that the answer needs: the day's three, and the hour when a
    /// minute is given (a minute left out with an hour is on the hour).
    pub fn missing(&self) -> Vec<DatePart> {
        let empty = |p: DatePart| self.get(p).trim().is_empty();
        let mut missing: Vec<DatePart> = [DatePart::Year, DatePart::Month, DatePart::Day]
            .into_iter()
            .filter(|p| empty(*p))
            .collect();
        if empty(DatePart::Hour) && !empty(DatePart::Minute) {
            missing.push(DatePart::Hour);
        }
        missing
    }

    /// The date and time the boxes make, when they make a real one.
    pub fn reading(&self) -> Option<CityDateTime> {
        if !self.missing().is_empty() {
            return None;
        }
        let number = |p: DatePart| {
            let text = self.get(p).trim();
            (text.len() <= 4 && text.chars().all(|c| c.is_ascii_digit()))
                .then(|| text.parse::<u32>().ok())
                .flatten()
        };
        let time = match (self.hour.trim().is_empty(), self.minute.trim().is_empty()) {
            (true, _) => None,
            (false, true) => Some((number(DatePart::Hour)?, 0)),
            (false, false) => Some((number(DatePart::Hour)?, number(DatePart::Minute)?)),
        };
        let year = number(DatePart::Year).filter(|_| self.year.trim().len() == 4)?;
        CityDateTime::new(
            year as i32,
            number(DatePart::Month)?,
            number(DatePart::Day)?,
            time,
        )
    }

    /// The answer to keep: empty, the date itself, or the boxes as typed.
    pub fn to_answer(&self) -> String {
        if self.is_empty() {
            return String::new();
        }
        match self.reading() {
            Some(reading) => reading.answer(),
            None => DatePart::ALL
                .iter()
                .map(|p| self.get(*p).replace(PART_SEPARATOR, ""))
                .collect::<Vec<_>>()
                .join(&PART_SEPARATOR.to_string()),
        }
    }
}

/// A date and time answer in the form Open311 servers read: ISO 8601 with an offset.
/// `None` when it cannot be read (validation has already refused it).
pub fn datetime_for_upstream(answer: &str) -> Option<String> {
    read_datetime(answer, None).map(|r| r.upstream())
}

/// The answers as the city's system gets them: a date and time in ISO 8601 with the
/// offset, however the resident wrote it; every other answer as given.
pub fn answers_for_upstream(
    request: &NewRequest,
    service: &ServiceDefinition,
) -> std::collections::BTreeMap<String, AttributeAnswer> {
    request
        .attributes
        .iter()
        .map(|(code, answer)| {
            let datetime = service
                .attributes
                .iter()
                .any(|a| &a.code == code && a.datatype == Datatype::Datetime);
            let answer = match answer {
                AttributeAnswer::One(value) if datetime => AttributeAnswer::One(
                    datetime_for_upstream(value).unwrap_or_else(|| value.clone()),
                ),
                other => other.clone(),
            };
            (code.clone(), answer)
        })
        .collect()
}

/// Every rule a new request must meet for its service, filed through `channel`. Empty when
/// it may be filed.
pub fn validate_request(
    request: &NewRequest,
    service: &ServiceDefinition,
    channel: Channel,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let description = chars(&request.description);
    if description == 0 {
        errors.push(FieldError::new(
            Field::Description,
            FieldErrorCode::Required,
        ));
    } else if description < limits::DESCRIPTION_MIN_CHARS {
        errors.push(FieldError::new(
            Field::Description,
            FieldErrorCode::TooShort,
        ));
    } else if description > limits::DESCRIPTION_MAX_CHARS {
        errors.push(FieldError::new(Field::Description, FieldErrorCode::TooLong));
    }
    validate_location(request, &mut errors);
    for attribute in service.attributes.iter().filter(|a| a.variable) {
        let field = Field::attribute(&attribute.code);
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
            Datatype::Number => (!crate::number::is_finite_number(value.trim()))
                .then_some(FieldErrorCode::NotANumber),
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
                Field::attribute(code),
                FieldErrorCode::Unknown,
            ));
        }
    }
    if request.media_urls.len() > limits::MEDIA_MAX_COUNT {
        errors.push(FieldError::new(Field::Media, FieldErrorCode::TooMany));
    }
    if let Some(contact) = &request.contact {
        if contact
            .name
            .as_deref()
            .is_some_and(|v| chars(v) > limits::NAME_MAX_CHARS)
        {
            errors.push(FieldError::new(Field::ContactName, FieldErrorCode::TooLong));
        }
        if let Some(phone) = contact.phone.as_deref().filter(|p| !p.trim().is_empty())
            && !is_valid_phone(phone)
        {
            errors.push(FieldError::new(
                Field::ContactPhone,
                FieldErrorCode::InvalidPhone,
            ));
        }
        if let Some(email) = contact.email.as_deref().filter(|e| !e.trim().is_empty())
            && !is_valid_email(email)
        {
            errors.push(FieldError::new(
                Field::ContactEmail,
                FieldErrorCode::InvalidEmail,
            ));
        }
    }
    if !request.consent {
        errors.push(FieldError::new(
            Field::Consent,
            FieldErrorCode::ConsentRequired,
        ));
    }
    // At a window the resident cannot read the notice on their own screen: the clerk says
    // how it reached them.
    if channel == Channel::Window && request.consent_read_out.is_none() {
        errors.push(FieldError::new(
            Field::ConsentReadOut,
            FieldErrorCode::Required,
        ));
    }
    errors
}

fn validate_location(request: &NewRequest, errors: &mut Vec<FieldError>) {
    let location = &request.location;
    let address = location.address.as_deref().map(chars).unwrap_or(0);
    if address > limits::ADDRESS_MAX_CHARS {
        errors.push(FieldError::new(Field::Address, FieldErrorCode::TooLong));
    }
    match (location.lat, location.long) {
        (Some(lat), Some(long)) => {
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&long) {
                errors.push(FieldError::new(
                    Field::Location,
                    FieldErrorCode::InvalidLocation,
                ));
            }
        }
        (None, None) => {
            if address == 0 {
                errors.push(FieldError::new(Field::Address, FieldErrorCode::Required));
            }
        }
        _ => errors.push(FieldError::new(
            Field::Location,
            FieldErrorCode::InvalidLocation,
        )),
    }
}

/// A rating is 1 to 5 stars.
pub fn validate_rating(rating: u8, comment: Option<&str>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if !(1..=5).contains(&rating) {
        errors.push(FieldError::new(Field::Rating, FieldErrorCode::OutOfRange));
    }
    if comment.is_some_and(|c| chars(c) > limits::COMMENT_MAX_CHARS) {
        errors.push(FieldError::new(Field::Comment, FieldErrorCode::TooLong));
    }
    errors
}

/// Information added to a case, or a note with an urge.
pub fn validate_text(field: Field, text: &str, required: bool) -> Vec<FieldError> {
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
    fn field_error_codes_serialize_as_their_stable_names() {
        for &code in FieldErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }

    #[test]
    fn at_a_window_the_clerk_says_how_the_notice_was_read_out() {
        assert_eq!(
            codes(&validate_request(&request(), &service(), Channel::Window)),
            vec![("consent_read_out", FieldErrorCode::Required)]
        );
        let read_out = NewRequest {
            consent_read_out: Some(crate::ConsentReadOut::ByClerk),
            ..request()
        };
        assert_eq!(
            validate_request(&read_out, &service(), Channel::Window),
            vec![]
        );
    }

    #[test]
    fn a_complete_request_passes() {
        assert_eq!(
            validate_request(&request(), &service(), Channel::Web),
            vec![]
        );
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
            codes(&validate_request(&bad, &service(), Channel::Web)),
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
            codes(&validate_request(&bad, &service(), Channel::Web)),
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
        assert_eq!(validate_request(&good, &service(), Channel::Web), vec![]);
        good.location.long = None;
        assert_eq!(
            codes(&validate_request(&good, &service(), Channel::Web)),
            vec![("location", FieldErrorCode::InvalidLocation)]
        );
    }

    #[test]
    fn description_limits_count_characters_not_bytes() {
        let mut text = request();
        text.description = "噪".repeat(limits::DESCRIPTION_MAX_CHARS);
        assert_eq!(validate_request(&text, &service(), Channel::Web), vec![]);
        text.description.push('音');
        assert_eq!(
            codes(&validate_request(&text, &service(), Channel::Web)),
            vec![("description", FieldErrorCode::TooLong)]
        );
        text.description = "噪音".into();
        assert_eq!(
            codes(&validate_request(&text, &service(), Channel::Web)),
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
        assert!(!is_valid_datetime("2026-02-30"));
        assert!(
            !is_valid_datetime("6月1日晚上8点"),
            "the BFF needs the year"
        );
    }

    #[test]
    fn dates_are_read_as_people_write_them() {
        let read = |text: &str| read_datetime(text, Some(2026)).map(|r| r.upstream());
        let evening = Some("2025-06-01T20:30:00+08:00".to_owned());
        for text in [
            "2025-06-01T20:30:00+08:00",
            "2025-06-01T20:30",
            "2025-06-01 20:30",
            "2025/6/1 20:30",
            "2025.6.1 20:30",
            "２０２５／６／１　２０：３０",
            "2025年6月1日 20:30",
            "2025年6月1日20时30分",
            "2025年6月1日晚上8点半",
            "2025-6-1 8:30 pm",
        ] {
            assert_eq!(read(text), evening, "{text}");
        }
        assert_eq!(
            read("6月1日晚上8点").as_deref(),
            Some("2026-06-01T20:00:00+08:00")
        );
        assert_eq!(
            read("2025-06-01T12:30:00Z").as_deref(),
            Some("2025-06-01T12:30:00+00:00")
        );
        assert_eq!(
            read_datetime("1940-05-01", None)
                .map(|r| r.answer())
                .as_deref(),
            Some("1940-05-01")
        );
        assert_eq!(read("凌晨12点").as_deref(), None, "no day");
        assert_eq!(read("2025-6-31 10:00"), None);
        assert_eq!(read("yesterday"), None);
    }

    #[test]
    fn the_date_boxes_keep_what_was_typed_until_they_make_a_date() {
        let mut parts = DateTimeParts::default();
        assert_eq!(parts.to_answer(), "");
        parts.set(DatePart::Year, "2025".into());
        parts.set(DatePart::Day, "1".into());
        parts.set(DatePart::Hour, "20".into());
        let kept = parts.to_answer();
        assert!(!is_valid_datetime(&kept));
        assert_eq!(DateTimeParts::from_answer(&kept), parts);
        assert_eq!(parts.missing(), vec![DatePart::Month]);
        parts.set(DatePart::Month, "6".into());
        parts.set(DatePart::Minute, "30".into());
        assert_eq!(parts.to_answer(), "2025-06-01T20:30:00+08:00");
        assert_eq!(DateTimeParts::from_answer(&parts.to_answer()), parts);
        parts.set(DatePart::Month, "2".into());
        parts.set(DatePart::Day, "30".into());
        assert_eq!(parts.reading(), None, "no 30 February");
        assert_eq!(
            DateTimeParts::from_answer("yesterday").year,
            "yesterday",
            "old words are kept, to be put right"
        );
    }

    #[test]
    fn ratings_are_one_to_five() {
        assert!(validate_rating(5, None).is_empty());
        assert_eq!(validate_rating(0, None)[0].code, FieldErrorCode::OutOfRange);
        assert_eq!(validate_rating(6, None)[0].code, FieldErrorCode::OutOfRange);
    }
}
