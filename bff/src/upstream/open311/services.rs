//! `services.json` and `services/{code}.json`, read tolerantly into the contract's types.

use api::{
    Attribute, AttributeValue, Datatype, Locale, ServiceDefinition, ServiceKind, ServiceSummary,
};
use serde::Deserialize;

use super::tolerant::{self, OneOrMany};
use super::{Open311, paging};
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
    /// Extension (the sandbox has it; a plain GeoReport v2 server does not): 办理时限,
    /// read under the profile's `time_limit_key`.
    #[serde(skip)]
    time_limit_days: Option<i64>,
    /// Extension: the city's rank among its most used services.
    #[serde(default, deserialize_with = "tolerant::opt_i64")]
    common_rank: Option<i64>,
}

/// The time limit under the profile's key (none when the key is empty).
fn time_limit(value: &serde_json::Value, key: &str) -> Option<i64> {
    if key.is_empty() {
        return None;
    }
    tolerant::opt_i64(value.get(key)?.clone()).ok().flatten()
}

/// One entry of `services.json`, its time limit read under the profile's key.
fn service_entry(value: serde_json::Value, time_limit_key: &str) -> Option<ServiceEntry> {
    let days = time_limit(&value, time_limit_key);
    let mut entry = ServiceEntry::deserialize(value).ok()?;
    entry.time_limit_days = days;
    Some(entry)
}

/// The whole catalogue, every page of it, bounded in pages and time.
pub async fn list(client: &Open311, locale: Locale) -> Result<Vec<ServiceSummary>, UpstreamError> {
    let paging = &client.profile.services;
    let mut url = client.url("services.json");
    url.query_pairs_mut().append_pair("locale", locale.tag());
    if let Some(size) = paging.page_size {
        url = paging::counted_page(&url, 1, size);
    }
    let deadline = tokio::time::Instant::now() + client.timeout * 4;
    let mut services: Vec<ServiceSummary> = Vec::new();
    let mut page = 1;
    loop {
        let (values, next): (OneOrMany<serde_json::Value>, _) =
            tokio::time::timeout_at(deadline, client.get_url(url.clone()))
                .await
                .map_err(|_| UpstreamError::Timeout)??;
        let values = values.into_vec();
        let full_page = paging
            .page_size
            .is_some_and(|size| values.len() >= size as usize);
        let before = services.len();
        for value in values {
            if let Some(entry) = service_entry(value, &paging.time_limit_key) {
                let summary = ServiceSummary::from(entry);
                // A server that pages by offset may repeat an entry across pages.
                if !services.iter().any(|s| s.code == summary.code) {
                    services.push(summary);
                }
            }
        }
        let next = next.or_else(|| {
            paging
                .page_size
                .filter(|_| full_page && services.len() > before)
                .map(|size| paging::counted_page(&url, page + 1, size))
        });
        let Some(next) = next else { break };
        if page >= paging.max_pages {
            tracing::warn!(
                pages = page,
                "services: more pages than max_pages; the rest is left out"
            );
            break;
        }
        url = next;
        page += 1;
    }
    Ok(services)
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
    /// Extension, as in the service list (under the profile's key).
    #[serde(skip)]
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
    let fetched: Result<serde_json::Value, _> =
        client.get(&path, &[("locale", locale.tag())]).await;
    let entry: DefinitionEntry = match fetched {
        Ok(value) => {
            let days = time_limit(&value, &client.profile.services.time_limit_key);
            let mut entry = DefinitionEntry::deserialize(value)
                .map_err(|e| UpstreamError::Invalid(e.to_string()))?;
            entry.time_limit_days = days;
            entry
        }
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
        let entries: Vec<serde_json::Value> = serde_json::from_str(json).unwrap();
        let services: Vec<ServiceSummary> = entries
            .into_iter()
            .filter_map(|v| service_entry(v, "time_limit_days"))
            .map(Into::into)
            .collect();
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
    fn the_time_limit_is_read_under_the_profiles_key() {
        let value =
            serde_json::json!({"service_code": "x", "limit_days": "5", "time_limit_days": 9});
        assert_eq!(
            service_entry(value.clone(), "limit_days")
                .unwrap()
                .time_limit_days,
            Some(5)
        );
        assert_eq!(service_entry(value, "").unwrap().time_limit_days, None);
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
