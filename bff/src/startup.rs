use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::{MatchedPath, Request};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::trace::TraceLayer;
use url::Url;

use crate::cases::{CaseWatchers, FailureLog, GuessLimiter, MemoryFailures, QueryCodes};
use crate::catalogue::Catalogue;
use crate::clerks::{ClerkOffice, ClerkStore};
use crate::filing::{IdempotencyStore, KeyedLocks, SqliteIdempotencyStore};
use crate::media::{DiskPhotos, MediaStore, PhotoBytes};
use crate::postgres::{PgCasePolls, PgClerks, PgFailures, PgIdempotencyStore, PgPhotos, Postgres};
use crate::upstream::{Open311, Open311Options, Profile, Upstream, UpstreamLookup};
use crate::{
    Config, client_ip, client_limits, metrics, routes, security_headers, server, shutdown,
    static_files,
};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub upstream: Arc<dyn Upstream>,
    pub catalogue: Arc<Catalogue>,
    pub idempotency: Arc<dyn IdempotencyStore>,
    pub filing_locks: Arc<KeyedLocks>,
    /// The longest one filing attempt can act on a key (docs/exactly-once.md): a key
    /// `pending` for longer belonged to a process that died.
    pub attempt_time: Duration,
    pub codes: QueryCodes,
    /// Tokens for the pages' own HTML forms (pages/form_guard.rs), from the same secret.
    pub forms: crate::pages::form_guard::FormGuard,
    pub guesses: Arc<GuessLimiter>,
    pub watchers: Arc<CaseWatchers>,
    pub clerks: Arc<ClerkOffice>,
    pub media: MediaStore,
    /// Turns true when the instance starts draining (SIGTERM): live-update streams end
    /// then, with a retry hint, so browsers reconnect to another instance.
    pub draining: watch::Receiver<bool>,
}

/// The BFF, bound and ready, and (unless `--upstream` is given) the embedded sandbox.
pub struct Application {
    listener: TcpListener,
    router: Router,
    connection_limits: server::ConnectionLimits,
    sandbox: Option<EmbeddedSandbox>,
    drain: watch::Sender<bool>,
}

struct EmbeddedSandbox {
    url: Url,
    stop: watch::Sender<bool>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let timeout = Duration::from_millis(config.upstream_timeout_ms);
        let (upstream_url, api_key, sandbox) = match &config.upstream {
            Some(url) => (url.clone(), config.api_key.clone(), None),
            None => {
                // The embedded sandbox and the BFF share one key, made up when none is given.
                let api_key = config.api_key.clone().unwrap_or_else(random_key);
                let sandbox = start_sandbox(&config, &api_key).await?;
                (sandbox.url.clone(), Some(api_key), Some(sandbox))
            }
        };
        let profile = match &config.upstream_profile {
            Some(path) => Profile::load(path)?,
            None => Profile::default(),
        };
        // The full sandbox honours `Idempotency-Key`; a city's server (and the plain
        // sandbox, which plays one) is assumed not to.
        let lookup = config.upstream_lookup.unwrap_or(
            if config.upstream.is_some() || config.sandbox_plain {
                UpstreamLookup::Search
            } else {
                UpstreamLookup::IdempotencyKey
            },
        );
        let upstream = Open311::new(
            upstream_url,
            Open311Options {
                api_key,
                timeout,
                lookup,
                max_answer_bytes: usize::try_from(config.upstream_max_answer_bytes)
                    .unwrap_or(usize::MAX),
                profile,
            },
        )
        .context("building the HTTP client")?;
        let upstream: Arc<dyn Upstream> = Arc::new(upstream);
        config.check().map_err(anyhow::Error::msg)?;
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("binding {}", config.listen))?;
        // Photo URLs and tracking links need the port actually bound (`--listen 127.0.0.1:0`).
        let config = config.with_default_public_url(listener.local_addr()?);
        let (drain, draining) = watch::channel(false);
        let state = resident_state(upstream, &config, draining).await?;
        spawn_photo_sweeper(
            state.media.clone(),
            Duration::from_secs(config.unattached_photo_secs),
        );
        spawn_idempotency_sweeper(
            state.idempotency.clone(),
            Duration::from_secs(config.idempotency_retention_secs),
        );
        let router = app(state, &config);
        Ok(Application {
            listener,
            router,
            connection_limits: server::ConnectionLimits::from_config(&config),
            sandbox,
            drain,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("bound listener")
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.local_addr())
    }

    /// The embedded sandbox's base URL (its Open311 root), when it runs.
    pub fn sandbox_url(&self) -> Option<&Url> {
        self.sandbox.as_ref().map(|s| &s.url)
    }

    /// Serves until Ctrl-C or SIGTERM, then drains: see [`server::serve`].
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown::signal()).await
    }

    pub async fn run_until(
        self,
        stop: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        tracing::info!(url = %self.url(), "serving");
        let drain = self.drain;
        let stop = async move {
            stop.await;
            let _ = drain.send(true);
        };
        server::serve(self.listener, self.router, self.connection_limits, stop).await;
        if let Some(sandbox) = self.sandbox {
            let _ = sandbox.stop.send(true);
            sandbox.task.await.context("sandbox task")??;
        }
        tracing::info!("stopped");
        Ok(())
    }
}

/// The router, as a factory so that tests can build it too.
pub fn app(state: AppState, config: &Config) -> Router {
    let media = state.media.clone();
    // Each locale's messages file, made (hashed, compressed) once before serving.
    crate::messages::files();
    let pages = crate::pages::Pages {
        state: state.clone(),
        template: crate::pages::Template::load(&config.dist_dir, "index.html"),
        full: crate::pages::Template::load(&config.dist_dir, "full.html"),
    };
    let (documented, document) = routes::documented()
        .with_state(state)
        .merge(routes::media::router(media))
        .split_for_parts();
    routes::publish_document(&document);
    // JSON answers gzip-compressed for clients that ask (the catalogue: 5.4 KB -> 2 KB), at a
    // cheap level; event streams, photos and tiny answers as they are (the default predicate).
    // The app's files are precompressed at build time instead (static_files).
    let documented =
        documented.layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)));
    let router = Router::new()
        .merge(documented)
        .merge(routes::unknown_api())
        .merge(crate::pages::forms(pages.clone()))
        .merge(static_files::router(&config.dist_dir, pages));
    metrics::install();
    // Outside the limits, so that refusals are counted too.
    // Outermost of the three: the limits count the client it finds.
    // Shedding before the per-client limits: the cheapest refusal comes first.
    let router = server::shed_load(client_limits::apply(router, config), config)
        .layer(axum::Extension(metrics::MetricsAccess::new(
            config.metrics_token.clone(),
        )))
        .layer(axum::middleware::from_fn(metrics::track_http))
        .layer(axum::middleware::from_fn_with_state(
            client_ip::TrustedProxies::new(&config.trusted_proxies),
            client_ip::resolve,
        ));
    security_headers::apply(router, config).layer(
        TraceLayer::new_for_http()
            // Route pattern only: paths and queries can carry case ids and query codes.
            .make_span_with(|request: &Request| {
                let route = request
                    .extensions()
                    .get::<MatchedPath>()
                    .map_or("static", MatchedPath::as_str);
                tracing::info_span!("request", method = %request.method(), route)
            })
            .on_response(log_response)
            // The BFF chose every status it sends: a 502 it answers for a failing city is
            // logged once, at WARN, by `log_response`; no second ERROR line for it.
            .on_failure(()),
    )
}

/// The request log's line for each answer, inside the request's span (method and route
/// pattern). An answer caused by the city's system is the one WARN line of that fault.
fn log_response(response: &axum::response::Response, latency: Duration, _span: &tracing::Span) {
    let ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
    let status = response.status().as_u16();
    match response.extensions().get::<crate::error::UpstreamFault>() {
        Some(fault) => tracing::warn!(
            status,
            ms,
            code = fault.code.as_str(),
            upstream_status = fault.upstream_status,
            "upstream fault"
        ),
        None => tracing::info!(status, ms, "finished processing request"),
    }
}

/// Deletes photos no request named within `retention`, at start-up and then every quarter
/// of the retention (at most hourly). Counts only: nothing of a photo reaches the log.
fn spawn_photo_sweeper(media: MediaStore, retention: Duration) {
    let every = (retention / 4).clamp(Duration::from_secs(1), Duration::from_secs(3600));
    tokio::spawn(async move {
        loop {
            match media.sweep(retention).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "unattached photos deleted"),
                Err(error) => tracing::warn!(%error, "sweeping unattached photos"),
            }
            tokio::time::sleep(every).await;
        }
    });
}

/// Forgets completed idempotency keys older than `retention`, at start-up and then hourly.
fn spawn_idempotency_sweeper(store: Arc<dyn IdempotencyStore>, retention: Duration) {
    let every = (retention / 24).clamp(Duration::from_secs(1), Duration::from_secs(3600));
    tokio::spawn(async move {
        loop {
            match store.sweep(retention).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "expired idempotency keys deleted"),
                Err(error) => tracing::warn!(%error, "sweeping idempotency keys"),
            }
            tokio::time::sleep(every).await;
        }
    });
}

async fn start_sandbox(config: &Config, api_key: &str) -> anyhow::Result<EmbeddedSandbox> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating data folder {}", config.data_dir.display()))?;
    let sandbox = sandbox::Sandbox::open(sandbox::SandboxConfig {
        db_path: config.data_dir.join("sandbox.sqlite3"),
        api_keys: vec![api_key.to_owned()],
        admin_token: config.sandbox_admin_token.clone(),
        demo: config
            .sandbox_demo_interval_secs
            .filter(|secs| *secs > 0)
            .map(Duration::from_secs),
        plain: config.sandbox_plain.then(sandbox::PlainMode::default),
    })
    .context("opening the embedded sandbox")?;
    let listener = TcpListener::bind(config.sandbox_listen)
        .await
        .with_context(|| format!("binding the sandbox on {}", config.sandbox_listen))?;
    let addr = listener.local_addr()?;
    let url: Url = format!("http://{addr}/").parse()?;
    tracing::info!(%url, "embedded sandbox listening");
    let (stop, stopped) = watch::channel(false);
    let router = sandbox.router();
    let task = tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(shutdown::requested(stopped))
            .await
    });
    Ok(EmbeddedSandbox { url, stop, task })
}

/// What instances share, or keep alone: PostgreSQL with `--database-url`, else the SQLite
/// file, memory and disk of this instance.
struct Stores {
    idempotency: Arc<dyn IdempotencyStore>,
    clerks: ClerkStore,
    guesses: Arc<dyn FailureLog>,
    sign_ins: Arc<dyn FailureLog>,
    photos: Arc<dyn PhotoBytes>,
    secret: String,
    polls: Option<PgCasePolls>,
}

async fn stores(config: &Config) -> anyhow::Result<Stores> {
    let Some(url) = &config.database_url else {
        let file = config.data_dir.join("bff.sqlite3");
        return Ok(Stores {
            idempotency: Arc::new(
                SqliteIdempotencyStore::open(&file).context("opening the idempotency store")?,
            ),
            clerks: ClerkStore::open(&file).context("opening the clerk accounts")?,
            guesses: Arc::new(MemoryFailures::default()),
            sign_ins: Arc::new(MemoryFailures::default()),
            photos: Arc::new(DiskPhotos::new(&config.data_dir)),
            secret: match &config.query_code_secret {
                Some(secret) => secret.clone(),
                None => stored_secret(&config.data_dir.join("query-code.secret"))?,
            },
            polls: None,
        });
    };
    let db = Postgres::connect(url)
        .await
        .context("connecting to PostgreSQL (--database-url)")?;
    // Every instance must give out the same codes: the first one's secret, kept in the
    // database, unless the operator gives one to all.
    let secret = match &config.query_code_secret {
        Some(secret) => secret.clone(),
        None => db
            .shared_secret(&(random_key() + &random_key()))
            .await
            .context("reading the shared query-code secret")?,
    };
    Ok(Stores {
        idempotency: Arc::new(PgIdempotencyStore::new(db.clone())),
        clerks: ClerkStore::new(Arc::new(PgClerks::new(db.clone()))),
        guesses: Arc::new(PgFailures::new(db.clone(), "query-code")),
        sign_ins: Arc::new(PgFailures::new(db.clone(), "sign-in")),
        photos: Arc::new(PgPhotos::new(db.clone())),
        secret,
        polls: Some(PgCasePolls::new(db)),
    })
}

/// The state behind the resident's routes, with its stores in the data folder or PostgreSQL.
async fn resident_state(
    upstream: Arc<dyn Upstream>,
    config: &Config,
    draining: watch::Receiver<bool>,
) -> anyhow::Result<AppState> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating data folder {}", config.data_dir.display()))?;
    let stores = stores(config).await?;
    let idempotency = stores.idempotency;
    let secret = stores.secret;
    Ok(AppState {
        catalogue: Arc::new(Catalogue::new(
            upstream.clone(),
            Duration::from_secs(config.catalogue_ttl_secs),
        )),
        idempotency,
        filing_locks: Arc::new(KeyedLocks::default()),
        // A POST is over (answered or given up) one time limit after it starts; the second
        // covers a late answer still landing at the upstream, the second's slack the clock.
        attempt_time: Duration::from_millis(config.upstream_timeout_ms * 2 + 1000),
        codes: QueryCodes::new(secret.as_bytes()),
        forms: crate::pages::form_guard::FormGuard::with_lifetime(
            secret.as_bytes(),
            Duration::from_secs(config.form_token_lifetime_secs),
        ),
        guesses: Arc::new(GuessLimiter::with_log(
            Duration::from_secs(15 * 60),
            config.guesses_per_case,
            config.guesses_per_client,
            stores.guesses,
        )),
        watchers: Arc::new(CaseWatchers::new(
            upstream.clone(),
            Duration::from_secs(config.case_poll_secs.max(1)),
            stores.polls,
        )),
        clerks: Arc::new(ClerkOffice {
            store: stores.clerks,
            sign_ins: GuessLimiter::with_log(
                crate::clerks::SIGN_IN_WINDOW,
                config.clerk_sign_in_failures_per_account,
                config.clerk_sign_in_failures_per_client,
                stores.sign_ins,
            ),
            idle_timeout: Duration::from_secs(config.clerk_idle_timeout_secs),
            session_max: Duration::from_secs(config.clerk_session_max_secs),
            session_warning: Duration::from_secs(config.clerk_session_warning_secs),
            resident_idle: Duration::from_secs(config.clerk_resident_idle_secs),
            resident_warning: Duration::from_secs(config.clerk_resident_warning_secs),
            public_url: config.public_url(),
        }),
        media: MediaStore::kept_in(
            stores.photos,
            &config.public_url(),
            crate::media::Decoding {
                at_once: config.photo_decodes as usize,
                waiting: config.photo_queue as usize,
            },
        ),
        upstream,
        draining,
    })
}

/// Reads the query-code secret, making it (readable by the owner only) on first start.
fn stored_secret(path: &std::path::Path) -> anyhow::Result<String> {
    if let Ok(secret) = std::fs::read_to_string(path)
        && !secret.trim().is_empty()
    {
        return Ok(secret.trim().to_owned());
    }
    let secret = random_key() + &random_key();
    std::fs::write(path, &secret).with_context(|| format!("writing {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(secret)
}

fn random_key() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the OS random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
