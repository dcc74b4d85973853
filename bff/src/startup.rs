use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::{MatchedPath, Request};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use url::Url;

use crate::upstream::{Open311, Upstream};
use crate::{Config, routes, security_headers, shutdown, static_files};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub upstream: Arc<dyn Upstream>,
}

/// The BFF, bound and ready, and (unless `--upstream` is given) the embedded sandbox.
pub struct Application {
    listener: TcpListener,
    router: Router,
    sandbox: Option<EmbeddedSandbox>,
}

struct EmbeddedSandbox {
    url: Url,
    stop: watch::Sender<bool>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let timeout = Duration::from_millis(config.upstream_timeout_ms);
        let (upstream_url, sandbox) = match &config.upstream {
            Some(url) => (url.clone(), None),
            None => {
                let sandbox = start_sandbox(&config).await?;
                (sandbox.url.clone(), Some(sandbox))
            }
        };
        let upstream = Open311::new(upstream_url, timeout).context("building the HTTP client")?;
        let state = AppState {
            upstream: Arc::new(upstream),
        };
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("binding {}", config.listen))?;
        let router = app(state, &config);
        Ok(Application {
            listener,
            router,
            sandbox,
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

    /// Serves until Ctrl-C or SIGTERM, then lets open requests finish.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown::signal()).await
    }

    pub async fn run_until(
        self,
        stop: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        tracing::info!(url = %self.url(), "serving");
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(stop)
            .await
            .context("serving")?;
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
    let router = Router::new()
        .merge(routes::api())
        .merge(routes::health())
        .with_state(state)
        .merge(static_files::router(&config.dist_dir));
    security_headers::apply(router).layer(
        TraceLayer::new_for_http()
            // Route pattern only: paths and queries can carry case ids and query codes.
            .make_span_with(|request: &Request| {
                let route = request
                    .extensions()
                    .get::<MatchedPath>()
                    .map_or("static", MatchedPath::as_str);
                tracing::info_span!("request", method = %request.method(), route)
            })
            .on_response(DefaultOnResponse::new().level(Level::INFO)),
    )
}

async fn start_sandbox(config: &Config) -> anyhow::Result<EmbeddedSandbox> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating data folder {}", config.data_dir.display()))?;
    let api_key = config.api_key.clone().unwrap_or_else(random_key);
    let sandbox = sandbox::Sandbox::open(sandbox::SandboxConfig {
        db_path: config.data_dir.join("sandbox.sqlite3"),
        api_keys: vec![api_key],
        admin_token: config.sandbox_admin_token.clone(),
        demo: config
            .sandbox_demo_secs
            .filter(|secs| *secs > 0)
            .map(Duration::from_secs),
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

fn random_key() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the OS random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
