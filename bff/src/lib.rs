//! Huiyin's backend-for-frontend.
//!
//! It validates what the browser sends, talks to the city's system (Open311 GeoReport v2,
//! by default the embedded sandbox) over HTTP, and serves the built frontend.

mod cases;
mod catalogue;
mod clerks;
mod client_ip;
mod client_limits;
mod config;
mod error;
mod filing;
mod media;
mod messages;
pub mod metrics;
mod pages;
mod postgres;
mod routes;
mod security_headers;
mod server;
mod shutdown;
mod startup;
mod static_files;
pub mod telemetry;
pub mod upstream;

pub use config::{ClerkCommand, Command, Config, LogFormat};

/// Runs a `huiyin-bff clerk …` command against the data folder.
pub async fn run_clerk_command(config: &Config, command: &ClerkCommand) -> anyhow::Result<()> {
    clerks::run_command(config, command).await
}
pub use startup::{AppState, Application};

/// For tests only: the throw-away PostgreSQL `cargo xtask test` starts.
#[doc(hidden)]
pub use postgres::testing as postgres_testing;
