//! Field types that read what real GeoReport v2 servers send: ids as numbers or strings,
//! booleans as `"true"`, numbers as strings, a lone object where a list was expected.

use serde::{Deserialize, Deserializer};

/// A list, or a single item where a server (or an XML answer with one child) sent no list.
#[derive(Debug)]
pub struct OneOrMany<T>(Vec<T>);

impl<T> OneOrMany<T> {
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }
}

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape<T> {
            Many(Vec<T>),
            One(T),
            Nothing(()),
        }
        Ok(OneOrMany(match Shape::deserialize(deserializer)? {
            Shape::Many(items) => items,
            Shape::One(item) => vec![item],
            Shape::Nothing(()) => Vec::new(),
        }))
    }
}

/// A string, or a number or boolean written out as one.
pub fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(opt_text(deserializer)?.unwrap_or_default())
}

pub fn opt_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(match value {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
    .filter(|s| !s.trim().is_empty()))
}

pub fn opt_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(match value {
        serde_json::Value::Bool(b) => Some(b),
        serde_json::Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        },
        serde_json::Value::Number(n) => n.as_i64().map(|n| n != 0),
        _ => None,
    })
}

pub fn opt_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(match value {
        serde_json::Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

/// A datetime with any offset (or `Z`, or none: read as China Standard Time), written back
/// as RFC 3339 with the +08:00 offset the product shows.
pub fn normalize_datetime(text: &str) -> Option<String> {
    use chrono::{DateTime, FixedOffset, NaiveDateTime};
    let china = FixedOffset::east_opt(8 * 3600).expect("valid offset");
    let text = text.trim();
    let parsed = DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%z"))
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .map(|dt| dt.with_timezone(&china))
        .ok()
        .or_else(|| {
            NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
                .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S"))
                .ok()
                .and_then(|naive| naive.and_local_timezone(china).single())
        })?;
    Some(parsed.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_with_any_offset_become_china_time() {
        assert_eq!(
            normalize_datetime("2026-11-28T01:00:00Z").as_deref(),
            Some("2026-11-28T09:00:00+08:00")
        );
        assert_eq!(
            normalize_datetime("2026-11-28T09:00:00-05:00").as_deref(),
            Some("2026-11-28T22:00:00+08:00")
        );
        assert_eq!(
            normalize_datetime("2026-11-28T09:00:00+0800").as_deref(),
            Some("2026-11-28T09:00:00+08:00")
        );
        assert_eq!(
            normalize_datetime("2026-11-28T09:00:00").as_deref(),
            Some("2026-11-28T09:00:00+08:00")
        );
        assert_eq!(normalize_datetime("yesterday"), None);
    }

    #[test]
    fn one_or_many_reads_lists_single_items_and_nothing() {
        let many: OneOrMany<u8> = serde_json::from_str("[1,2]").unwrap();
        assert_eq!(many.into_vec(), vec![1, 2]);
        let one: OneOrMany<u8> = serde_json::from_str("3").unwrap();
        assert_eq!(one.into_vec(), vec![3]);
        let none: OneOrMany<u8> = serde_json::from_str("null").unwrap();
        assert!(none.into_vec().is_empty());
    }
}
