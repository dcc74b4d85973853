//! An ordered document tree, rendered as JSON or as XML (see `xml`), so every answer is
//! built once and both formats carry exactly the same fields in the same order.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

#[derive(Clone, Debug, PartialEq)]
pub enum Doc {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Obj(Vec<(&'static str, Doc)>),
    List(Vec<Doc>),
}

impl Doc {
    pub fn obj(fields: impl IntoIterator<Item = (&'static str, Doc)>) -> Doc {
        Doc::Obj(fields.into_iter().collect())
    }

    pub fn list(items: impl IntoIterator<Item = Doc>) -> Doc {
        Doc::List(items.into_iter().collect())
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "null".to_owned())
    }
}

impl Serialize for Doc {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Doc::Null => serializer.serialize_none(),
            Doc::Bool(b) => serializer.serialize_bool(*b),
            Doc::Int(i) => serializer.serialize_i64(*i),
            Doc::Float(f) => serializer.serialize_f64(*f),
            Doc::Str(s) => serializer.serialize_str(s),
            Doc::Obj(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (key, value) in fields {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
            Doc::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
        }
    }
}

impl From<&str> for Doc {
    fn from(s: &str) -> Doc {
        Doc::Str(s.to_owned())
    }
}

impl From<String> for Doc {
    fn from(s: String) -> Doc {
        Doc::Str(s)
    }
}

impl From<bool> for Doc {
    fn from(b: bool) -> Doc {
        Doc::Bool(b)
    }
}

impl From<i64> for Doc {
    fn from(i: i64) -> Doc {
        Doc::Int(i)
    }
}

impl From<u32> for Doc {
    fn from(i: u32) -> Doc {
        Doc::Int(i64::from(i))
    }
}

impl From<f64> for Doc {
    fn from(f: f64) -> Doc {
        Doc::Float(f)
    }
}

impl<T: Into<Doc>> From<Option<T>> for Doc {
    fn from(value: Option<T>) -> Doc {
        value.map_or(Doc::Null, Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_field_order() {
        let doc = Doc::obj([
            ("z", "last".into()),
            ("a", Doc::from(1_i64)),
            ("m", Doc::Null),
        ]);
        assert_eq!(doc.to_json(), r#"{"z":"last","a":1,"m":null}"#);
    }
}
