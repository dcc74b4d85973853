use std::time::Duration;

use api::{Locale, ServiceKind, ServiceSummary};
use serde::Deserialize;
use url::Url;

use super::{Upstream, UpstreamError};

/// An Open311 GeoReport v2 server reached over HTTP.
#[derive(Clone, Debug)]
pub struct Open311 {
    base: Url,
    http: reqwest::Client,
}

impl Open311 {
    /// `base` is the endpoint's root, under which `services.json` lives.
    pub fn new(base: Url, timeout: Duration) -> Result<Open311, reqwest::Error> {
        let base = with_trailing_slash(base);
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(2)))
            .user_agent(concat!("huiyin-bff/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Open311 { base, http })
    }

    fn url(&self, path: &str) -> Url {
        self.base.join(path).expect("static relative path")
    }

    async fn get_json<T: for<'de> Deserialize<'de>>(&self, url: Url) -> Result<T, UpstreamError> {
        let response = self.http.get(url).send().await.map_err(from_reqwest)?;
        let status = response.status();
        if !status.is_success() {
            return Err(UpstreamError::Status(status.as_u16()));
        }
        let body = response.bytes().await.map_err(from_reqwest)?;
        serde_json::from_slice(&body).map_err(|e| UpstreamError::Invalid(e.to_string()))
    }
}

fn with_trailing_slash(mut base: Url) -> Url {
    if !base.path().ends_with('/') {
        let path = format!("{}/", base.path());
        base.set_path(&path);
    }
    base
}

fn from_reqwest(error: reqwest::Error) -> UpstreamError {
    if error.is_timeout() {
        UpstreamError::Timeout
    } else if error.is_decode() || error.is_body() {
        UpstreamError::Invalid(error.to_string())
    } else {
        UpstreamError::Unreachable
    }
}

/// One entry of `services.json`, read tolerantly: real servers omit optional fields and
/// send `null` for them.
#[derive(Debug, Deserialize)]
struct ServiceEntry {
    service_code: CodeValue,
    #[serde(default)]
    service_name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    keywords: Option<String>,
    #[serde(default)]
    group: Option<String>,
}

/// Some servers send codes as numbers.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum CodeValue {
    Text(String),
    Number(serde_json::Number),
}

impl CodeValue {
    fn into_string(self) -> String {
        match self {
            CodeValue::Text(text) => text,
            CodeValue::Number(number) => number.to_string(),
        }
    }
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
        let code = entry.service_code.into_string();
        ServiceSummary {
            name: entry.service_name.unwrap_or_else(|| code.clone()),
            code,
            description: entry.description.unwrap_or_default(),
            category: entry.group.filter(|g| !g.trim().is_empty()),
            kind,
            keywords: keywords
                .into_iter()
                .filter(|k| ServiceKind::from_token(k).is_none())
                .collect(),
        }
    }
}

#[async_trait::async_trait]
impl Upstream for Open311 {
    async fn services(&self, locale: Locale) -> Result<Vec<ServiceSummary>, UpstreamError> {
        let mut url = self.url("services.json");
        url.query_pairs_mut().append_pair("locale", locale.tag());
        let entries: Vec<ServiceEntry> = self.get_json(url).await?;
        Ok(entries.into_iter().map(ServiceSummary::from).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sparse_real_world_entries() {
        let json = r#"[
            {"service_code": 4, "service_name": "Pothole", "keywords": null, "group": ""},
            {"service_code": "noise", "service_name": "噪音扰民投诉", "description": "夜间施工",
             "metadata": true, "type": "realtime", "keywords": "complaint,噪音,noise", "group": "环境"}
        ]"#;
        let entries: Vec<ServiceEntry> = serde_json::from_str(json).unwrap();
        let services: Vec<ServiceSummary> = entries.into_iter().map(Into::into).collect();
        assert_eq!(services[0].code, "4");
        assert_eq!(services[0].kind, None);
        assert_eq!(services[0].category, None);
        assert_eq!(services[1].kind, Some(ServiceKind::Complaint));
        assert_eq!(services[1].keywords, vec!["噪音", "noise"]);
        assert_eq!(services[1].category.as_deref(), Some("环境"));
    }

    #[test]
    fn base_without_trailing_slash_keeps_its_path() {
        let client = Open311::new(
            "http://city.example/open311/v2".parse().unwrap(),
            Duration::from_secs(1),
        )
        .unwrap();
        assert_eq!(
            client.url("services.json").as_str(),
            "http://city.example/open311/v2/services.json"
        );
    }
}
