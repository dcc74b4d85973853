//! GeoReport v2 XML read into the same JSON shape as the `.json` answers, so one set of
//! tolerant readers serves both. A list element (plural name, children all of one name,
//! such as `<services><service>…`) becomes an array; a leaf becomes its text.

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::{Map, Value};

struct Element {
    name: String,
    children: Vec<(String, Value)>,
    text: String,
}

impl Element {
    fn new(name: String) -> Element {
        Element {
            name,
            children: Vec::new(),
            text: String::new(),
        }
    }

    fn into_value(self) -> Value {
        if self.children.is_empty() {
            let text = self.text.trim();
            return if text.is_empty() {
                Value::Null
            } else {
                Value::String(text.to_owned())
            };
        }
        let first = &self.children[0].0;
        let one_name = self.children.iter().all(|(name, _)| name == first);
        let plural = self.name.ends_with('s') || self.name == "service_requests";
        if one_name && plural && self.name != *first {
            return Value::Array(self.children.into_iter().map(|(_, v)| v).collect());
        }
        let mut object = Map::new();
        for (name, value) in self.children {
            match object.get_mut(&name) {
                Some(Value::Array(items)) => items.push(value),
                Some(existing) => {
                    let previous = existing.take();
                    *existing = Value::Array(vec![previous, value]);
                }
                None => {
                    object.insert(name, value);
                }
            }
        }
        Value::Object(object)
    }
}

/// The five predefined entities and numeric character references.
fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

pub fn to_json(bytes: &[u8]) -> Result<Value, String> {
    let mut reader = Reader::from_reader(bytes);
    // Text is trimmed once per element: trimming each piece would eat the spaces around
    // entities such as `A &amp; B`.
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Element> = Vec::new();
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("XML: {e}"))?;
        match event {
            Event::Start(start) => {
                let name = start.name().as_ref().to_owned();
                stack.push(Element::new(name));
            }
            Event::Empty(empty) => {
                let name = empty.name().as_ref().to_owned();
                match stack.last_mut() {
                    Some(parent) => parent.children.push((name, Value::Null)),
                    None => return Ok(Value::Null),
                }
            }
            Event::Text(text) => {
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&text.xml10_content());
                }
            }
            Event::CData(data) => {
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&data.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                if let Some(current) = stack.last_mut() {
                    let name = reference.into_inner();
                    current
                        .text
                        .push(entity(&name).ok_or("XML: unknown entity")?);
                }
            }
            Event::End(_) => {
                let element = stack.pop().ok_or("XML: unbalanced end tag")?;
                let name = element.name.clone();
                let value = element.into_value();
                match stack.last_mut() {
                    Some(parent) => parent.children.push((name, value)),
                    None => return Ok(value),
                }
            }
            Event::Eof => return Err("XML: ended before the root closed".to_owned()),
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_and_leaves() {
        let xml = br#"<?xml version="1.0" encoding="utf-8"?>
            <services>
              <service><service_code>001</service_code><metadata>true</metadata><group/></service>
              <service><service_code>002</service_code><service_name>A &amp; B &#x4E2D;</service_name></service>
            </services>"#;
        assert_eq!(
            to_json(xml).unwrap(),
            json!([
                {"service_code": "001", "metadata": "true", "group": null},
                {"service_code": "002", "service_name": "A & B 中"}
            ])
        );
    }

    #[test]
    fn a_single_request_is_still_a_list() {
        let xml = b"<service_requests><request><service_request_id>7</service_request_id></request></service_requests>";
        assert_eq!(to_json(xml).unwrap(), json!([{"service_request_id": "7"}]));
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(to_json(b"<services><service>").is_err());
    }
}
