use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};
use url::Url;

/// Every setting is a flag with an environment variable of the same meaning; the README
/// lists them. Names are fixed: operators' scripts rely on them.
#[derive(Clone, Debug, Parser)]
#[command(
    name = "huiyin-bff",
    version,
    about = "Huiyin (回音): the 12345 resident app's backend-for-frontend"
)]
pub struct Config {
    /// Address the app and its API are served on.
    #[arg(long, env = "HUIYIN_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Base URL of the city's Open311 GeoReport v2 endpoint (e.g. https://city.example/open311/v2/).
    /// Unset: the embedded sandbox is started in this process and used instead.
    #[arg(long, env = "HUIYIN_UPSTREAM")]
    pub upstream: Option<Url>,

    /// Open311 `api_key` sent to the upstream when filing. With the embedded sandbox and no key
    /// given, a random key is made at start-up and shared with the sandbox.
    #[arg(long, env = "HUIYIN_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,

    /// Folder for the BFF's own data and the embedded sandbox's SQLite file (kept across restarts).
    #[arg(long, env = "HUIYIN_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Folder of the built frontend (Trunk's output).
    #[arg(long, env = "HUIYIN_DIST_DIR", default_value = "dist")]
    pub dist_dir: PathBuf,

    /// Where the embedded sandbox listens (loopback; port 0 picks a free port). Ignored with --upstream.
    #[arg(long, env = "HUIYIN_SANDBOX_LISTEN", default_value = "127.0.0.1:0")]
    pub sandbox_listen: SocketAddr,

    /// Bearer token for the embedded sandbox's admin API (the government side). Unset: admin API off.
    #[arg(long, env = "HUIYIN_SANDBOX_ADMIN_TOKEN", hide_env_values = true)]
    pub sandbox_admin_token: Option<String>,

    /// Seconds between the embedded sandbox's demo steps, which move new cases along the stages.
    /// Unset or 0: demo mode off.
    #[arg(long, env = "HUIYIN_SANDBOX_DEMO_SECS")]
    pub sandbox_demo_secs: Option<u64>,

    /// Time limit for one call to the upstream, in milliseconds.
    #[arg(long, env = "HUIYIN_UPSTREAM_TIMEOUT_MS", default_value_t = 5000)]
    pub upstream_timeout_ms: u64,

    /// Log format on stderr. The level is set with RUST_LOG (default: info).
    #[arg(long, env = "HUIYIN_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Config {
    /// A configuration for tests and embedding: loopback ports chosen by the OS, the embedded
    /// sandbox, the given folders.
    pub fn for_test(data_dir: PathBuf, dist_dir: PathBuf) -> Config {
        Config::parse_from([
            "huiyin-bff",
            "--listen",
            "127.0.0.1:0",
            "--data-dir",
            data_dir.to_str().expect("utf-8 path"),
            "--dist-dir",
            dist_dir.to_str().expect("utf-8 path"),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn flags_are_consistent() {
        Config::command().debug_assert();
    }

    #[test]
    fn defaults_match_the_readme() {
        let config = Config::parse_from(["huiyin-bff"]);
        assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
        assert!(config.upstream.is_none());
        assert_eq!(config.data_dir, PathBuf::from("data"));
        assert_eq!(config.dist_dir, PathBuf::from("dist"));
        assert_eq!(config.upstream_timeout_ms, 5000);
    }
}
