//! oha: the constant load (open loop at a fixed rate, latency corrected for coordinated
//! omission).

use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::Value;

use super::super::procs;
use super::{Endpoint, Stats, url};

pub const OHA_VERSION: &str = "1.16.0";

pub fn run(
    cpu: Option<usize>,
    endpoint: &Endpoint,
    rate: u32,
    connections: u32,
    secs: u64,
) -> anyhow::Result<Stats> {
    let output = procs::run_bounded(
        procs::pinned(cpu, "oha")
            .args(["-z", &format!("{secs}s"), "-w", "-q", &rate.to_string()])
            .args([
                "-c",
                &connections.to_string(),
                "--latency-correction",
                "--no-tui",
            ])
            .args(["--output-format", "json"])
            .arg(url(endpoint)),
        Duration::from_secs(secs + 60),
    )?;
    if !output.success {
        bail!("oha failed: {}", output.stderr.trim());
    }
    parse_oha(&output.stdout)
}

/// Reads oha's `--output-format json` (times in seconds).
pub fn parse_oha(stdout: &str) -> anyhow::Result<Stats> {
    let v: Value = serde_json::from_str(stdout).context("oha's JSON output")?;
    let percentile = |key: &str| {
        v["latencyPercentiles"][key]
            .as_f64()
            .map(|s| s * 1000.0)
            .with_context(|| format!("{key} in oha's latencyPercentiles"))
    };
    let mut requests = 0.0;
    let mut errors = 0.0;
    for (status, count) in v["statusCodeDistribution"]
        .as_object()
        .into_iter()
        .flatten()
    {
        let count = count.as_f64().unwrap_or(0.0);
        requests += count;
        if !(status.starts_with('2') || status.starts_with('3')) {
            errors += count;
        }
    }
    for (_, count) in v["errorDistribution"].as_object().into_iter().flatten() {
        let count = count.as_f64().unwrap_or(0.0);
        requests += count;
        errors += count;
    }
    Ok(Stats {
        rps: v["summary"]["requestsPerSec"]
            .as_f64()
            .context("requestsPerSec")?,
        p50_ms: percentile("p50")?,
        p99_ms: percentile("p99")?,
        p999_ms: percentile("p99.9")?,
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
    fn reads_ohas_json() {
        let stdout = r#"{"summary":{"successRate":0.99,"total":2.0,"requestsPerSec":499.5},
            "latencyPercentiles":{"p10":0.0001,"p50":0.0004,"p99":0.002,"p99.9":0.005,"p99.99":0.006},
            "statusCodeDistribution":{"200":990,"503":5},"errorDistribution":{"connection refused":5}}"#;
        let stats = parse_oha(stdout).unwrap();
        assert_eq!(stats.rps, 499.5);
        assert!((stats.p50_ms - 0.4).abs() < 1e-9);
        assert!((stats.p999_ms - 5.0).abs() < 1e-9);
        assert_eq!((stats.requests, stats.errors), (1000.0, 10.0));
    }
}
