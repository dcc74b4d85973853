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

use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Duration;

use api::{CaseAction, Locale, ServiceDefinition, ServiceSummary};
use serde::de::DeserializeOwned;
use url::Url;

use crate::metrics::observe_upstream;

use super::breaker::{Call, Fault};
use super::{
    Breaker, CaseRecord, CityFiling, FiledCase, Profile, ResidentAction, Upstream, UpstreamError,
    UpstreamLookup,
};

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
    lookup: UpstreamLookup,
    /// An answer longer than this is not read on: unreadable, whatever follows.
    max_answer_bytes: usize,
    /// What this city does differently from the standard.
    profile: Profile,
    timeout: Duration,
    capabilities: capabilities::Learned,
}

/// How the adapter is set up besides its address.
#[derive(Clone, Debug)]
pub struct Open311Options {
    pub api_key: Option<String>,
    pub timeout: Duration,
    pub lookup: UpstreamLookup,
    pub max_answer_bytes: usize,
    pub profile: Profile,
}

impl Open311 {
    /// `base` is the endpoint's root, under which `services.json` lives.
    pub fn new(base: Url, options: Open311Options) -> Result<Open311, reqwest::Error> {
        let Open311Options {
            api_key,
            timeout,
            lookup,
            max_answer_bytes,
            profile,
        } = options;
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
            lookup,
            max_answer_bytes,
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
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let call = call_of(
            "GET",
            url.path(),
            pairs
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str())),
        );
        let mut attempt = 0;
        loop {
            let result = self
                .call(self.http.get(url.clone()), Method::Get, &self.reads, call)
                .await;
            match result {
                Err(
                    UpstreamError::Unreachable
                    | UpstreamError::Interrupted
                    | UpstreamError::Status(502..=504),
                ) if attempt < RETRY_BACKOFF.len() => {
                    tokio::time::sleep(RETRY_BACKOFF[attempt]).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// POST a form, once: a repeated POST could file a second case. With a token, it goes
    /// as `Idempotency-Key` for upstreams that honour it (others ignore the header).
    async fn post_form<T: DeserializeOwned>(
        &self,
        path: &str,
        form: &[(String, String)],
        idempotency_token: Option<&str>,
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
        let mut request = self.http.post(self.url(path));
        if let Some(token) = idempotency_token {
            request = request.header(api::paths::IDEMPOTENCY_KEY_HEADER, token);
        }
        let request = request
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body);
        let (value, _) = self.call(request, Method::Post, &self.writes, call).await?;
        Ok(value)
    }

    async fn call<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
        method: Method,
        breaker: &Breaker,
        call: Call,
    ) -> Result<(T, Option<Url>), UpstreamError> {
        if !breaker.allows() {
            return Err(UpstreamError::CircuitOpen);
        }
        let result = send(
            request,
            method,
            &self.profile.filing.address_field,
            self.max_answer_bytes,
        )
        .await;
        match &result {
            Err(
                UpstreamError::Unreachable | UpstreamError::Interrupted | UpstreamError::Timeout,
            ) => breaker.record_fault(call, Fault::Unhealthy),
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
    max_answer_bytes: usize,
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
    let body = read_capped(response, max_answer_bytes).await?;
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
    let body = read_refusal(response, MAX_REFUSAL_BODY).await;
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

/// At most `limit` bytes of a refusal's body; what does not arrive is left out.
async fn read_refusal(mut response: reqwest::Response, limit: usize) -> Vec<u8> {
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

/// The answer's body, chunk by chunk, given up past `max` bytes: a runaway or hostile
/// answer costs at most `max` of memory, never its own size.
async fn read_capped(
    mut response: reqwest::Response,
    max: usize,
) -> Result<Vec<u8>, UpstreamError> {
    let too_large = || UpstreamError::Invalid(format!("answer larger than {max} bytes"));
    if response
        .content_length()
        .is_some_and(|length| length > max as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(from_reqwest)? {
        if body.len() + chunk.len() > max {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
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

/// A failure before the connection stood (`Unreachable`: nothing was sent) is told apart
/// from one after (`Timeout`, `Interrupted`: the upstream may have acted).
fn from_reqwest(error: reqwest::Error) -> UpstreamError {
    if error.is_connect() {
        UpstreamError::Unreachable
    } else if error.is_timeout() {
        UpstreamError::Timeout
    } else if error.is_decode() {
        UpstreamError::Invalid(error.to_string())
    } else {
        UpstreamError::Interrupted
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

    async fn file(&self, case: &CityFiling) -> Result<FiledCase, UpstreamError> {
        observe_upstream("file", requests::file(self, case)).await
    }

    fn lookup(&self) -> UpstreamLookup {
        self.lookup
    }

    async fn find_filed(
        &self,
        case: &CityFiling,
        first_sent_at: i64,
    ) -> Result<Vec<FiledCase>, UpstreamError> {
        observe_upstream(
            "find_filed",
            requests::find_filed(self, case, first_sent_at),
        )
        .await
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
            Open311Options {
                api_key: None,
                timeout: Duration::from_secs(1),
                lookup: UpstreamLookup::Search,
                max_answer_bytes: 1024,
                profile: Profile::default(),
            },
        )
        .unwrap();
        assert_eq!(
            client.url("services.json").as_str(),
            "http://city.example/open311/v2/services.json"
        );
    }
}
