//! The service catalogue and definitions change rarely and are read by every resident:
//! kept for a TTL, served with an ETag so a phone revalidates with a 304 and no body.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use api::{Locale, ServiceDefinition, ServiceList};
use axum::body::Bytes;
use sha2::{Digest, Sha256};

use crate::upstream::{Upstream, UpstreamError};

/// A JSON answer ready to send, with its ETag.
#[derive(Clone)]
pub struct Cached {
    pub body: Bytes,
    pub etag: String,
    fetched: Instant,
}

impl Cached {
    fn of<T: serde::Serialize>(value: &T) -> Cached {
        let body = Bytes::from(serde_json::to_vec(value).expect("serializable"));
        let digest = Sha256::digest(&body);
        let etag = format!(
            "\"{}\"",
            digest[..12]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        Cached {
            body,
            etag,
            fetched: Instant::now(),
        }
    }
}

type DefinitionCache = HashMap<(String, Locale), (Cached, Arc<ServiceDefinition>)>;

pub struct Catalogue {
    upstream: Arc<dyn Upstream>,
    ttl: Duration,
    lists: Mutex<HashMap<Locale, Cached>>,
    definitions: Mutex<DefinitionCache>,
}

impl Catalogue {
    pub fn new(upstream: Arc<dyn Upstream>, ttl: Duration) -> Catalogue {
        Catalogue {
            upstream,
            ttl,
            lists: Mutex::new(HashMap::new()),
            definitions: Mutex::new(HashMap::new()),
        }
    }

    fn fresh(&self, cached: &Cached) -> bool {
        cached.fetched.elapsed() < self.ttl
    }

    pub async fn list(&self, locale: Locale) -> Result<Cached, UpstreamError> {
        if let Some(cached) = self.lists.lock().expect("cache").get(&locale)
            && self.fresh(cached)
        {
            return Ok(cached.clone());
        }
        let services = self.upstream.services(locale).await?;
        let cached = Cached::of(&ServiceList { locale, services });
        self.lists
            .lock()
            .expect("cache")
            .insert(locale, cached.clone());
        Ok(cached)
    }

    pub async fn definition(
        &self,
        code: &str,
        locale: Locale,
    ) -> Result<(Cached, Arc<ServiceDefinition>), UpstreamError> {
        let key = (code.to_owned(), locale);
        if let Some((cached, definition)) = self.definitions.lock().expect("cache").get(&key)
            && self.fresh(cached)
        {
            return Ok((cached.clone(), definition.clone()));
        }
        let definition = Arc::new(self.upstream.definition(code, locale).await?);
        let cached = Cached::of(&*definition);
        self.definitions
            .lock()
            .expect("cache")
            .insert(key, (cached.clone(), definition.clone()));
        Ok((cached, definition))
    }
}
