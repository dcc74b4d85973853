//! XML rendering of a [`Doc`], in the shape of the GeoReport v2 examples: a list is a
//! wrapper element holding one element per item, named in the singular
//! (`<services><service>…</service></services>`).

use std::fmt::Write;

use crate::doc::Doc;

/// Renders `doc` as a whole XML document whose root element is `root`.
pub fn render(root: &str, doc: &Doc) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    element(&mut out, root, doc);
    out
}

/// The element name of one item of the list named `list`.
fn singular(list: &str) -> &str {
    match list {
        "service_requests" => "request",
        "services" => "service",
        "attributes" => "attribute",
        "values" => "value",
        "notes" => "note",
        "photos" => "photo",
        "endpoints" => "endpoint",
        "formats" => "format",
        "errors" => "error",
        "departments" => "department",
        other => other.strip_suffix('s').unwrap_or("item"),
    }
}

fn element(out: &mut String, name: &str, doc: &Doc) {
    match doc {
        Doc::Null => {
            let _ = write!(out, "<{name}></{name}>");
        }
        Doc::Obj(fields) => {
            let _ = write!(out, "<{name}>");
            for (key, value) in fields {
                element(out, key, value);
            }
            let _ = write!(out, "</{name}>");
        }
        Doc::List(items) => {
            let _ = write!(out, "<{name}>");
            let item_name = singular(name);
            for item in items {
                element(out, item_name, item);
            }
            let _ = write!(out, "</{name}>");
        }
        Doc::Bool(b) => {
            let _ = write!(out, "<{name}>{b}</{name}>");
        }
        Doc::Int(i) => {
            let _ = write!(out, "<{name}>{i}</{name}>");
        }
        Doc::Float(f) => {
            let _ = write!(out, "<{name}>{f}</{name}>");
        }
        Doc::Str(s) => {
            let _ = write!(out, "<{name}>");
            escape_into(out, s);
            let _ = write!(out, "</{name}>");
        }
    }
}

/// Escapes markup and replaces characters XML 1.0 cannot carry at all.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_wrap_singular_items_and_text_is_escaped() {
        let doc = Doc::list([Doc::obj([
            ("service_code", "a&b".into()),
            ("keywords", "<x>\u{1}".into()),
            ("group", Doc::Null),
        ])]);
        assert_eq!(
            render("services", &doc),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<services><service>\
             <service_code>a&amp;b</service_code><keywords>&lt;x&gt;\u{FFFD}</keywords>\
             <group></group></service></services>"
        );
    }
}
