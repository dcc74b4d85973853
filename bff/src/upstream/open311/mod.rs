//! The Open311 GeoReport v2 adapter: HTTP to a city's endpoint (by default the embedded
//! sandbox), with a time limit on every call, retries only where repeating is safe, a
//! circuit breaker, and tolerant reading of what real servers send (JSON or XML).

mod requests;
mod services;
mod tolerant;
mod xml;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Duration;

use api::{Locale, ServiceDefinition, ServiceSummary};
use serde::de::DeserializeOwned;
use url::Url;

use crate::metrics::observe_upstream;

use super::breaker::{Call, Fault};
use super::{Breaker, CaseRecord, FiledCase, NewCase, ResidentAction, Upstream, UpstreamError};

/// Distinct failing requests (or failed connections) before a breaker opens.
const BREAKER_THRESHOLD: u32 = 5;
/// How long an open breaker leaves the upstream alone.
const BREAKER_COOL_DOWN: Duration = Duration::from_secs(10);

/// Form fields that differ between attempts of the same request (a per-attempt token) or
/// say nothing about it: left out when recognising a repeat.
const NOT_THE_REQUEST: &[&str] = &["api_key", "device_id"];

/// Backoff before each retry of a safe (GET) call.
const RETRY_BACKOFF: [Duration; 2] = [Duration::from_millis(100), Duration::from_millis(300)];

/// An Open311 GeoReport v2 server reached over HTTP.
#[derive(Debug)]
pub struct Open311 {
    base: Url,
    api_key: Option<String>,
    http: reqwest::Client,
    /// Reading (catalogue, cases) and writing (filing, residents' actions) have a breaker
    /// each: a city whose filing is down still shows residents their cases, and the reverse.
    reads: Breaker,
    writes: Breaker,
}

impl Open311 {
    /// `base` is the endpoint's root, under which `services.json` lives.
    pub fn new(
        base: Url,
        api_key: Option<String>,
        timeout: Duration,
    ) -> Result<Open311, reqwest::Error> {
        let base = with_trailing_slash(base);
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(2)))
            .pool_idle_timeout(Duration::from_secs(60))
            .user_agent(concat!("huiyin-bff/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Open311 {
            base,
            api_key,
            http,
            reads: Breaker::new(BREAKER_THRESHOLD, BREAKER_COOL_DOWN),
            writes: Breaker::new(BREAKER_THRESHOLD, BREAKER_COOL_DOWN),
        })
    }

    fn url(&self, path: &str) -> Url {
        self.base.join(path).expect("relative path")
    }

    /// GET, retried on connection failures and gateway errors (reading twice is harmless).
    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<T, UpstreamError> {
        let mut url = self.url(path);
        url.query_pairs_mut().extend_pairs(query);
        let call = call_of("GET", path, query.iter().copied());
        let mut attempt = 0;
        loop {
            let result = self
                .call(self.http.get(url.clone()), &self.reads, call)
                .await;
            match result {
                Err(UpstreamError::Unreachable | UpstreamError::Status(502..=504))
                    if attempt < RETRY_BACKOFF.len() =>
                {
                    tokio::time::sleep(RETRY_BACKOFF[attempt]).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// POST a form, once: a repeated POST could file a second case.
    async fn post_form<T: DeserializeOwned>(
        &self,
        path: &str,
        form: &[(String, String)],
    ) -> Result<T, UpstreamError> {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let call = call_of(
            "POST",
            path,
            form.iter()
                .map(|(name, value)| (name.as_str(), value.as_str())),
        );
        let request = self
            .http
            .post(self.url(path))
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body);
        self.call(request, &self.writes, call).await
    }

    async fn call<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
        breaker: &Breaker,
        call: Call,
    ) -> Result<T, UpstreamError> {
        if !breaker.allows() {
            return Err(UpstreamError::CircuitOpen);
        }
        let result = send(request).await;
        match &result {
            Err(UpstreamError::Unreachable | UpstreamError::Timeout) => {
                breaker.record_fault(call, Fault::Unhealthy)
            }
            Err(error) if error.is_fault() => breaker.record_fault(call, Fault::Answered),
            _ => breaker.record_success(),
        }
        result
    }

    fn api_key_pair(&self) -> Vec<(String, String)> {
        self.api_key
            .iter()
            .map(|key| ("api_key".to_owned(), key.clone()))
            .collect()
    }
}

async fn send<T: DeserializeOwned>(request: reqwest::RequestBuilder) -> Result<T, UpstreamError> {
    let response = request.send().await.map_err(from_reqwest)?;
    let status = response.status();
    match status.as_u16() {
        200..=299 => {}
        400 | 422 => return Err(UpstreamError::Rejected),
        403 => return Err(UpstreamError::Status(403)),
        404 => return Err(UpstreamError::NotFound),
        409 => return Err(UpstreamError::Conflict),
        other => return Err(UpstreamError::Status(other)),
    }
    let is_xml = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("xml"));
    let body = response.bytes().await.map_err(from_reqwest)?;
    let invalid = |e: serde_json::Error| UpstreamError::Invalid(e.to_string());
    if is_xml {
        let value = xml::to_json(&body).map_err(UpstreamError::Invalid)?;
        serde_json::from_value(value).map_err(invalid)
    } else {
        // Straight from the bytes: no JSON tree in between (the passthrough's hot path).
        serde_json::from_slice(&body).map_err(invalid)
    }
}

/// The request as the upstream sees it, for the breaker to recognise a repeat.
fn call_of<'a>(method: &str, path: &str, fields: impl Iterator<Item = (&'a str, &'a str)>) -> Call {
    let mut hasher = DefaultHasher::new();
    (method, path).hash(&mut hasher);
    for field in fields.filter(|(name, _)| !NOT_THE_REQUEST.contains(name)) {
        field.hash(&mut hasher);
    }
    Call(hasher.finish())
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

#[async_trait::async_trait]
impl Upstream for Open311 {
    async fn services(&self, locale: Locale) -> Result<Vec<ServiceSummary>, UpstreamError> {
        observe_upstream("services", async {
            let entries: tolerant::OneOrMany<services::ServiceEntry> = self
                .get("services.json", &[("locale", locale.tag())])
                .await?;
            Ok(entries.into_vec().into_iter().map(Into::into).collect())
        })
        .await
    }

    async fn definition(
        &self,
        code: &str,
        locale: Locale,
    ) -> Result<ServiceDefinition, UpstreamError> {
        observe_upstream("definition", services::definition(self, code, locale)).await
    }

    async fn file(&self, case: &NewCase) -> Result<FiledCase, UpstreamError> {
        observe_upstream("file", requests::file(self, case)).await
    }

    async fn case(&self, id: &str, locale: Locale) -> Result<CaseRecord, UpstreamError> {
        observe_upstream("case", requests::case(self, id, locale)).await
    }

    async fn act(
        &self,
        id: &str,
        action: &ResidentAction,
        locale: Locale,
    ) -> Result<CaseRecord, UpstreamError> {
        observe_upstream("act", requests::act(self, id, action, locale)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_without_trailing_slash_keeps_its_path() {
        let client = Open311::new(
            "http://city.example/open311/v2".parse().unwrap(),
            None,
            Duration::from_secs(1),
        )
        .unwrap();
        assert_eq!(
            client.url("services.json").as_str(),
            "http://city.example/open311/v2/services.json"
        );
    }
}
