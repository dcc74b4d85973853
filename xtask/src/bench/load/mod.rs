//! The BFF's cost on the way to the upstream: the same load sent straight to the sandbox,
//! through the BFF, and through Debian's nginx tuned as a reverse proxy with upstream
//! keepalive, in one run. Saturating load from wrk (closed loop, fixed connections), constant
//! load from oha (open loop at a fixed rate, latency corrected for coordinated omission).
//! Servers on one CPU, the load generator on the other.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::bail;
use serde::{Deserialize, Serialize};

use super::procs;
use super::stats::median;

mod nginx;
mod oha;
mod perf;
mod wrk;

pub(super) use nginx::start_balancer;
pub(super) use oha::parse_oha;
pub(super) use wrk::parse_wrk;

pub use oha::OHA_VERSION;

/// The share of its own saturated throughput at which the BFF must hold the load with no
/// error: below saturation it sheds nothing (`--max-requests-in-flight`), it only queues less.
pub const HELD_SHARE: f64 = 0.8;

#[derive(Clone, Debug)]
pub struct Options {
    pub secs: u64,
    pub warmup_secs: u64,
    pub rounds: usize,
    pub rate: Option<u32>,
    pub saturating_connections: u32,
    pub constant_connections: u32,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Load {
    pub secs_per_run: u64,
    pub rounds: usize,
    pub saturating_connections: u32,
    pub constant_connections: u32,
    pub constant_rate_rps: u32,
    pub rate_basis: String,
    pub server_cpu: Option<usize>,
    pub generator_cpu: Option<usize>,
    pub results: Vec<EndpointResult>,
    pub comparisons: Vec<Comparison>,
    pub bff_memory: Memory,
    pub versions: Versions,
    /// Where the BFF's CPU goes on the passthrough path, from `perf` (when it works here).
    pub bff_profile: Option<Profile>,
    /// The BFF at [`HELD_SHARE`] of its saturated throughput, per endpoint.
    #[serde(default)]
    pub held: Vec<Held>,
}

/// A constant load (oha, open loop) at a share of what the BFF answered saturated.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Held {
    pub endpoint: String,
    pub saturated_rps: f64,
    pub share: f64,
    pub rate_rps: u32,
    pub connections: u32,
    pub stats: Stats,
}

/// A `perf record` of the BFF process during one extra saturating run of the passthrough
/// endpoint (not counted in the figures above).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Profile {
    pub samples: u64,
    /// Share of samples per category (allocator, kernel networking, serde, hyper, …), percent.
    pub categories: Vec<(String, f64)>,
    /// The hottest symbols, percent of samples.
    pub top_symbols: Vec<(String, f64)>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Versions {
    pub wrk: String,
    pub oha: String,
    pub nginx: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Memory {
    /// VmRSS after start-up and one request of each kind, before any load.
    pub idle_rss_kb_before: u64,
    /// VmRSS a few seconds after the last load run.
    pub idle_rss_kb_after: u64,
    /// VmHWM: the peak resident memory of the whole run.
    pub peak_hwm_kb: u64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct EndpointResult {
    /// `sandbox`, `bff` or `nginx`.
    pub via: String,
    /// `services` or `case`.
    pub endpoint: String,
    pub path: String,
    pub saturating: Stats,
    pub constant: Stats,
}

/// One load against one endpoint: each field the median over the rounds.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Stats {
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub requests: f64,
    /// Connection errors, time-outs and answers other than 2xx/3xx.
    pub errors: f64,
    pub rounds: usize,
    /// CPU time of the proxy (BFF or nginx, workers included) per request, in µs (saturating runs).
    pub proxy_cpu_us_per_request: Option<f64>,
    /// CPU time of the sandbox per request, in µs (saturating runs).
    pub sandbox_cpu_us_per_request: Option<f64>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Comparison {
    pub endpoint: String,
    /// BFF minus straight to the sandbox, at the constant rate.
    pub bff_added_p50_ms: f64,
    pub bff_added_p99_ms: f64,
    pub bff_added_p999_ms: f64,
    /// nginx minus straight to the sandbox, at the constant rate.
    pub nginx_added_p50_ms: f64,
    pub nginx_added_p99_ms: f64,
    /// Saturated throughput through the BFF over that through nginx.
    pub bff_vs_nginx_throughput: f64,
    /// Saturated throughput through the BFF over that straight to the sandbox.
    pub bff_vs_direct_throughput: f64,
    /// CPU time per request (saturating) of the BFF process and of nginx (workers included).
    pub bff_cpu_us_per_request: Option<f64>,
    pub nginx_cpu_us_per_request: Option<f64>,
}

/// What the orchestrator started: the sandbox, and the BFF in front of it.
pub struct Servers<'a> {
    pub root: &'a Path,
    pub sandbox: SocketAddr,
    pub bff: SocketAddr,
    pub bff_pid: u32,
    pub sandbox_pid: u32,
    pub case_id: &'a str,
    pub case_code: &'a str,
    pub server_cpu: Option<usize>,
    pub generator_cpu: Option<usize>,
    pub idle_rss_kb_before: u64,
}

struct Endpoint {
    via: &'static str,
    endpoint: &'static str,
    addr: SocketAddr,
    path: String,
    /// The proxy's process (BFF or nginx master), None straight to the sandbox.
    proxy_pid: Option<u32>,
}

/// Debian's wrk and nginx, oha from crates.io (pinned), each skipped when present.
pub fn ensure_tools() -> anyhow::Result<()> {
    let have = |program: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {program}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !have("wrk") || !Path::new("/usr/sbin/nginx").exists() {
        crate::tools::apt_install("wrk or nginx", &["wrk", "nginx-light"])?;
    }
    let oha = crate::process::first_line("oha", &["--version"]);
    if oha.as_deref() != Some(&format!("oha {OHA_VERSION}")) {
        eprintln!(
            "xtask bench: installing oha {OHA_VERSION} from crates.io (about 15 minutes on 2 cores, once)"
        );
        crate::process::cargo(&[
            "install",
            "oha",
            "--version",
            &format!("={OHA_VERSION}"),
            "--locked",
        ])?;
    }
    Ok(())
}

pub fn measure(servers: &Servers, options: &Options) -> anyhow::Result<Load> {
    ensure_tools()?;
    let (nginx_guard, nginx_addr) = nginx::start(servers)?;
    let nginx_pid = Some(nginx_guard.pid());
    let bff_pid = Some(servers.bff_pid);
    let id = servers.case_id;
    let code = encode(servers.case_code);
    let endpoints = [
        Endpoint {
            via: "sandbox",
            endpoint: "services",
            addr: servers.sandbox,
            path: "/services.json?locale=zh-CN".into(),
            proxy_pid: None,
        },
        Endpoint {
            via: "bff",
            endpoint: "services",
            addr: servers.bff,
            path: format!("{}?locale=zh-CN", api::paths::SERVICES),
            proxy_pid: bff_pid,
        },
        Endpoint {
            via: "nginx",
            endpoint: "services",
            addr: nginx_addr,
            path: "/services.json?locale=zh-CN".into(),
            proxy_pid: nginx_pid,
        },
        Endpoint {
            via: "sandbox",
            endpoint: "case",
            addr: servers.sandbox,
            path: format!("/requests/{id}.json?extensions=true&locale=zh-CN"),
            proxy_pid: None,
        },
        Endpoint {
            via: "bff",
            endpoint: "case",
            addr: servers.bff,
            path: format!(
                "{}?code={code}&locale=zh-CN",
                api::paths::CASE.replace("{id}", id)
            ),
            proxy_pid: bff_pid,
        },
        Endpoint {
            via: "nginx",
            endpoint: "case",
            addr: nginx_addr,
            path: format!("/requests/{id}.json?extensions=true&locale=zh-CN"),
            proxy_pid: nginx_pid,
        },
    ];
    for endpoint in &endpoints {
        let response = procs::http(endpoint.addr, "GET", &endpoint.path, &[], None)?;
        if response.status != 200 {
            bail!(
                "GET {} via {} answered {}: {}",
                endpoint.path,
                endpoint.via,
                response.status,
                String::from_utf8_lossy(&response.body)
            );
        }
    }
    let lua = servers.root.join("bench/wrk-report.lua");
    let ticks_per_second = procs::ticks_per_second();
    let gen_cpu = servers.generator_cpu;

    // Warm-up: caches filled, connections (and nginx's upstream keepalive) open.
    for endpoint in &endpoints {
        eprintln!(
            "xtask bench: warm-up {} {}",
            endpoint.via, endpoint.endpoint
        );
        wrk::run(
            gen_cpu,
            &lua,
            endpoint,
            options.saturating_connections,
            options.warmup_secs,
        )?;
    }
    let mut saturating: Vec<Vec<Stats>> = vec![Vec::new(); endpoints.len()];
    for round in 1..=options.rounds {
        for (i, endpoint) in endpoints.iter().enumerate() {
            eprintln!(
                "xtask bench: saturating {} {} ({} s, round {round}/{})",
                endpoint.via, endpoint.endpoint, options.secs, options.rounds
            );
            let before = cpu_snapshot(endpoint, servers.sandbox_pid);
            let mut stats = wrk::run(
                gen_cpu,
                &lua,
                endpoint,
                options.saturating_connections,
                options.secs,
            )?;
            let after = cpu_snapshot(endpoint, servers.sandbox_pid);
            let per_request = |b: Option<u64>, a: Option<u64>| {
                let ticks = a?.checked_sub(b?)? as f64;
                (stats.requests > 0.0).then(|| ticks / ticks_per_second * 1e6 / stats.requests)
            };
            stats.proxy_cpu_us_per_request = per_request(before.0, after.0);
            stats.sandbox_cpu_us_per_request = per_request(before.1, after.1);
            saturating[i].push(stats);
        }
    }
    let saturating: Vec<Stats> = saturating.iter().map(|runs| median_stats(runs)).collect();
    let slowest = saturating
        .iter()
        .map(|s| s.rps)
        .fold(f64::INFINITY, f64::min);
    let (rate, rate_basis) = match options.rate {
        Some(rate) => (rate, "given with --rate".to_owned()),
        None => (
            sustainable_rate(slowest),
            format!(
                "a quarter of the slowest path's saturated throughput ({slowest:.0} requests/s), rounded down"
            ),
        ),
    };
    let mut constant: Vec<Vec<Stats>> = vec![Vec::new(); endpoints.len()];
    for round in 1..=options.rounds {
        for (i, endpoint) in endpoints.iter().enumerate() {
            eprintln!(
                "xtask bench: constant {rate}/s {} {} ({} s, round {round}/{})",
                endpoint.via, endpoint.endpoint, options.secs, options.rounds
            );
            constant[i].push(oha::run(
                gen_cpu,
                endpoint,
                rate,
                options.constant_connections,
                options.secs,
            )?);
        }
    }
    let constant: Vec<Stats> = constant.iter().map(|runs| median_stats(runs)).collect();

    // The BFF held at 80% of its own saturation: with the saturating run's connections, so
    // that the offered rate is not capped by too few of them.
    let mut held = Vec::new();
    for (endpoint, saturated) in endpoints.iter().zip(&saturating) {
        if endpoint.via != "bff" {
            continue;
        }
        let rate = ((saturated.rps * HELD_SHARE).floor() as u32).max(1);
        let mut runs = Vec::new();
        for round in 1..=options.rounds {
            eprintln!(
                "xtask bench: held at {:.0}% of saturation, {rate}/s bff {} ({} s, round {round}/{})",
                HELD_SHARE * 100.0,
                endpoint.endpoint,
                options.secs,
                options.rounds
            );
            runs.push(oha::run(
                gen_cpu,
                endpoint,
                rate,
                options.saturating_connections,
                options.secs,
            )?);
        }
        held.push(Held {
            endpoint: endpoint.endpoint.to_owned(),
            saturated_rps: saturated.rps,
            share: HELD_SHARE,
            rate_rps: rate,
            connections: options.saturating_connections,
            stats: median_stats(&runs),
        });
    }

    let bff_profile = endpoints
        .iter()
        .find(|e| e.via == "bff" && e.endpoint == "case")
        .and_then(|endpoint| {
            eprintln!("xtask bench: profiling the BFF on the passthrough path (one extra run, not counted)");
            let data = servers.root.join("target/bench/bff-passthrough.perf.data");
            match perf::profile(servers.bff_pid, &data, || {
                wrk::run(gen_cpu, &lua, endpoint, options.saturating_connections, options.secs)
            }) {
                Ok(profile) => Some(profile),
                Err(error) => {
                    eprintln!("xtask bench: no profile ({error:#})");
                    None
                }
            }
        });

    std::thread::sleep(Duration::from_secs(3));
    let bff_memory = Memory {
        idle_rss_kb_before: servers.idle_rss_kb_before,
        idle_rss_kb_after: procs::proc_status_kb(servers.bff_pid, "VmRSS").unwrap_or(0),
        peak_hwm_kb: procs::proc_status_kb(servers.bff_pid, "VmHWM").unwrap_or(0),
    };
    let results: Vec<EndpointResult> = endpoints
        .iter()
        .zip(saturating)
        .zip(constant)
        .map(|((e, saturating), constant)| EndpointResult {
            via: e.via.to_owned(),
            endpoint: e.endpoint.to_owned(),
            path: e.path.replace(&code, "<code>"),
            saturating,
            constant,
        })
        .collect();
    let comparisons = ["services", "case"]
        .into_iter()
        .filter_map(|endpoint| compare(&results, endpoint))
        .collect();
    Ok(Load {
        secs_per_run: options.secs,
        rounds: options.rounds,
        saturating_connections: options.saturating_connections,
        constant_connections: options.constant_connections,
        constant_rate_rps: rate,
        rate_basis,
        server_cpu: servers.server_cpu,
        generator_cpu: servers.generator_cpu,
        results,
        comparisons,
        bff_memory,
        bff_profile,
        held,
        versions: Versions {
            wrk: crate::process::first_line("sh", &["-c", "wrk -v 2>&1 | head -1"])
                .unwrap_or_default(),
            oha: crate::process::first_line("oha", &["--version"]).unwrap_or_default(),
            nginx: crate::process::first_line("sh", &["-c", "/usr/sbin/nginx -v 2>&1"])
                .unwrap_or_default(),
        },
    })
}

/// A quarter of the capacity, kept to two significant digits (rounded down).
pub fn sustainable_rate(slowest_rps: f64) -> u32 {
    let quarter = (slowest_rps / 4.0).max(10.0);
    let magnitude = 10f64.powi(quarter.log10().floor() as i32 - 1).max(1.0);
    ((quarter / magnitude).floor() * magnitude) as u32
}

fn compare(results: &[EndpointResult], endpoint: &str) -> Option<Comparison> {
    let find = |via: &str| {
        results
            .iter()
            .find(|r| r.via == via && r.endpoint == endpoint)
    };
    let (direct, bff, nginx) = (find("sandbox")?, find("bff")?, find("nginx")?);
    Some(Comparison {
        endpoint: endpoint.to_owned(),
        bff_added_p50_ms: bff.constant.p50_ms - direct.constant.p50_ms,
        bff_added_p99_ms: bff.constant.p99_ms - direct.constant.p99_ms,
        bff_added_p999_ms: bff.constant.p999_ms - direct.constant.p999_ms,
        nginx_added_p50_ms: nginx.constant.p50_ms - direct.constant.p50_ms,
        nginx_added_p99_ms: nginx.constant.p99_ms - direct.constant.p99_ms,
        bff_vs_nginx_throughput: bff.saturating.rps / nginx.saturating.rps,
        bff_vs_direct_throughput: bff.saturating.rps / direct.saturating.rps,
        bff_cpu_us_per_request: bff.saturating.proxy_cpu_us_per_request,
        nginx_cpu_us_per_request: nginx.saturating.proxy_cpu_us_per_request,
    })
}

/// CPU ticks of the proxy (with its workers) and of the sandbox.
fn cpu_snapshot(endpoint: &Endpoint, sandbox_pid: u32) -> (Option<u64>, Option<u64>) {
    (
        endpoint.proxy_pid.and_then(procs::cpu_ticks_with_children),
        procs::cpu_ticks_with_children(sandbox_pid),
    )
}

fn median_stats(runs: &[Stats]) -> Stats {
    let m = |f: fn(&Stats) -> f64| median(&runs.iter().map(f).collect::<Vec<_>>());
    let m_opt = |f: fn(&Stats) -> Option<f64>| {
        let values: Vec<f64> = runs.iter().filter_map(f).collect();
        (!values.is_empty()).then(|| median(&values))
    };
    Stats {
        rps: m(|s| s.rps),
        p50_ms: m(|s| s.p50_ms),
        p99_ms: m(|s| s.p99_ms),
        p999_ms: m(|s| s.p999_ms),
        requests: m(|s| s.requests),
        errors: m(|s| s.errors),
        rounds: runs.len(),
        proxy_cpu_us_per_request: m_opt(|s| s.proxy_cpu_us_per_request),
        sandbox_cpu_us_per_request: m_opt(|s| s.sandbox_cpu_us_per_request),
    }
}

/// The query code in a URL (it is alphanumeric today; encoded in case it ever is not).
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn url(endpoint: &Endpoint) -> String {
    format!("http://{}{}", endpoint.addr, endpoint.path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sustainable_rate_is_a_round_quarter() {
        assert_eq!(sustainable_rate(12_345.0), 3000);
        assert_eq!(sustainable_rate(2_000.0), 500);
        assert_eq!(sustainable_rate(90.0), 22);
        assert_eq!(sustainable_rate(0.0), 10);
    }
}
