//! `cargo xtask bench`: the performance report (docs/performance.md and docs/performance.json).
//!
//! 1. Bundle: what the first page downloads, raw, gzip and brotli; the .wasm by crate; the
//!    bundle at another opt-level, compared by compressed size.
//! 2. Page load: Lighthouse's mobile defaults, median of N runs, for three pages.
//! 3. BFF overhead: the same load straight to the sandbox, through the BFF and through a
//!    tuned nginx, saturating and at a constant rate; the BFF's memory.
//! 4. Live updates: the BFF holding 1,000 open SSE streams on 100 cases: its memory and CPU,
//!    and the upstream polls per interval.
//! 5. Fault matrix: filing through a fault-injecting proxy (the BFF's own test suite): cases
//!    made per key and the time to the device's final answer, per fault.
//! 6. Several instances: 1, 2 and 3 BFFs on one PostgreSQL behind nginx, as ratios.
//!
//! Timings are reported (medians and ratios), never asserted: machines are shared and noisy.
//! Everything it starts is stopped by PID when it ends, whatever happened.

mod bundle;
mod faults;
mod instances;
mod lighthouse;
use lighthouse::Throttling;
mod live;
mod load;
mod pages;
mod procs;
pub mod report;
mod stats;
mod wasm_crates;

pub use bundle::{kind_of, referenced_files};

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use procs::Guard;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Short runs to check the harness end to end (1 Lighthouse run per page, 2 s loads, one
    /// round). The report goes to target/bench/quick/ instead of docs/.
    #[arg(long)]
    quick: bool,
    /// Parts to leave out (comma-separated): bundle, lighthouse, live, load, pages, faults,
    /// instances.
    #[arg(long, value_delimiter = ',')]
    skip: Vec<Part>,
    /// Lighthouse runs per page (the median is reported). Default 5 (quick: 3, the fewest
    /// with a median).
    #[arg(long)]
    runs: Option<usize>,
    /// Lighthouse runs per page with applied throttling (observed timings; each run takes
    /// the real seconds of a slow phone). Default 3 (quick: 1); 0 leaves them out.
    #[arg(long)]
    applied_runs: Option<usize>,
    /// Seconds of each load run. Default 10 (quick: 2).
    #[arg(long)]
    secs: Option<u64>,
    /// Load rounds; each endpoint's figures are the median over the rounds. Default 3 (quick: 1).
    #[arg(long)]
    rounds: Option<usize>,
    /// The constant request rate (requests/s). Default: a quarter of the slowest path's
    /// saturated throughput, measured just before.
    #[arg(long)]
    rate: Option<u32>,
    /// Open SSE streams held for the live-updates part, spread over --live-cases cases.
    #[arg(long, default_value_t = 1000)]
    live_streams: usize,
    /// Cases (filed through the BFF just before) the live streams watch.
    #[arg(long, default_value_t = 100)]
    live_cases: usize,
    /// Seconds measured while the streams are open. Default 30 (quick: 10).
    #[arg(long)]
    live_secs: Option<u64>,
    /// Run this BFF executable instead of target/release/huiyin-bff (e.g. a copy built from
    /// an earlier change, for a before/after comparison; the report names it).
    #[arg(long)]
    bff_binary: Option<PathBuf>,
    /// Opt-levels to compare with the workspace's by compressed size (comma-separated).
    #[arg(long, value_delimiter = ',', default_value = "s")]
    opt_levels: Vec<String>,
    /// Folder for performance.md and performance.json. Default docs/ (quick: target/bench/quick/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Measure nothing: write performance.md again from the performance.json in the folder.
    #[arg(long)]
    render_only: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Part {
    Bundle,
    Lighthouse,
    Live,
    Load,
    /// Server-rendered pages (bench/pages.rs): bytes before the content is visible, and
    /// rendering under load beside the API.
    Pages,
    Faults,
    Instances,
}

/// Everything the report says, as docs/performance.json.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Report {
    pub generated_at: String,
    pub command: String,
    pub quick: bool,
    pub machine: Machine,
    pub bundle: Option<bundle::Bundle>,
    pub lighthouse: Option<lighthouse::Lighthouse>,
    /// The same pages with Chromium's own (applied) throttling: observed timings. Absent from
    /// reports written before it was measured.
    #[serde(default)]
    pub lighthouse_applied: Option<lighthouse::Lighthouse>,
    pub load: Option<load::Load>,
    /// Absent from reports written before it was measured.
    #[serde(default)]
    pub live: Option<live::Live>,
    /// Absent from reports written before it was measured.
    #[serde(default)]
    pub faults: Option<faults::FaultMatrix>,
    /// 1, 2 and 3 instances on PostgreSQL behind nginx. Absent from earlier reports.
    #[serde(default)]
    pub instances: Option<instances::Instances>,
    /// Server-rendered pages (issue 19, bench/pages.rs). Absent from older reports.
    #[serde(default)]
    pub pages: Option<pages::Pages>,
    pub targets: Vec<report::Check>,
    /// Parts that failed, with the error.
    pub errors: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Machine {
    pub cpus: usize,
    pub cpu_model: String,
    pub memory_gib: f64,
    pub kernel: String,
    pub rustc: String,
    pub git_commit: String,
    pub git_dirty: bool,
    pub uptime_before: String,
    pub uptime_after: String,
    /// Share of all CPUs busy (every process, before this run started), over 5 s.
    pub busy_percent_before: f64,
    /// The same, sampled after everything this run started had stopped.
    pub busy_percent_after: f64,
    /// Share of all CPUs busy over 5 s just before Lighthouse began (servers idle, builds done).
    pub busy_percent_before_lighthouse: Option<f64>,
    /// The same just before the load tests began.
    pub busy_percent_before_load: Option<f64>,
    /// Load averages when the load tests began (the run's own builds included).
    pub loadavg_at_load_start: String,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<()> {
    let started = Instant::now();
    let quick = args.quick;
    let out = args.out.clone().unwrap_or_else(|| {
        if quick {
            root.join("target/bench/quick")
        } else {
            root.join("docs")
        }
    });
    if args.render_only {
        let json = std::fs::read_to_string(out.join("performance.json"))
            .with_context(|| format!("reading {}", out.join("performance.json").display()))?;
        let mut report: Report = serde_json::from_str(&json)?;
        report.targets = report::checks(&report);
        std::fs::write(out.join("performance.md"), report::markdown(&report))?;
        eprintln!(
            "xtask bench: wrote {}",
            out.join("performance.md").display()
        );
        return Ok(());
    }
    let mut report = Report {
        generated_at: first_line_of("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        command: std::env::args().skip(1).collect::<Vec<_>>().join(" "),
        quick,
        machine: machine_before(),
        ..Report::default()
    };
    let wants = |part| !args.skip.contains(&part);

    if wants(Part::Bundle) {
        let options = bundle::Options {
            alternative_opt_levels: args.opt_levels.clone(),
            breakdown: true,
        };
        match bundle::measure(root, &options) {
            Ok(bundle) => report.bundle = Some(bundle),
            Err(error) => report.errors.push(format!("bundle: {error:#}")),
        }
    }
    if (wants(Part::Lighthouse) || wants(Part::Live) || wants(Part::Load) || wants(Part::Pages))
        && let Err(error) = served_parts(
            root,
            &args,
            &mut report,
            Served {
                lighthouse: wants(Part::Lighthouse),
                live: wants(Part::Live),
                load: wants(Part::Load),
                pages: wants(Part::Pages),
            },
        )
    {
        report.errors.push(format!("servers: {error:#}"));
    }

    if wants(Part::Faults) {
        match faults::measure(root) {
            Ok(matrix) => {
                if !matrix.passed {
                    report
                        .errors
                        .push("faults: a fault-matrix test failed (see its output)".into());
                }
                report.faults = Some(matrix);
            }
            Err(error) => report.errors.push(format!("faults: {error:#}")),
        }
    }

    if wants(Part::Instances) {
        let secs = args.secs.unwrap_or(if quick { 2 } else { 10 });
        match instances::measure(root, secs) {
            Ok(instances) => report.instances = Some(instances),
            Err(error) => report.errors.push(format!("instances: {error:#}")),
        }
    }

    report.machine.uptime_after = first_line_of("uptime", &[]);
    report.machine.busy_percent_after = busy_percent(Duration::from_secs(5));
    report.targets = report::checks(&report);
    std::fs::create_dir_all(&out)?;
    let json = serde_json::to_string_pretty(&report)? + "\n";
    std::fs::write(out.join("performance.json"), json)?;
    std::fs::write(out.join("performance.md"), report::markdown(&report))?;
    eprintln!(
        "xtask bench: wrote {} and performance.json in {} s",
        out.join("performance.md").display(),
        started.elapsed().as_secs()
    );
    for check in &report.targets {
        eprintln!(
            "  {} {}, {}: {} ({})",
            if check.met { "met   " } else { "MISSED" },
            check.area,
            check.what,
            check.measured,
            check.target
        );
    }
    if !report.errors.is_empty() {
        bail!(
            "parts of the benchmark failed:\n{}",
            report.errors.join("\n")
        );
    }
    Ok(())
}

/// Which parts that need the servers run.
struct Served {
    lighthouse: bool,
    live: bool,
    load: bool,
    pages: bool,
}

/// Lighthouse, the live streams and the load tests, against one sandbox and one BFF started
/// here.
fn served_parts(
    root: &Path,
    args: &Args,
    report: &mut Report,
    parts: Served,
) -> anyhow::Result<()> {
    let Served {
        lighthouse,
        live,
        load,
        pages,
    } = parts;
    crate::tools::ensure_build_tools(root)?;
    crate::frontend::build(root)?;
    if load || pages {
        load::ensure_tools()?;
    }
    if lighthouse {
        lighthouse::ensure_installed(root)?;
    }
    build_servers()?;
    let (server_cpu, generator_cpu) = cpus();
    let bff_binary = args
        .bff_binary
        .clone()
        .unwrap_or_else(|| root.join("target/release/huiyin-bff"));
    // A --bff-binary run is named in report.command.
    let mut servers = start_servers(root, server_cpu, &bff_binary)?;
    let bff = servers.bff_addr;

    let receipt = file_case(bff).context("filing the benchmark's case")?;
    let services = format!("{}?locale=zh-CN", api::paths::SERVICES);
    let warm = procs::http(bff, "GET", &services, &[], None)?;
    anyhow::ensure!(
        warm.status == 200,
        "GET {} answered {}",
        api::paths::SERVICES,
        warm.status
    );
    std::thread::sleep(Duration::from_secs(2));
    servers.bff.check_alive()?;
    let idle_rss_kb_before = procs::proc_status_kb(servers.bff.pid(), "VmRSS").unwrap_or(0);

    if lighthouse {
        report.machine.busy_percent_before_lighthouse = Some(busy_percent(Duration::from_secs(5)));
        let runs = args.runs.unwrap_or(if args.quick { 3 } else { 5 });
        // The query code is never in the address: a browser that filed the case holds it in
        // the cookie the filing form set, and sends it with the case page.
        let case_path = format!("/cases/{}", receipt.case_id);
        let targets = [
            lighthouse::Target {
                name: "home".into(),
                path: "/".into(),
                shown_path: "/".into(),
                note: None,
                cookie: None,
            },
            lighthouse::Target {
                name: "services".into(),
                path: "/services".into(),
                shown_path: "/services".into(),
                note: None,
                cookie: None,
            },
            lighthouse::Target {
                name: "case".into(),
                shown_path: case_path.clone(),
                path: case_path,
                note: Some(format!(
                    "a case filed just before, asked for with the cookie of the browser that filed it (`{}`), so the page shows the case",
                    pages::CASES_COOKIE
                )),
                cookie: Some(pages::cases_cookie(&receipt.case_id, &receipt.query_code)),
            },
        ];
        let base = format!("http://{bff}");
        match lighthouse::measure(root, &base, &targets, runs, Throttling::Simulate) {
            Ok(result) => report.lighthouse = Some(result),
            Err(error) => report.errors.push(format!("lighthouse: {error:#}")),
        }
        // Simulation computes the slow phone from a full-speed load, in which the .wasm has
        // arrived before the first paint; applied throttling shows what is painted first
        // when the .wasm really takes seconds (the first-paint shell).
        let applied_runs = args.applied_runs.unwrap_or(if args.quick { 1 } else { 3 });
        if applied_runs > 0 {
            match lighthouse::measure(root, &base, &targets, applied_runs, Throttling::Devtools) {
                Ok(result) => report.lighthouse_applied = Some(result),
                Err(error) => report
                    .errors
                    .push(format!("lighthouse (applied throttling): {error:#}")),
            }
        }
        servers.bff.check_alive()?;
    }
    if live {
        match live_part(args, &servers) {
            Ok(result) => report.live = Some(result),
            Err(error) => report.errors.push(format!("live updates: {error:#}")),
        }
        servers.bff.check_alive()?;
    }
    if load {
        report.machine.busy_percent_before_load = Some(busy_percent(Duration::from_secs(5)));
        report.machine.loadavg_at_load_start = std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        let options = load::Options {
            secs: args.secs.unwrap_or(if args.quick { 2 } else { 10 }),
            warmup_secs: if args.quick { 1 } else { 3 },
            rounds: args.rounds.unwrap_or(if args.quick { 1 } else { 3 }).max(1),
            rate: args.rate,
            saturating_connections: 64,
            constant_connections: 32,
        };
        let targets = load::Servers {
            root,
            sandbox: servers.sandbox_addr,
            bff,
            bff_pid: servers.bff.pid(),
            sandbox_pid: servers.sandbox.pid(),
            case_id: &receipt.case_id,
            case_code: &receipt.query_code,
            server_cpu,
            generator_cpu,
            idle_rss_kb_before,
        };
        match load::measure(&targets, &options) {
            Ok(result) => report.load = Some(result),
            Err(error) => report.errors.push(format!("load: {error:#}")),
        }
        servers.bff.check_alive()?;
        servers.sandbox.check_alive()?;
    }
    if pages {
        let page_targets = pages::targets(&receipt.case_id, &receipt.query_code);
        let dist = root.join("dist");
        let secs = args.secs.unwrap_or(if args.quick { 2 } else { 10 });
        match pages::measure(&dist, bff, &page_targets, generator_cpu, secs, args.rate) {
            Ok(result) => report.pages = Some(result),
            Err(error) => report.errors.push(format!("pages: {error:#}")),
        }
        servers.bff.check_alive()?;
    }
    drop(servers);
    Ok(())
}

/// Files the cases through the BFF (as browsers do: each gets its query code), then holds
/// the streams open on them.
fn live_part(args: &Args, servers: &Servers) -> anyhow::Result<live::Live> {
    let count = args.live_cases.clamp(1, args.live_streams.max(1));
    eprintln!(
        "xtask bench: live updates: filing {count} cases, then holding {} streams",
        args.live_streams
    );
    let mut cases = Vec::with_capacity(count);
    for _ in 0..count {
        let receipt = file_case(servers.bff_addr).context("filing a case to watch")?;
        cases.push(live::Case {
            id: receipt.case_id,
            code: receipt.query_code,
        });
    }
    live::measure(
        servers.bff_addr,
        servers.bff.pid(),
        servers.sandbox.pid(),
        &cases,
        &live::Options {
            streams: args.live_streams,
            window_secs: args.live_secs.unwrap_or(if args.quick { 10 } else { 30 }),
            poll_interval_secs: CASE_POLL_SECS,
        },
    )
}

/// The BFF's `--case-poll-secs` in the benchmark (its default).
const CASE_POLL_SECS: u64 = 5;

/// Servers on CPU 0, the load generator on CPU 1 (when there are two CPUs and taskset).
fn cpus() -> (Option<usize>, Option<usize>) {
    let n = std::thread::available_parallelism().map_or(1, |n| n.get());
    let taskset = Command::new("taskset")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if n >= 2 && taskset {
        (Some(0), Some(1))
    } else {
        (None, None)
    }
}

/// Field order matters: the guards drop (stop their process) in declaration order, BFF first.
struct Servers {
    bff: Guard,
    sandbox: Guard,
    bff_addr: SocketAddr,
    sandbox_addr: SocketAddr,
}

const API_KEY: &str = "bench-api-key";

/// The standalone sandbox (so the BFF's memory is the BFF's alone), and the BFF in front of it
/// with its limits out of the way: no rate limit, guesses practically unlimited.
fn start_servers(root: &Path, cpu: Option<usize>, bff_binary: &Path) -> anyhow::Result<Servers> {
    let data = root.join("target/bench/run");
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(data.join("bff"))?;
    let (sandbox, sandbox_addr) = start_sandbox(root, cpu, &data)?;
    let bff_addr: SocketAddr = format!("127.0.0.1:{}", procs::free_port()?).parse()?;

    let bff = start_bff(
        cpu,
        bff_binary,
        root,
        bff_addr,
        sandbox_addr,
        &data.join("bff"),
        &[],
    )?;
    Ok(Servers {
        bff,
        sandbox,
        bff_addr,
        sandbox_addr,
    })
}

/// A BFF on `addr` in front of the sandbox, its data in `data`, given `extra` flags too, with
/// its limits out of the way (no rate limit, guesses practically unlimited), ready to answer.
fn start_bff(
    cpu: Option<usize>,
    binary: &Path,
    root: &Path,
    addr: SocketAddr,
    sandbox_addr: SocketAddr,
    data: &Path,
    extra: &[&str],
) -> anyhow::Result<Guard> {
    let mut command = procs::pinned(cpu, binary);
    command
        .arg("--listen")
        .arg(addr.to_string())
        .arg("--upstream")
        .arg(format!("http://{sandbox_addr}/"))
        .args(["--api-key", API_KEY])
        .args(extra)
        .arg("--data-dir")
        .arg(data)
        .arg("--dist-dir")
        .arg(root.join("dist"))
        .args(["--rate-limit-per-minute", "0"])
        .args(["--guesses-per-case", "1000000000"])
        .args(["--guesses-per-client", "1000000000"])
        .args(["--case-poll-secs", &CASE_POLL_SECS.to_string()]);
    clean_env(&mut command);
    let log = data.with_extension("log");
    let mut bff = Guard::spawn("huiyin-bff", &mut command, &log)?;
    bff.wait_ready(addr, "/healthz", Duration::from_secs(30))?;
    Ok(bff)
}

/// The release sandbox on a free port, its database in `data`, ready to answer.
fn start_sandbox(
    root: &Path,
    cpu: Option<usize>,
    data: &Path,
) -> anyhow::Result<(Guard, SocketAddr)> {
    let addr: SocketAddr = format!("127.0.0.1:{}", procs::free_port()?).parse()?;
    let mut command = procs::pinned(cpu, root.join("target/release/huiyin-sandbox"));
    command
        .arg("--listen")
        .arg(addr.to_string())
        .arg("--db")
        .arg(data.join("sandbox.sqlite3"))
        .args(["--api-key", API_KEY]);
    clean_env(&mut command);
    let mut sandbox = Guard::spawn("huiyin-sandbox", &mut command, &data.join("sandbox.log"))?;
    sandbox.wait_ready(addr, "/services.json?locale=zh-CN", Duration::from_secs(30))?;
    Ok((sandbox, addr))
}

/// Logs at warn for every server, as nginx runs with its access log off: per-request log
/// lines would be measured, not the proxying.
fn clean_env(command: &mut Command) {
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("HUIYIN_") {
            command.env_remove(key);
        }
    }
    command.env("RUST_LOG", "warn");
}

/// A noise complaint, as the browser files it (cf. bff/tests/api/helpers.rs).
fn file_case(bff: SocketAddr) -> anyhow::Result<api::Receipt> {
    let body = serde_json::json!({
        "service_code": "noise-nuisance",
        "description": "楼下烧烤店每晚音响很吵",
        "location": {"address": "人民路 100 号 3 栋"},
        "attributes": {"noise_source": "business", "time_of_day": "night"},
        "contact": {"name": "王小明", "phone": "13912345678", "email": "wang@example.cn"},
        "consent": true,
        "locale": "zh-CN"
    })
    .to_string();
    let key = format!(
        "bench-{}-{}",
        std::process::id(),
        first_line_of("date", &["+%s%N"])
    );
    let response = procs::http(
        bff,
        "POST",
        api::paths::REQUESTS,
        &[
            ("Content-Type", "application/json"),
            (api::paths::IDEMPOTENCY_KEY_HEADER, &key),
        ],
        Some(body.as_bytes()),
    )?;
    if response.status != 201 {
        bail!(
            "POST {} answered {}: {}",
            api::paths::REQUESTS,
            response.status,
            String::from_utf8_lossy(&response.body)
        );
    }
    serde_json::from_slice(&response.body).context("the receipt of POST /api/requests")
}

fn machine_before() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let git_status = Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=no"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    Machine {
        cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
        cpu_model: cpuinfo
            .lines()
            .find_map(|l| {
                l.strip_prefix("model name")?
                    .split_once(':')
                    .map(|(_, v)| v.trim().to_owned())
            })
            .unwrap_or_default(),
        memory_gib: meminfo
            .lines()
            .find_map(|l| {
                l.strip_prefix("MemTotal:")?
                    .split_whitespace()
                    .next()?
                    .parse::<f64>()
                    .ok()
            })
            .map_or(0.0, |kb| (kb / 1024.0 / 1024.0 * 10.0).round() / 10.0),
        kernel: first_line_of("uname", &["-r"]),
        rustc: first_line_of("rustc", &["--version"]),
        git_commit: first_line_of("git", &["rev-parse", "--short=12", "HEAD"]),
        git_dirty: !git_status.is_empty(),
        uptime_before: first_line_of("uptime", &[]),
        busy_percent_before: busy_percent(Duration::from_secs(5)),
        ..Machine::default()
    }
}

fn first_line_of(program: &str, args: &[&str]) -> String {
    crate::process::first_line(program, args).unwrap_or_default()
}

/// The share of all CPUs' time spent busy over `window`, from /proc/stat.
fn busy_percent(window: Duration) -> f64 {
    let sample = || -> Option<(u64, u64)> {
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        let line = stat.lines().find(|l| l.starts_with("cpu "))?;
        let fields: Vec<u64> = line
            .split_whitespace()
            .skip(1)
            .filter_map(|f| f.parse().ok())
            .collect();
        let total: u64 = fields.iter().take(8).sum();
        let idle = fields.get(3)? + fields.get(4).unwrap_or(&0);
        Some((total, idle))
    };
    let Some((t0, i0)) = sample() else {
        return f64::NAN;
    };
    std::thread::sleep(window);
    let Some((t1, i1)) = sample() else {
        return f64::NAN;
    };
    let total = t1.saturating_sub(t0).max(1) as f64;
    let busy = total - i1.saturating_sub(i0) as f64;
    (1000.0 * busy / total).round() / 10.0
}

/// The release BFF and sandbox every server measurement starts (the load, pages and
/// instances runs alike).
pub(crate) fn build_servers() -> anyhow::Result<()> {
    crate::process::cargo(&[
        "build",
        "--release",
        "--package",
        "huiyin-bff",
        "--package",
        "huiyin-sandbox",
    ])
}
