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

    /// The site's address as residents and the city's system reach it (photo URLs are built
    /// on it). Unset: `http://<listen address>/`.
    #[arg(long, env = "HUIYIN_PUBLIC_URL")]
    pub public_url: Option<Url>,

    /// `/api/*` requests allowed per client address per minute, on average. 0: no limit.
    #[arg(long, env = "HUIYIN_RATE_LIMIT_PER_MINUTE", default_value_t = 600)]
    pub rate_limit_per_minute: u32,

    /// `/api/*` requests a client may send at once before the per-minute rate applies.
    #[arg(long, env = "HUIYIN_RATE_LIMIT_BURST", default_value_t = 60)]
    pub rate_limit_burst: u32,

    /// Reverse proxies in front of the BFF (addresses or CIDR blocks, comma-separated), whose
    /// `X-Forwarded-For` names the client for per-client limits. Unset: the peer address is the
    /// client, and the header is ignored (anyone could write it).
    #[arg(long, env = "HUIYIN_TRUSTED_PROXIES", value_delimiter = ',', value_parser = crate::client_ip::parse_net)]
    pub trusted_proxies: Vec<ipnet::IpNet>,

    /// Bearer token a Prometheus scraper on another host shows to read `/metrics`. Scrapers
    /// on the same host need none; to everyone else `/metrics` does not exist.
    #[arg(long, env = "HUIYIN_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// Log format on stderr. The level is set with RUST_LOG (default: info).
    #[arg(long, env = "HUIYIN_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Secret for query codes (a keyed MAC of the case id). Unset: one is made on first start
    /// and kept in <data-dir>/query-code.secret, so codes stay valid across restarts. Changing
    /// it invalidates every code already given out.
    #[arg(long, env = "HUIYIN_QUERY_CODE_SECRET", hide_env_values = true)]
    pub query_code_secret: Option<String>,

    /// Wrong query codes allowed per case within 15 minutes.
    #[arg(long, env = "HUIYIN_GUESSES_PER_CASE", default_value_t = 5)]
    pub guesses_per_case: u32,

    /// Wrong query codes allowed per client address within 15 minutes.
    #[arg(long, env = "HUIYIN_GUESSES_PER_CLIENT", default_value_t = 20)]
    pub guesses_per_client: u32,

    /// Seconds between upstream polls of a case that browsers watch live.
    #[arg(long, env = "HUIYIN_CASE_POLL_SECS", default_value_t = 5)]
    pub case_poll_secs: u64,

    /// Seconds the service catalogue and definitions are kept before asking the upstream again.
    #[arg(long, env = "HUIYIN_CATALOGUE_TTL_SECS", default_value_t = 300)]
    pub catalogue_ttl_secs: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Config {
    /// The public URL, or `http://<bound address>/` when none was given: with port 0 only
    /// the bound listener knows the port.
    pub fn with_default_public_url(mut self, bound: SocketAddr) -> Config {
        self.public_url.get_or_insert_with(|| url_of(bound));
        self
    }

    pub fn public_url(&self) -> Url {
        self.public_url
            .clone()
            .unwrap_or_else(|| url_of(self.listen))
    }

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

fn url_of(address: SocketAddr) -> Url {
    format!("http://{address}/")
        .parse()
        .expect("a socket address makes a URL")
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
        assert!(config.public_url.is_none());
        assert_eq!(config.rate_limit_per_minute, 600);
        assert_eq!(config.rate_limit_burst, 60);
        assert!(config.trusted_proxies.is_empty());
    }

    #[test]
    fn trusted_proxies_take_addresses_and_blocks() {
        let config = Config::parse_from([
            "huiyin-bff",
            "--trusted-proxies",
            "10.0.0.0/8,127.0.0.1,::1",
        ]);
        let shown: Vec<String> = config
            .trusted_proxies
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(shown, ["10.0.0.0/8", "127.0.0.1/32", "::1/128"]);
        assert!(
            Config::try_parse_from(["huiyin-bff", "--trusted-proxies", "proxy.local"]).is_err()
        );
    }
}
