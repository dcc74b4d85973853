//! Checking `attribute[CODE]` (and `attribute[CODE][]` for multivaluelist) against the
//! service definition.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::catalogue::{Attribute, Datatype};
use crate::clock;
use crate::error::Open311Error;
use crate::params::{Params, shorten};

pub const MAX_STRING_CHARS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 4000;

/// The validated answers, keyed by attribute code: a string, a number, an RFC 3339
/// date-time, a key, or a list of keys.
pub fn validate(
    definition: &[Attribute],
    params: &Params,
) -> Result<Map<String, Value>, Open311Error> {
    let mut submitted: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (key, value) in params.iter() {
        let Some(rest) = key.strip_prefix("attribute[") else {
            continue;
        };
        let code = rest
            .strip_suffix("][]")
            .or_else(|| rest.strip_suffix(']'))
            .filter(|code| !code.is_empty() && !code.contains(['[', ']']))
            .ok_or_else(|| {
                Open311Error::bad_request(format!(
                    "malformed attribute parameter '{}': use attribute[CODE] or attribute[CODE][]",
                    shorten(key)
                ))
            })?;
        if !definition.iter().any(|a| a.code == code) {
            return Err(Open311Error::bad_request(format!(
                "attribute[{}] is not part of this service's definition",
                shorten(code)
            )));
        }
        let value = value.trim();
        let entry = submitted.entry(code).or_default();
        if !value.is_empty() {
            entry.push(value);
        }
    }

    let mut answers = Map::new();
    for attribute in definition.iter().filter(|a| a.variable) {
        let values = submitted
            .remove(attribute.code.as_str())
            .unwrap_or_default();
        if values.is_empty() {
            if attribute.required {
                return Err(Open311Error::bad_request(format!(
                    "attribute[{}] is required",
                    attribute.code
                )));
            }
            continue;
        }
        answers.insert(attribute.code.clone(), answer(attribute, &values)?);
    }
    Ok(answers)
}

fn answer(attribute: &Attribute, values: &[&str]) -> Result<Value, Open311Error> {
    let code = &attribute.code;
    let bad = |why: String| {
        Err(Open311Error::bad_request(format!(
            "attribute[{code}] {why}"
        )))
    };
    if attribute.datatype != Datatype::MultiValueList && values.len() > 1 {
        return bad("takes a single value".to_owned());
    }
    let value = values[0];
    let is_key = |v: &&str| attribute.values.iter().any(|(key, _)| key == v);
    match attribute.datatype {
        Datatype::String | Datatype::Text => {
            let max = if attribute.datatype == Datatype::String {
                MAX_STRING_CHARS
            } else {
                MAX_TEXT_CHARS
            };
            if value.chars().count() > max {
                return bad(format!("must be at most {max} characters"));
            }
            Ok(Value::String(value.to_owned()))
        }
        Datatype::Number => match value.parse::<f64>() {
            Ok(n) if n.is_finite() => {
                Ok(serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number))
            }
            _ => bad(format!("must be a number (got '{}')", shorten(value))),
        },
        Datatype::Datetime => match clock::parse_datetime(value) {
            Some(dt) => Ok(Value::String(clock::rfc3339(dt.timestamp()))),
            None => bad(format!(
                "must be an ISO 8601 date-time such as 2025-06-01T20:30:00+08:00 (got '{}')",
                shorten(value)
            )),
        },
        Datatype::SingleValueList => {
            if is_key(&value) {
                Ok(Value::String(value.to_owned()))
            } else {
                bad(format!("has no value with key '{}'", shorten(value)))
            }
        }
        Datatype::MultiValueList => {
            let mut keys: Vec<Value> = Vec::new();
            for value in values {
                if !is_key(value) {
                    return bad(format!("has no value with key '{}'", shorten(value)));
                }
                let value = Value::String((*value).to_owned());
                if !keys.contains(&value) {
                    keys.push(value);
                }
            }
            Ok(Value::Array(keys))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribute(code: &str, datatype: Datatype, required: bool) -> Attribute {
        Attribute {
            code: code.to_owned(),
            datatype,
            required,
            variable: true,
            order: 1,
            description: String::new(),
            datatype_description: None,
            values: vec![
                ("a".to_owned(), "A".to_owned()),
                ("b".to_owned(), "B".to_owned()),
            ],
        }
    }

    fn check(definition: &[Attribute], query: &str) -> Result<Map<String, Value>, Open311Error> {
        validate(definition, &Params::from_query(Some(query)))
    }

    #[test]
    fn each_datatype_is_checked() {
        let definition = [
            attribute("s", Datatype::String, false),
            attribute("n", Datatype::Number, false),
            attribute("d", Datatype::Datetime, false),
            attribute("one", Datatype::SingleValueList, false),
            attribute("many", Datatype::MultiValueList, false),
        ];
        let ok = check(
            &definition,
            "attribute[s]=x&attribute[n]=2.5&attribute[d]=2025-06-01T12:00:00Z\
             &attribute[one]=a&attribute[many][]=a&attribute[many][]=b&attribute[many][]=a",
        )
        .unwrap();
        assert_eq!(ok["n"], serde_json::json!(2.5));
        assert_eq!(ok["d"], "2025-06-01T20:00:00+08:00");
        assert_eq!(ok["many"], serde_json::json!(["a", "b"]));
        for bad in [
            "attribute[n]=many",
            "attribute[n]=NaN",
            "attribute[d]=soon",
            "attribute[one]=c",
            "attribute[one]=a&attribute[one]=b",
            "attribute[many][]=a&attribute[many][]=z",
            "attribute[nope]=1",
            "attribute[s",
        ] {
            assert!(check(&definition, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn required_attributes_must_be_answered() {
        let definition = [attribute("must", Datatype::Text, true)];
        assert!(check(&definition, "").is_err());
        assert!(check(&definition, "attribute[must]=%20").is_err());
        assert!(check(&definition, "attribute[must]=yes").is_ok());
    }
}
