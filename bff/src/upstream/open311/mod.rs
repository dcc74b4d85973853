//! The Open311 GeoReport v2 adapter: HTTP to a city's endpoint (by default the embedded
//! sandbox), with a time limit on every call, retries only where repeating is safe, a
//! circuit breaker, and tolerant reading of what real servers send (JSON or XML).

mod capabilities;
mod paging;
mod refusal;
mod requests;
mod services;
mod tolerant;
mod xml;

use std::time::Duration;

use api::{CaseAction, Locale, ServiceDefinition, ServiceSummary};
use serde::de::DeserializeOwned;
use url::Url;

use crate::metrics::observe_upstream;

use super::{
    Breaker, CaseRecord, FiledCase, NewCase, Profile, ResidentAction, Upstream, UpstreamError,
};

/// Backoff before each retry of a safe (GET) call.
const RETRY_BACKOFF: [Duration; 2] = [Duration::from_millis(100), Duration::from_millis(300)];

/// An Open311 GeoReport v2 server reached over HTTP.
#[derive(Debug)]
pub struct Open311 {
    base: Url,
    api_key: Option<String>,
    http: reqwest::Client,
    breaker: Breaker,
    /// What this city does differently from the standard.
    profile: Profile,
    timeout: Duration,
    capabilities: capabilities::Learned,
}

impl Open311 {
    /// `base` is the endpoint's root, under which `services.json` lives.
    pub fn new(
        base: Url,
        api_key: Option<String>,
        timeout: Duration,
        profile: Profile,
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
            breaker: Breaker::new(5, Duration::from_secs(10)),
            profile,
            timeout,
            capabilities: capabilities::Learned::default(),
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
        self.get_url(url).await.map(|(value, _)| value)
    }

    /// GET of a full URL, answering the link to the next page too when the server gives one.
    async fn get_url<T: DeserializeOwned>(
        &self,
        url: Url,
    ) -> Result<(T, Option<Url>), UpstreamError> {
        let mut attempt = 0;
        loop {
            let result = self.call(self.http.get(url.clone()), Method::Get).await;
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
        let request = self
            .http
            .post(self.url(path))
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body);
        let (value, _) = self.call(request, Method::Post).await?;
        Ok(value)
    }

    async fn call<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
        method: Method,
    ) -> Result<(T, Option<Url>), UpstreamError> {
        if !self.breaker.allows() {
            return Err(UpstreamError::CircuitOpen);
        }
        let result = send(request, method, &self.profile.filing.address_field).await;
        match &result {
            Err(error) if error.is_fault() => self.breaker.record_fault(),
            _ => self.breaker.record_success(),
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

/// Whether repeating the call is harmless, and how a refusal can look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    Get,
    Post,
}

/// The most of a refusal's body read for its reason.
const MAX_REFUSAL_BODY: usize = 16 * 1024;

async fn send<T: DeserializeOwned>(
    request: reqwest::RequestBuilder,
    method: Method,
    address_field: &str,
) -> Result<(T, Option<Url>), UpstreamError> {
    let response = request.send().await.map_err(from_reqwest)?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if !(200..=299).contains(&status) {
        return Err(status_error(response, status, content_type, method, address_field).await);
    }
    let next = paging::next_page(response.url(), response.headers());
    let is_xml = content_type.as_deref().is_some_and(|v| v.contains("xml"));
    let body = response.bytes().await.map_err(from_reqwest)?;
    let invalid = |e: serde_json::Error| UpstreamError::Invalid(e.to_string());
    let value = if is_xml {
        let value = xml::to_json(&body).map_err(UpstreamError::Invalid)?;
        serde_json::from_value(value).map_err(invalid)?
    } else {
        // Straight from the bytes: no JSON tree in between (the passthrough's hot path).
        serde_json::from_slice(&body).map_err(invalid)?
    };
    Ok((value, next))
}

/// A non-2xx answer as an error. Only a POST can be refused: a GET that fails is the
/// city's system failing, whatever it says.
async fn status_error(
    response: reqwest::Response,
    status: u16,
    content_type: Option<String>,
    method: Method,
    address_field: &str,
) -> UpstreamError {
    match status {
        403 => return UpstreamError::Status(403),
        404 => return UpstreamError::NotFound,
        409 => return UpstreamError::Conflict,
        _ => {}
    }
    if method == Method::Get {
        return match status {
            400 | 422 => UpstreamError::Rejected(super::Refusal::default()),
            other => UpstreamError::Status(other),
        };
    }
    let body = read_capped(response, MAX_REFUSAL_BODY).await;
    match refusal::classify(status, content_type.as_deref(), &body) {
        Some(mut refused) => {
            refused.field = refused
                .message
                .as_deref()
                .and_then(|m| refusal::named_field(m, address_field));
            UpstreamError::Rejected(refused)
        }
        None => UpstreamError::Status(status),
    }
}

/// At most `limit` bytes of a body; what does not arrive is left out.
async fn read_capped(mut response: reqwest::Response, limit: usize) -> Vec<u8> {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = limit.saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= limit {
            break;
        }
    }
    body
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
    async fn online_actions(&self) -> Vec<CaseAction> {
        capabilities::online_actions(self).await
    }

    fn case_id(&self, typed: &str) -> Option<String> {
        self.profile.case_ids.normalize(typed)
    }

    async fn services(&self, locale: Locale) -> Result<Vec<ServiceSummary>, UpstreamError> {
        observe_upstream("services", services::list(self, locale)).await
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
            Profile::default(),
        )
        .unwrap();
        assert_eq!(
            client.url("services.json").as_str(),
            "http://city.example/open311/v2/services.json"
        );
    }
}
