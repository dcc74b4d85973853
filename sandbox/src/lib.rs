//! Huiyin's sandbox upstream: a real Open311 GeoReport v2 server on SQLite, seeded with
//! a city's 12345 hotline and one-network (一网通办) services, with the case workflow
//! (accept, assign, escalate, answer…) driven by an admin API or a demo timer.
//!
//! The BFF runs it on a loopback port and talks to it over HTTP, exactly as to a city's
//! own system: nothing here is shared with the BFF but the wire format.

mod admin;
mod cases;
mod catalogue;
mod clock;
mod db;
mod demo;
mod doc;
mod error;
mod format;
mod locale;
mod open311;
mod params;
mod routes;
mod stage;
mod wording;
mod workflow;
mod working_days;
mod xml;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use db::Db;

#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// The SQLite file: created with schema and seed on first open, kept across restarts.
    pub db_path: PathBuf,
    /// POST requests and the resident actions need one of these as `api_key`.
    pub api_keys: Vec<String>,
    /// Bearer token of the admin API; `None` switches the admin API off (404).
    pub admin_token: Option<String>,
    /// `Some(interval)`: a timer moves every open case one stage along per interval.
    pub demo: Option<Duration>,
    /// `Some`: answer as a plain GeoReport v2 city does, without any of our extensions.
    pub plain: Option<PlainMode>,
}

/// How the sandbox behaves in plain mode (`--plain`), like the third-party GeoReport v2
/// servers cities really run: no resident-action endpoints, no `extended_attributes` or
/// `notes` even with `extensions=true`, no `time_limit_days`/`common_rank`, no definition
/// for services with `metadata: false`, the catalogue in pages (`?page=`, `X-Result-Count`,
/// `X-Next-Page-URL`), case ids of 8 lowercase letters and digits, the address read from
/// `address` (not the standard `address_string`), a due date put at the filing moment, and
/// refusals answered 4xx or 5xx with the reason in the GeoReport error array.
#[derive(Clone, Debug)]
pub struct PlainMode {
    /// Services per page of `services.json`.
    pub services_page_size: u32,
}

impl Default for PlainMode {
    fn default() -> Self {
        // Smaller than the seeded catalogue, so that a client must follow the pages.
        PlainMode {
            services_page_size: 8,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("creating the database's folder: {0}")]
    Io(#[from] std::io::Error),
    #[error("migrating the database: {0}")]
    Migration(String),
}

/// A running sandbox: cheap to clone, all clones share one database.
#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    config: SandboxConfig,
    db: Db,
    demo_started: AtomicBool,
}

impl Sandbox {
    pub fn open(config: SandboxConfig) -> Result<Sandbox, SandboxError> {
        let db = Db::open(&config.db_path)?;
        Ok(Sandbox {
            inner: Arc::new(Inner {
                config,
                db,
                demo_started: AtomicBool::new(false),
            }),
        })
    }

    /// All endpoints at the root: `/services.json`, `/requests.xml`, `/admin/…`.
    ///
    /// Called inside a tokio runtime with `demo` configured, it also starts the demo
    /// timer (once per sandbox; see [`Sandbox::spawn_demo`]).
    pub fn router(&self) -> axum::Router {
        let _ = self.spawn_demo();
        routes::router(self.clone())
    }

    /// Starts the demo timer on the current tokio runtime. `None` when `demo` is not
    /// configured, the timer already runs, or there is no runtime. The timer stops by
    /// itself once every clone of the sandbox (and its routers) is dropped.
    pub fn spawn_demo(&self) -> Option<tokio::task::JoinHandle<()>> {
        let interval = self.inner.config.demo?;
        let runtime = tokio::runtime::Handle::try_current().ok()?;
        if self.inner.demo_started.swap(true, Ordering::SeqCst) {
            return None;
        }
        tracing::info!(
            interval_ms = interval.as_millis() as u64,
            "demo timer started"
        );
        Some(runtime.spawn(demo::run(Arc::downgrade(&self.inner), interval)))
    }

    pub(crate) fn db(&self) -> &Db {
        &self.inner.db
    }

    pub(crate) fn config(&self) -> &SandboxConfig {
        &self.inner.config
    }

    /// Plain mode's settings, when it is on.
    pub(crate) fn plain(&self) -> Option<&PlainMode> {
        self.inner.config.plain.as_ref()
    }
}

/// Compares a secret without stopping at the first differing byte.
pub(crate) fn secret_eq(expected: &str, given: &str) -> bool {
    let (a, b) = (expected.as_bytes(), given.as_bytes());
    let mut diff = a.len() ^ b.len();
    for (i, x) in a.iter().enumerate() {
        diff |= usize::from(x ^ b.get(i).copied().unwrap_or(0));
    }
    diff == 0
}
