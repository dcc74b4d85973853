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
    #[arg(long, env = "HUIYIN_DATA_DIR", default_value = "data", global = true)]
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
    /// Unset or 0: demo mode off. The same setting, and variable, as the sandbox binary's
    /// `--demo-interval-secs`; `--sandbox-demo-secs`, its name until 2026-12, still works.
    #[arg(
        long,
        env = "HUIYIN_SANDBOX_DEMO_INTERVAL_SECS",
        alias = "sandbox-demo-secs"
    )]
    pub sandbox_demo_interval_secs: Option<u64>,

    /// A TOML file saying what the city's Open311 server does differently from the
    /// GeoReport v2 standard (field names, extensions, ids, paging); unset = the standard.
    #[arg(long, env = "HUIYIN_UPSTREAM_PROFILE")]
    pub upstream_profile: Option<PathBuf>,

    /// Run the embedded sandbox in plain mode: a GeoReport v2 server without Huiyin's
    /// extensions (for trying the BFF against a plain city; see docs/profiles/).
    #[arg(long, env = "HUIYIN_SANDBOX_PLAIN")]
    pub sandbox_plain: bool,

    /// Time limit for one call to the upstream, in milliseconds.
    #[arg(long, env = "HUIYIN_UPSTREAM_TIMEOUT_MS", default_value_t = 5000)]
    pub upstream_timeout_ms: u64,

    /// How the BFF learns whether a filing whose answer was lost made a case:
    /// `idempotency-key` (the upstream honours the header: a repeated POST answers the first
    /// case), `search` (GeoReport v2 `GET requests` by service and time, matched on what was
    /// sent) or `none` (residents are told to check with the hotline). Unset:
    /// `idempotency-key` with the embedded sandbox, `search` with --upstream.
    #[arg(long, env = "HUIYIN_UPSTREAM_LOOKUP", value_enum)]
    pub upstream_lookup: Option<crate::upstream::UpstreamLookup>,

    /// The most bytes of one upstream answer that are read; a longer answer is unreadable
    /// (and, to a filing, an unknown outcome). Default 4 MiB.
    #[arg(long, env = "HUIYIN_UPSTREAM_MAX_ANSWER_BYTES", default_value_t = 4 * 1024 * 1024,
          value_parser = clap::value_parser!(u64).range(1024..))]
    pub upstream_max_answer_bytes: u64,

    /// Seconds a filed request's idempotency key is kept, so that a device retrying a
    /// submission whose answer it never got gets the same receipt. Then it is deleted (at most
    /// an hour later). At least a day; default 7 days.
    #[arg(long, env = "HUIYIN_IDEMPOTENCY_RETENTION_SECS", default_value_t = 7 * 24 * 3600,
          value_parser = clap::value_parser!(u64).range(24 * 3600..))]
    pub idempotency_retention_secs: u64,

    /// How long a page form (filing without JavaScript) may stay open before it must be
    /// sent again (its token's lifetime); default 12 hours.
    #[arg(long, env = "HUIYIN_FORM_TOKEN_LIFETIME_SECS", default_value_t = 12 * 3600)]
    pub form_token_lifetime_secs: u64,

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

    /// PostgreSQL shared by several BFF instances (`postgres://user@host:port/db`): idempotency
    /// keys, clerks' accounts, sessions and audit log, the failure counts that guard query
    /// codes and sign-ins, photos and live-update polls live there, so the instances behave
    /// as one. Unset: one instance, with its SQLite file and photos in --data-dir.
    #[arg(long, env = "HUIYIN_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// Seconds a stopping instance (SIGTERM, Ctrl-C) gives the requests in progress to finish
    /// after it stops accepting; live-update streams are closed at once with a retry hint so
    /// that browsers reconnect to another instance. What is left then is cut off.
    #[arg(long, env = "HUIYIN_DRAIN_SECS", default_value_t = 10)]
    pub drain_secs: u64,

    /// Seconds between upstream polls of a case that browsers watch live.
    #[arg(long, env = "HUIYIN_CASE_POLL_SECS", default_value_t = 5)]
    pub case_poll_secs: u64,

    /// Seconds an uploaded photo is kept when no request names it (the resident gave up or
    /// removed it); then it is deleted. Default 30 days: a draft left on a phone for longer
    /// is told to add its photos again. Photos of filed requests are kept.
    #[arg(long, env = "HUIYIN_UNATTACHED_PHOTO_SECS", default_value_t = 30 * 24 * 3600)]
    pub unattached_photo_secs: u64,

    /// Seconds the service catalogue and definitions are kept before asking the upstream again.
    #[arg(long, env = "HUIYIN_CATALOGUE_TTL_SECS", default_value_t = 300)]
    pub catalogue_ttl_secs: u64,

    /// A clerk's session ends after this many seconds without a request.
    #[arg(long, env = "HUIYIN_CLERK_IDLE_TIMEOUT_SECS", default_value_t = 900,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub clerk_idle_timeout_secs: u64,

    /// A clerk's session ends this many seconds after sign-in, however busy (absolute limit).
    #[arg(long, env = "HUIYIN_CLERK_SESSION_MAX_SECS", default_value_t = 36_000,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub clerk_session_max_secs: u64,

    /// Seconds before that limit when the page warns the clerk and offers to sign in again
    /// on the spot, keeping the resident's work (WCAG 2.2.1 asks for at least 20). Must be
    /// shorter than --clerk-session-max-secs.
    #[arg(long, env = "HUIYIN_CLERK_SESSION_WARNING_SECS", default_value_t = 300,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub clerk_session_warning_secs: u64,

    /// At the service window, a resident's details are cleared from the page after this many
    /// seconds without input (after a warning that can be extended).
    #[arg(long, env = "HUIYIN_CLERK_RESIDENT_IDLE_SECS", default_value_t = 180,
          value_parser = clap::value_parser!(u64).range(2..))]
    pub clerk_resident_idle_secs: u64,

    /// Seconds of warning before a resident's details are cleared (WCAG 2.2.1 asks for at
    /// least 20). Must be shorter than --clerk-resident-idle-secs.
    #[arg(long, env = "HUIYIN_CLERK_RESIDENT_WARNING_SECS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub clerk_resident_warning_secs: u64,

    /// Wrong passwords allowed per clerk account within 15 minutes.
    #[arg(
        long,
        env = "HUIYIN_CLERK_SIGN_IN_FAILURES_PER_ACCOUNT",
        default_value_t = 5
    )]
    pub clerk_sign_in_failures_per_account: u32,

    /// Failed clerk sign-ins allowed per client address within 15 minutes.
    #[arg(
        long,
        env = "HUIYIN_CLERK_SIGN_IN_FAILURES_PER_CLIENT",
        default_value_t = 20
    )]
    pub clerk_sign_in_failures_per_client: u32,

    /// Milliseconds a client has to send a request's headers, from the moment the BFF starts
    /// reading them; a slower one is disconnected, so half-open connections cannot pile up.
    #[arg(long, env = "HUIYIN_HEADER_READ_TIMEOUT_MS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub header_read_timeout_ms: u64,

    /// Open client connections at most; past it new ones wait to be accepted. Keep it below
    /// the process's open-file limit (`ulimit -n`) with room for the upstream and the data files.
    #[arg(long, env = "HUIYIN_MAX_CONNECTIONS", default_value_t = 4096,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,

    /// Requests in progress at most (an event stream counts until its first answer); past it
    /// the BFF answers 503 `server_busy` with `Retry-After` at once instead of queueing.
    /// `/healthz` is never refused. 0: no limit.
    #[arg(long, env = "HUIYIN_MAX_REQUESTS_IN_FLIGHT", default_value_t = 512)]
    pub max_requests_in_flight: u32,

    /// Photos decoded at the same time at most; further uploads wait their turn. Each decode
    /// holds up to `media::DECODE_BUDGET_BYTES` (README: "Bounds").
    #[arg(long, env = "HUIYIN_PHOTO_DECODES", default_value_t = 2,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub photo_decodes: u32,

    /// Photo uploads that may wait for a decode at most; one more is answered 503
    /// `server_busy` with `Retry-After` (each waiting upload holds its body in memory).
    #[arg(long, env = "HUIYIN_PHOTO_QUEUE", default_value_t = 8)]
    pub photo_queue: u32,

    /// `Strict-Transport-Security` max-age in seconds. Unset: one year when --public-url is
    /// https, none on plain http. 0: never sent.
    #[arg(long, env = "HUIYIN_HSTS_MAX_AGE_SECS")]
    pub hsts_max_age_secs: Option<u64>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What else the binary does besides serving.
#[derive(Clone, Debug, clap::Subcommand)]
pub enum Command {
    /// Manage the service-window clerks' accounts (in <data-dir>/bff.sqlite3).
    #[command(subcommand)]
    Clerk(ClerkCommand),
}

#[derive(Clone, Debug, clap::Subcommand)]
pub enum ClerkCommand {
    /// Add an account. The password is read from standard input (one line), or asked for
    /// twice without echo when standard input is a terminal; never from the command line.
    Add {
        /// The clerk's id (letters, digits, `.`, `_`, `-`; at most 32): recorded with every
        /// case the clerk files.
        clerk_id: String,
        /// The clerk's name, shown on the clerk's own screen only.
        #[arg(long)]
        name: Option<String>,
    },
    /// Disable an account and end its sessions at once. Its audit entries stay.
    Disable { clerk_id: String },
    /// List the accounts.
    List,
    /// Print the newest lines of the audit log: time, clerk, action, case id.
    Audit {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Config {
    /// Settings that only make sense together.
    pub fn check(&self) -> Result<(), String> {
        if self.clerk_resident_warning_secs >= self.clerk_resident_idle_secs {
            return Err(
                "--clerk-resident-warning-secs must be shorter than --clerk-resident-idle-secs"
                    .into(),
            );
        }
        if self.clerk_session_warning_secs >= self.clerk_session_max_secs {
            return Err(
                "--clerk-session-warning-secs must be shorter than --clerk-session-max-secs".into(),
            );
        }
        if self.unattached_photo_secs == 0 {
            // Every upload would be gone before its request could name it.
            return Err("--unattached-photo-secs must be at least 1".into());
        }
        Ok(())
    }

    /// The public URL, or `http://<bound address>/` when none was given: with port 0 only
    /// the bound listener knows the port.
    pub fn with_default_public_url(mut self, bound: SocketAddr) -> Config {
        self.public_url.get_or_insert_with(|| url_of(bound));
        self
    }

    /// The HSTS max-age to send, if any: browsers remember it, so it is on only where the
    /// site is served over TLS (or when asked for explicitly).
    pub fn hsts_max_age(&self) -> Option<u64> {
        match self.hsts_max_age_secs {
            Some(0) => None,
            Some(secs) => Some(secs),
            None => (self.public_url().scheme() == "https").then_some(365 * 24 * 3600),
        }
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
        assert_eq!(config.upstream_lookup, None);
        assert_eq!(config.upstream_max_answer_bytes, 4 * 1024 * 1024);
        assert_eq!(config.idempotency_retention_secs, 7 * 24 * 3600);
        assert!(config.public_url.is_none());
        assert_eq!(config.rate_limit_per_minute, 600);
        assert_eq!(config.rate_limit_burst, 60);
        assert!(config.trusted_proxies.is_empty());
        assert_eq!(config.header_read_timeout_ms, 10_000);
        assert_eq!(config.max_connections, 4096);
        assert_eq!(config.max_requests_in_flight, 512);
        assert_eq!(config.photo_decodes, 2);
        assert!(config.database_url.is_none());
        assert_eq!(config.drain_secs, 10);
    }

    #[test]
    fn hsts_is_on_for_https_only_unless_told() {
        let plain = Config::parse_from(["huiyin-bff"]);
        assert_eq!(plain.hsts_max_age(), None);
        let tls = Config::parse_from(["huiyin-bff", "--public-url", "https://12345.city.example/"]);
        assert_eq!(tls.hsts_max_age(), Some(31_536_000));
        let off = Config::parse_from([
            "huiyin-bff",
            "--public-url",
            "https://12345.city.example/",
            "--hsts-max-age-secs",
            "0",
        ]);
        assert_eq!(off.hsts_max_age(), None);
        let asked = Config::parse_from(["huiyin-bff", "--hsts-max-age-secs", "600"]);
        assert_eq!(asked.hsts_max_age(), Some(600));
    }

    #[test]
    fn warnings_come_before_what_they_warn_of() {
        assert!(Config::parse_from(["huiyin-bff"]).check().is_ok());
        let late = Config::parse_from([
            "huiyin-bff",
            "--clerk-session-max-secs",
            "300",
            "--clerk-session-warning-secs",
            "300",
        ]);
        assert!(
            late.check()
                .unwrap_err()
                .contains("--clerk-session-warning-secs")
        );
        let late = Config::parse_from(["huiyin-bff", "--clerk-resident-warning-secs", "180"]);
        assert!(
            late.check()
                .unwrap_err()
                .contains("--clerk-resident-warning-secs")
        );
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
