//! `huiyin-sandbox`: runs the sandbox upstream on its own.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use sandbox::{Sandbox, SandboxConfig};

use tracing_subscriber::EnvFilter;

/// An Open311 GeoReport v2 server with a 12345 case workflow, on SQLite.
#[derive(Debug, Parser)]
#[command(name = "huiyin-sandbox", version)]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "HUIYIN_SANDBOX_LISTEN", default_value = "127.0.0.1:8311")]
    listen: SocketAddr,
    /// SQLite file; created and seeded when missing.
    #[arg(
        long,
        env = "HUIYIN_SANDBOX_DB",
        default_value = "data/sandbox.sqlite3"
    )]
    db: PathBuf,
    /// An API key accepted on POST (repeat for several; comma-separated in the env var).
    #[arg(long = "api-key", env = "HUIYIN_API_KEY", value_delimiter = ',')]
    api_keys: Vec<String>,
    /// Bearer token of the admin API; without it the admin API is off.
    #[arg(long, env = "HUIYIN_SANDBOX_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// Move every open case one stage along every this many seconds.
    #[arg(long, env = "HUIYIN_SANDBOX_DEMO_INTERVAL_SECS")]
    demo_interval_secs: Option<u64>,
    /// Answer as a plain GeoReport v2 city: no extensions, a paged catalogue, ids that are
    /// not numbers, refusals with the reason (see the README).
    #[arg(long, env = "HUIYIN_SANDBOX_PLAIN")]
    plain: bool,
    /// In plain mode: services per page of `services.json`.
    #[arg(long, env = "HUIYIN_SANDBOX_PAGE_SIZE", default_value_t = sandbox::PlainMode::default().services_page_size)]
    page_size: u32,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sandbox=debug")),
        )
        .init();
    let args = Args::parse();
    if args.api_keys.is_empty() {
        tracing::warn!("no --api-key given: every POST will answer 403");
    }
    let config = SandboxConfig {
        db_path: args.db.clone(),
        api_keys: args.api_keys,
        admin_token: args.admin_token,
        demo: args.demo_interval_secs.map(Duration::from_secs),
        plain: args.plain.then(|| sandbox::PlainMode {
            services_page_size: args.page_size.max(1),
        }),
    };
    let sandbox =
        Sandbox::open(config).with_context(|| format!("opening {}", args.db.display()))?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("binding {}", args.listen))?;
    tracing::info!(addr = %listener.local_addr()?, "sandbox listening");
    axum::serve(listener, sandbox.router())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("sandbox stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
