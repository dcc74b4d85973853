//! Form-encoded parameters, from a query string or a POST body, read by hand so that
//! repeated keys (`attribute[CODE][]`) survive and every mistake becomes a spec error.

use crate::error::Open311Error;
use crate::locale::Locale;

#[derive(Clone, Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(encoded: &[u8]) -> Params {
        Params(
            form_urlencoded::parse(encoded)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    pub fn from_query(query: Option<&str>) -> Params {
        Params::parse(query.unwrap_or_default().as_bytes())
    }

    /// Adds the pairs of `other` after these (e.g. query string, then body).
    pub fn extend(&mut self, other: Params) {
        self.0.extend(other.0);
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The first value of `name`, trimmed; empty counts as absent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Every non-empty value of `name`, also split on commas (the spec's lists).
    pub fn list(&self, name: &str) -> Vec<&str> {
        self.iter()
            .filter(|(k, _)| *k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// `locale`: zh-CN (default), zh-TW or en; anything else is a 400.
    pub fn locale(&self) -> Result<Locale, Open311Error> {
        match self.get("locale") {
            None => Ok(Locale::default()),
            Some(tag) => Locale::from_tag(tag).ok_or_else(|| {
                Open311Error::bad_request(format!(
                    "locale must be one of zh-CN, zh-TW, en (got '{}')",
                    shorten(tag)
                ))
            }),
        }
    }

    /// Reads an optional boolean flag such as `extensions=true`.
    pub fn flag(&self, name: &str) -> Result<bool, Open311Error> {
        match self.get(name) {
            None => Ok(false),
            Some(v) if v.eq_ignore_ascii_case("true") || v == "1" => Ok(true),
            Some(v) if v.eq_ignore_ascii_case("false") || v == "0" => Ok(false),
            Some(_) => Err(Open311Error::bad_request(format!(
                "{name} must be true or false"
            ))),
        }
    }
}

/// Cuts client input quoted back in an error description to a harmless length.
pub fn shorten(value: &str) -> String {
    value.chars().take(40).collect()
}
