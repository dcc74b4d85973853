//! wrk: the saturating load (closed loop, fixed connections).

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::Value;

use super::super::procs;
use super::{Endpoint, Stats, url};

pub fn run(
    cpu: Option<usize>,
    lua: &Path,
    endpoint: &Endpoint,
    connections: u32,
    secs: u64,
) -> anyhow::Result<Stats> {
    let output = procs::run_bounded(
        procs::pinned(cpu, "wrk")
            .args([
                "-t1",
                &format!("-c{connections}"),
                &format!("-d{secs}s"),
                "--timeout",
                "5s",
                "-s",
            ])
            .arg(lua)
            .arg(url(endpoint)),
        Duration::from_secs(secs + 60),
    )?;
    if !output.success {
        bail!("wrk failed: {}", output.stderr.trim());
    }
    parse_wrk(&output.stdout)
}

/// Reads the line `bench/wrk-report.lua` prints.
pub fn parse_wrk(stdout: &str) -> anyhow::Result<Stats> {
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("WRK_JSON "))
        .context("wrk printed no WRK_JSON line (was bench/wrk-report.lua used?)")?;
    let v: Value = serde_json::from_str(line).context("wrk's JSON line")?;
    let n = |key: &str| {
        v[key]
            .as_f64()
            .with_context(|| format!("{key} in wrk's JSON"))
    };
    let requests = n("requests")?;
    let secs = n("duration_us")? / 1e6;
    let errors = [
        "connect_errors",
        "read_errors",
        "write_errors",
        "status_errors",
        "timeouts",
    ]
    .iter()
    .map(|k| n(k))
    .sum::<anyhow::Result<f64>>()?;
    Ok(Stats {
        rps: if secs > 0.0 { requests / secs } else { 0.0 },
        p50_ms: n("p50_us")? / 1000.0,
        p99_ms: n("p99_us")? / 1000.0,
        p999_ms: n("p999_us")? / 1000.0,
        requests,
        errors,
        rounds: 1,
        ..Stats::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wrks_json_line() {
        let stdout = "Running 2s test @ http://127.0.0.1:1/\n  1 threads and 64 connections\nWRK_JSON {\"requests\":20000,\"duration_us\":2000000,\"bytes\":1,\"connect_errors\":0,\"read_errors\":1,\"write_errors\":0,\"status_errors\":2,\"timeouts\":0,\"mean_us\":310.5,\"p50_us\":250,\"p90_us\":500,\"p99_us\":1500,\"p999_us\":4000,\"max_us\":9000}\n";
        let stats = parse_wrk(stdout).unwrap();
        assert_eq!(stats.rps, 10000.0);
        assert_eq!(
            (stats.p50_ms, stats.p99_ms, stats.p999_ms),
            (0.25, 1.5, 4.0)
        );
        assert_eq!(stats.errors, 3.0);
        assert!(parse_wrk("Running 2s test\n").is_err());
    }
}
