//! Several BFF instances on one PostgreSQL behind nginx (README "Running several
//! instances"): saturated throughput with 1, 2 and 3 instances in round-robin, side by
//! side as ratios to one. Every server (sandbox, PostgreSQL, the instances, nginx) shares
//! the servers' CPU and wrk has the other, as in the load part: on a 2-core machine the
//! ratios show what running several instances costs (PostgreSQL in the path, nginx's hop),
//! not what they gain on machines of their own; the README's capacity estimate is built
//! from the per-request CPU this measures.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use super::procs::{self, Guard};
use super::{cpus, file_case, load, start_bff, start_sandbox};
use crate::postgres::TestPostgres;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Instances {
    pub secs_per_run: u64,
    pub connections: u32,
    pub runs: Vec<Run>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Run {
    pub instances: usize,
    /// `case` (a case read: the query code's guess limits are checked in PostgreSQL) or
    /// `services` (the catalogue, from each instance's memory).
    pub endpoint: String,
    pub rps: f64,
    pub p99_ms: f64,
    pub errors: f64,
    /// Over the same endpoint with one instance.
    pub ratio_to_one: f64,
    /// CPU time of all instances and PostgreSQL together per request, µs.
    pub cpu_us_per_request: Option<f64>,
}

const MAX_INSTANCES: usize = 3;
const CONNECTIONS: u32 = 64;

pub fn measure(root: &Path, secs: u64) -> anyhow::Result<Instances> {
    load::ensure_tools()?;
    super::build_servers()?;
    let (server_cpu, generator_cpu) = cpus();
    let postgres = TestPostgres::start()?;
    if let Some(cpu) = server_cpu {
        let _ = Command::new("taskset")
            .args(["-p", "-c", &cpu.to_string(), &postgres.pid().to_string()])
            .output();
    }
    let data = root.join("target/bench/instances");
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data)?;
    let (sandbox, sandbox_addr) = start_sandbox(root, server_cpu, &data)?;
    let mut runs: Vec<Run> = Vec::new();
    for count in 1..=MAX_INSTANCES {
        eprintln!("xtask bench: {count} BFF instance(s) on PostgreSQL behind nginx");
        let mut bffs = Vec::new();
        let mut addrs = Vec::new();
        for n in 0..count {
            let addr: SocketAddr = format!("127.0.0.1:{}", procs::free_port()?).parse()?;
            let dir = data.join(format!("bff-{count}-{n}"));
            std::fs::create_dir_all(&dir)?;
            let binary = root.join("target/release/huiyin-bff");
            let shared = ["--database-url", postgres.url.as_str()];
            let bff = start_bff(server_cpu, &binary, root, addr, sandbox_addr, &dir, &shared)?;
            bffs.push(bff);
            addrs.push(addr.to_string());
        }
        let (nginx, balancer) = load::start_balancer(
            root,
            server_cpu,
            &addrs.join("; server "),
            "nginx-instances",
            "/healthz",
        )?;
        let receipt = file_case(balancer).context("filing the benchmark's case")?;
        let endpoints = [
            (
                "case",
                format!(
                    "/api/cases/{}?code={}&locale=zh-CN",
                    receipt.case_id, receipt.query_code
                ),
            ),
            ("services", "/api/services?locale=zh-CN".to_owned()),
        ];
        for (endpoint, path) in endpoints {
            let url = format!("http://{balancer}{path}");
            // Warm-up: connections open, caches filled.
            wrk(root, generator_cpu, &url, 1)?;
            let pids: Vec<u32> = bffs
                .iter()
                .map(Guard::pid)
                .chain([postgres.pid()])
                .collect();
            let cpu_before: Option<u64> = pids
                .iter()
                .map(|p| procs::cpu_ticks_with_children(*p))
                .sum();
            let stats = wrk(root, generator_cpu, &url, secs)?;
            let cpu_after: Option<u64> = pids
                .iter()
                .map(|p| procs::cpu_ticks_with_children(*p))
                .sum();
            let cpu_us_per_request = match (cpu_before, cpu_after) {
                (Some(before), Some(after)) if stats.requests > 0.0 => {
                    Some((after - before) as f64 / procs::ticks_per_second() * 1e6 / stats.requests)
                }
                _ => None,
            };
            let one = runs
                .iter()
                .find(|r| r.instances == 1 && r.endpoint == endpoint)
                .map_or(stats.rps, |r| r.rps);
            runs.push(Run {
                instances: count,
                endpoint: endpoint.to_owned(),
                rps: stats.rps,
                p99_ms: stats.p99_ms,
                errors: stats.errors,
                ratio_to_one: if one > 0.0 { stats.rps / one } else { 0.0 },
                cpu_us_per_request,
            });
        }
        for bff in &mut bffs {
            bff.check_alive()?;
        }
        drop(nginx);
        drop(bffs);
    }
    drop(sandbox);
    drop(postgres);
    Ok(Instances {
        secs_per_run: secs,
        connections: CONNECTIONS,
        runs,
    })
}

fn wrk(root: &Path, cpu: Option<usize>, url: &str, secs: u64) -> anyhow::Result<load::Stats> {
    let output = procs::run_bounded(
        procs::pinned(cpu, "wrk")
            .args([
                "-t1",
                &format!("-c{CONNECTIONS}"),
                &format!("-d{secs}s"),
                "--timeout",
                "5s",
                "-s",
            ])
            .arg(root.join("bench/wrk-report.lua"))
            .arg(url),
        Duration::from_secs(secs + 60),
    )?;
    if !output.success {
        bail!("wrk failed: {}", output.stderr.trim());
    }
    load::parse_wrk(&output.stdout)
}

/// The report's section.
pub fn markdown(instances: &Instances) -> String {
    let mut md = String::from("## Several instances\n\n");
    md.push_str(&format!(
        "1, 2 and 3 release BFF instances on one PostgreSQL (`--database-url`, a throw-away Debian cluster) behind Debian's nginx in round-robin, the standalone sandbox upstream; `wrk` saturating with {} connections for {} s per run. All servers share one CPU, so the ratios show the cost of several instances on one machine, not their gain on machines of their own (see README, \"Running several instances\").\n\n",
        instances.connections, instances.secs_per_run
    ));
    md.push_str("| instances | endpoint | requests/s | ÷ 1 instance | p99 | errors | CPU µs/request (instances + PostgreSQL) |\n|---|---|---|---|---|---|---|\n");
    for run in &instances.runs {
        md.push_str(&format!(
            "| {} | {} | {:.0} | {:.2}× | {:.1} ms | {:.0} | {} |\n",
            run.instances,
            run.endpoint,
            run.rps,
            run.ratio_to_one,
            run.p99_ms,
            run.errors,
            run.cpu_us_per_request
                .map_or("n/a".to_owned(), |us| format!("{us:.0}"))
        ));
    }
    md.push('\n');
    md
}
