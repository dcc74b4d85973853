//! Field types that read what real GeoReport v2 servers send: ids as numbers or strings,
//! booleans as `"true"`, numbers as strings, a lone object where a list was expected.

use std::marker::PhantomData;

use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer};
use serde::de::{self, IntoDeserializer, MapAccess, SeqAccess, Visitor};
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

/// Read straight from the parser, without buffering the answer first (as
/// `#[serde(untagged)]` would): the case passthrough reads one on every request.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OneOrManyVisitor(PhantomData))
    }
}

struct OneOrManyVisitor<T>(PhantomData<T>);

impl<T> OneOrManyVisitor<T> {
    fn one<'de, E: de::Error>(
        deserializer: impl Deserializer<'de, Error = E>,
    ) -> Result<OneOrMany<T>, E>
    where
        T: Deserialize<'de>,
    {
        T::deserialize(deserializer).map(|item| OneOrMany(vec![item]))
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrManyVisitor<T> {
    type Value = OneOrMany<T>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a list, a single item or nothing")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(OneOrMany(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Self::one(MapAccessDeserializer::new(map))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(OneOrMany(Vec::new()))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(OneOrMany(Vec::new()))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Self::one(v.into_deserializer())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Self::one(v.into_deserializer())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Self::one(v.into_deserializer())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Self::one(v.into_deserializer())
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Self::one(BorrowedStrDeserializer::new(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Self::one(v.to_owned().into_deserializer())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Self::one(v.into_deserializer())
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
        let words: OneOrMany<String> = serde_json::from_str(r#""one""#).unwrap();
        assert_eq!(words.into_vec(), vec!["one".to_owned()]);

        #[derive(Debug, PartialEq, Deserialize)]
        struct Item {
            id: u8,
        }
        let one: OneOrMany<Item> = serde_json::from_str(r#"{"id": 4}"#).unwrap();
        assert_eq!(one.into_vec(), vec![Item { id: 4 }]);
        let many: OneOrMany<Item> = serde_json::from_str(r#"[{"id": 5}, {"id": 6}]"#).unwrap();
        assert_eq!(many.into_vec(), vec![Item { id: 5 }, Item { id: 6 }]);
        // As a field: XML answers turn a lone child into an object, an empty list into null.
        #[derive(Deserialize)]
        struct Parent {
            #[serde(default)]
            items: OneOrMany<Item>,
        }
        let parent: Parent = serde_json::from_str(r#"{"items": {"id": 7}}"#).unwrap();
        assert_eq!(parent.items.into_vec(), vec![Item { id: 7 }]);
        let parent: Parent = serde_json::from_value(serde_json::json!({"items": null})).unwrap();
        assert!(parent.items.into_vec().is_empty());
        let wrong: Result<OneOrMany<Item>, _> = serde_json::from_str(r#"[{"id": "x"}]"#);
        assert!(wrong.is_err());
    }
}
