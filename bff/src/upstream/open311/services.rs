//! `services.json` and `services/{code}.json`, read tolerantly into the contract's types.

use api::{
    Attribute, AttributeValue, Datatype, Locale, ServiceDefinition, ServiceKind, ServiceSummary,
};
use serde::Deserialize;

use super::Open311;
use super::tolerant::{self, OneOrMany};
use crate::upstream::{Upstream, UpstreamError};

/// One entry of `services.json`: real servers omit optional fields and send `null`.
#[derive(Debug, Deserialize)]
pub struct ServiceEntry {
    #[serde(deserialize_with = "tolerant::text")]
    service_code: String,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    service_name: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    description: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    keywords: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    group: Option<String>,
    /// Extension (the sandbox has it; a plain GeoReport v2 server does not): 办理时限.
    #[serde(default, deserialize_with = "tolerant::opt_i64")]
    time_limit_days: Option<i64>,
    /// Extension: the city's rank among its most used services.
    #[serde(default, deserialize_with = "tolerant::opt_i64")]
    common_rank: Option<i64>,
}

/// A count read from an upstream: only a non-negative one that fits.
fn count(value: Option<i64>) -> Option<u32> {
    value.and_then(|v| u32::try_from(v).ok())
}

impl From<ServiceEntry> for ServiceSummary {
    fn from(entry: ServiceEntry) -> ServiceSummary {
        let keywords: Vec<String> = entry
            .keywords
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
            .collect();
        let kind = keywords.iter().find_map(|k| ServiceKind::from_token(k));
        ServiceSummary {
            name: entry
                .service_name
                .unwrap_or_else(|| entry.service_code.clone()),
            code: entry.service_code,
            description: entry.description.unwrap_or_default(),
            category: entry.group,
            kind,
            keywords: keywords
                .into_iter()
                .filter(|k| ServiceKind::from_token(k).is_none())
                .collect(),
            time_limit_days: count(entry.time_limit_days),
            common_rank: count(entry.common_rank).filter(|rank| *rank > 0),
        }
    }
}

#[derive(Debug, Deserialize)]
struct DefinitionEntry {
    #[serde(deserialize_with = "tolerant::text")]
    service_code: String,
    #[serde(default)]
    attributes: OneOrMany<AttributeEntry>,
    /// Extension, as in the service list.
    #[serde(default, deserialize_with = "tolerant::opt_i64")]
    time_limit_days: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct AttributeEntry {
    #[serde(deserialize_with = "tolerant::text")]
    code: String,
    #[serde(default, deserialize_with = "tolerant::opt_bool")]
    variable: Option<bool>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    datatype: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_bool")]
    required: Option<bool>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    datatype_description: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_i64")]
    order: Option<i64>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    description: Option<String>,
    #[serde(default)]
    values: OneOrMany<ValueEntry>,
}

#[derive(Debug, Deserialize)]
struct ValueEntry {
    #[serde(deserialize_with = "tolerant::text")]
    key: String,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    name: Option<String>,
}

impl AttributeEntry {
    /// `None` for a datatype we cannot render: better to leave the question out than to
    /// ask it wrongly; the upstream then refuses the request if it was required.
    fn into_attribute(self) -> Option<Attribute> {
        let datatype = Datatype::from_open311(self.datatype.as_deref().unwrap_or("string"))?;
        Some(Attribute {
            label: self.description.unwrap_or_else(|| self.code.clone()),
            code: self.code,
            hint: self.datatype_description,
            datatype,
            required: self.required.unwrap_or(false),
            variable: self.variable.unwrap_or(true),
            order: self.order.unwrap_or(i64::MAX),
            values: self
                .values
                .into_vec()
                .into_iter()
                .map(|v| AttributeValue {
                    name: v.name.unwrap_or_else(|| v.key.clone()),
                    key: v.key,
                })
                .collect(),
        })
    }
}

/// The definition joined with the catalogue entry (name, description, kind), since
/// Open311's definition carries only the questions.
pub async fn definition(
    client: &Open311,
    code: &str,
    locale: Locale,
) -> Result<ServiceDefinition, UpstreamError> {
    let services = client.services(locale).await?;
    let summary = services
        .into_iter()
        .find(|s| s.code == code)
        .ok_or(UpstreamError::NotFound)?;
    let path = format!("services/{}.json", urlencode_segment(code));
    let entry: DefinitionEntry = match client.get(&path, &[("locale", locale.tag())]).await {
        Ok(entry) => entry,
        // A service without metadata may have no definition at all.
        Err(UpstreamError::NotFound) => DefinitionEntry {
            service_code: code.to_owned(),
            attributes: OneOrMany::default(),
            time_limit_days: None,
        },
        Err(error) => return Err(error),
    };
    let mut attributes: Vec<Attribute> = entry
        .attributes
        .into_vec()
        .into_iter()
        .filter_map(AttributeEntry::into_attribute)
        .collect();
    attributes.sort_by_key(|a| a.order);
    Ok(ServiceDefinition {
        code: entry.service_code,
        name: summary.name,
        description: summary.description,
        category: summary.category,
        kind: summary.kind,
        time_limit_days: count(entry.time_limit_days).or(summary.time_limit_days),
        attributes,
    })
}

pub fn urlencode_segment(segment: &str) -> String {
    url::form_urlencoded::byte_serialize(segment.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sparse_real_world_entries() {
        let json = r#"[
            {"service_code": 4, "service_name": "Pothole", "keywords": null, "group": ""},
            {"service_code": "noise", "service_name": "噪音扰民投诉", "description": "夜间施工",
             "metadata": true, "type": "realtime", "keywords": "complaint,噪音,noise", "group": "环境",
             "time_limit_days": "13", "common_rank": 2},
            {"service_code": "odd", "time_limit_days": -1, "common_rank": "first"}
        ]"#;
        let entries: Vec<ServiceEntry> = serde_json::from_str(json).unwrap();
        let services: Vec<ServiceSummary> = entries.into_iter().map(Into::into).collect();
        assert_eq!(services[0].code, "4");
        assert_eq!(services[0].kind, None);
        assert_eq!(
            services[0].time_limit_days, None,
            "no extension: not published"
        );
        assert_eq!(services[0].common_rank, None);
        assert_eq!(services[0].category, None);
        assert_eq!(services[1].kind, Some(ServiceKind::Complaint));
        assert_eq!(services[1].keywords, vec!["噪音", "noise"]);
        assert_eq!(services[1].category.as_deref(), Some("环境"));
        assert_eq!(
            services[1].time_limit_days,
            Some(13),
            "read from XML's text too"
        );
        assert_eq!(services[1].common_rank, Some(2));
        assert_eq!(
            services[2].time_limit_days, None,
            "nonsense is not published"
        );
        assert_eq!(services[2].common_rank, None);
    }

    #[test]
    fn reads_definitions_with_strings_for_booleans_and_numbers() {
        let json = r#"{"service_code": "x", "attributes": [
            {"code": "b", "variable": "true", "datatype": "singlevaluelist", "required": "false",
             "order": "2", "description": "Which?", "values": [{"key": 1, "name": "One"}]},
            {"code": "a", "datatype": "number", "required": true, "order": 1},
            {"code": "z", "datatype": "hologram"}
        ]}"#;
        let entry: DefinitionEntry = serde_json::from_str(json).unwrap();
        let mut attributes: Vec<Attribute> = entry
            .attributes
            .into_vec()
            .into_iter()
            .filter_map(AttributeEntry::into_attribute)
            .collect();
        attributes.sort_by_key(|a| a.order);
        assert_eq!(attributes.len(), 2, "an unknown datatype is left out");
        assert_eq!(attributes[0].code, "a");
        assert!(attributes[0].required);
        assert_eq!(attributes[1].values[0].key, "1");
        assert_eq!(attributes[1].label, "Which?");
        assert!(!attributes[1].required);
    }
}
