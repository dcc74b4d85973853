//! Telling a city's refusal from an outage. GeoReport v2 answers errors as
//! `[{"code": 400, "description": "…"}]` (XML: `<errors><error>…`); some servers send
//! their refusals with HTTP 500 and the reason in that same array. A refusal means
//! "certainly no case was made": the resident is told the city's reason and keeps the
//! draft. A 5xx without a readable reason stays an outage (outcome unknown for a POST).

use api::Field;

use crate::upstream::Refusal;

use super::xml;

/// The longest explanation passed on to a resident, in characters.
pub const MAX_MESSAGE_CHARS: usize = 300;

/// Descriptions that say "something broke" rather than what to change.
const GENERIC: &[&str] = &[
    "internal error",
    "internal server error",
    "server error",
    "unknown error",
    "error",
    "service unavailable",
    "bad gateway",
    "gateway timeout",
    "an error occurred",
    "something went wrong",
];

/// The refusal in a non-2xx answer to a POST, or `None` for an outage. `status` is the
/// upstream's HTTP status; 4xx is always a refusal (with or without a readable reason).
pub fn classify(status: u16, content_type: Option<&str>, body: &[u8]) -> Option<Refusal> {
    let message = readable_reason(content_type, body);
    match status {
        400..=499 => Some(Refusal::new(message)),
        500 => message
            .filter(|m| !is_generic(m))
            .map(|m| Refusal::new(Some(m))),
        _ => None,
    }
}

fn is_generic(message: &str) -> bool {
    let bare = message
        .trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
        .to_lowercase();
    bare.chars().count() < 8 || GENERIC.contains(&bare.as_str())
}

/// The first `description` of a GeoReport error array, as plain text; `None` for
/// anything else (an HTML outage page, a proxy's text).
fn readable_reason(content_type: Option<&str>, body: &[u8]) -> Option<String> {
    let is_xml = content_type.is_some_and(|c| c.contains("xml"));
    let value: serde_json::Value = if is_xml {
        xml::to_json(body).ok()?
    } else {
        serde_json::from_slice(body).ok()?
    };
    let errors = match &value {
        serde_json::Value::Array(items) => items.clone(),
        // XML `<errors><error>…</error></errors>` reads as {"error": … }.
        serde_json::Value::Object(map) => match map.get("error").or_else(|| map.get("errors")) {
            Some(serde_json::Value::Array(items)) => items.clone(),
            Some(one) => vec![one.clone()],
            None => vec![value.clone()],
        },
        _ => return None,
    };
    errors.iter().find_map(|error| {
        let description = error.get("description")?;
        let text = match description {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => return None,
        };
        let plain = plain_text(&text);
        (!plain.is_empty()).then_some(plain)
    })
}

/// Tags dropped, control characters and runs of spaces made one space, at most
/// [`MAX_MESSAGE_CHARS`]: text for a resident, never markup.
pub fn plain_text(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let mut last_space = true;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            c if c.is_whitespace() || c.is_control() => {
                if !last_space {
                    out.push(' ');
                    last_space = true;
                }
            }
            c => {
                out.push(c);
                last_space = false;
            }
        }
    }
    let trimmed = out.trim();
    if trimmed.chars().count() <= MAX_MESSAGE_CHARS {
        return trimmed.to_owned();
    }
    let mut cut: String = trimmed.chars().take(MAX_MESSAGE_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// The draft's field a refusal names, where the words make it clear: the GeoReport
/// field names as the server knows them (`address_field` is the profile's).
pub fn named_field(message: &str, address_field: &str) -> Option<Field> {
    let words: Vec<String> = message
        .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '[' | ']')))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let has = |name: &str| words.iter().any(|w| w == name);
    if let Some(code) = words.iter().find_map(|w| {
        w.strip_prefix("attribute[")
            .and_then(|rest| rest.split(']').next())
            .filter(|code| !code.is_empty())
    }) {
        return Some(Field::attribute(code));
    }
    let location = ["lat", "long", "address_string", "address_id", "address"]
        .iter()
        .any(|name| has(name))
        || has(&address_field.to_lowercase());
    if location {
        return Some(Field::Location);
    }
    for (name, field) in [
        ("description", Field::Description),
        ("media_url", Field::Media),
        ("email", Field::ContactEmail),
        ("phone", Field::ContactPhone),
        ("first_name", Field::ContactName),
    ] {
        if has(name) {
            return Some(field);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_500_with_a_reason_is_a_refusal_and_a_bare_one_an_outage() {
        let body = br#"[{"code":500,"description":"Streetlight report not accepted: a location is required: lat and long, address or address_id"}]"#;
        let refusal = classify(500, Some("application/json"), body).unwrap();
        assert!(refusal.message.unwrap().starts_with("Streetlight report"));
        assert!(classify(500, Some("text/html"), b"<html>oops</html>").is_none());
        assert!(
            classify(
                500,
                Some("application/json"),
                br#"[{"code":500,"description":"internal error"}]"#
            )
            .is_none()
        );
        assert!(classify(503, Some("application/json"), body).is_none());
        let xml = b"<?xml version=\"1.0\"?><errors><error><code>400</code><description>service_code is required</description></error></errors>";
        assert_eq!(
            classify(400, Some("text/xml"), xml)
                .unwrap()
                .message
                .as_deref(),
            Some("service_code is required")
        );
        assert_eq!(classify(400, None, b"nope").unwrap().message, None);
    }

    #[test]
    fn the_message_is_plain_text_of_bounded_length() {
        assert_eq!(
            plain_text("<b>lat</b>\n\tis <script>x</script>required"),
            "lat is xrequired"
        );
        let long = "字".repeat(1000);
        assert_eq!(plain_text(&long).chars().count(), MAX_MESSAGE_CHARS);
    }

    #[test]
    fn the_field_is_recognised_from_open311_names() {
        let f = |m| named_field(m, "address").map(|field| field.to_string());
        assert_eq!(
            f("a location is required: lat and long, address or address_id").as_deref(),
            Some("location")
        );
        assert_eq!(
            f("attribute[noise_source] is required").as_deref(),
            Some("attribute.noise_source")
        );
        assert_eq!(
            f("phone must be a telephone number").as_deref(),
            Some("contact.phone")
        );
        assert_eq!(f("we are closed today"), None);
    }
}
