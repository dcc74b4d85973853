//! Page load under Lighthouse's mobile defaults (simulated slow 4G and a 4× slower CPU):
//! lighthouse 12.2.3 from `bench/package-lock.json`, Debian's Chromium, N runs per page,
//! the median of each metric.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::procs;
use super::stats::median;

use crate::e2e::CHROMIUM;
/// The flags the project's browser tests use on these machines (docs/toolchain.md).
pub const CHROME_FLAGS: &str = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync";

/// How Lighthouse slows the page down.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Throttling {
    /// Lighthouse's default: the page loads at full speed and the slow phone is computed
    /// from that trace (Lantern).
    #[default]
    Simulate,
    /// Chromium itself slows the network and the CPU while the page loads: the timings are
    /// observed, not computed.
    Devtools,
}

impl Throttling {
    fn flag(self) -> &'static str {
        match self {
            Throttling::Simulate => "simulate",
            Throttling::Devtools => "devtools",
        }
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Lighthouse {
    /// Absent from reports written before applied throttling was measured (all simulated).
    #[serde(default)]
    pub throttling: Throttling,
    pub version: String,
    pub chromium: String,
    pub chrome_flags: String,
    pub runs_per_page: usize,
    pub pages: Vec<Page>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Page {
    pub name: String,
    /// The path, with a case's query code masked.
    pub path: String,
    pub note: Option<String>,
    pub median: Run,
    pub runs: Vec<Run>,
    /// Failing accessibility audits (id: title), from every run.
    pub accessibility_failures: Vec<String>,
    /// Performance audits that did not pass, with Lighthouse's estimate (from the last run).
    pub performance_hints: Vec<String>,
    /// What Lighthouse calls the LCP element (from the last run).
    pub lcp_element: Option<String>,
    /// Audits Lighthouse could not compute (id: error), from every run.
    pub errored_audits: Vec<String>,
    /// Runs that failed and were repeated, with Lighthouse's error.
    pub repeated_runs: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Run {
    /// 0–100.
    pub performance: f64,
    /// 0–100.
    pub accessibility: f64,
    pub fcp_ms: f64,
    pub lcp_ms: f64,
    pub tbt_ms: f64,
    pub cls: f64,
    pub speed_index_ms: f64,
    pub total_byte_weight: f64,
}

pub struct Target {
    pub name: String,
    pub path: String,
    pub shown_path: String,
    pub note: Option<String>,
    /// A `Cookie:` header sent with every request of the page (Lighthouse's
    /// `--extra-headers`): the case page's `__Host-huiyin-cases`, which a browser gets from
    /// the form that filed the case.
    pub cookie: Option<String>,
}

/// `npm ci` in bench/ when lighthouse is missing or older than the lock file; Chromium from Debian.
pub fn ensure_installed(root: &Path) -> anyhow::Result<()> {
    crate::tools::ensure_chromium()?;
    let dir = root.join("bench");
    let installed = dir.join("node_modules/.package-lock.json");
    let fresh = dir.join("node_modules/lighthouse/package.json").exists()
        && modified(&installed)
            .is_some_and(|i| modified(&dir.join("package-lock.json")).is_some_and(|l| i >= l));
    if !fresh {
        eprintln!("xtask bench: installing lighthouse (npm ci in bench/)");
        crate::process::run(
            "npm",
            &[
                "ci",
                "--prefix",
                dir.to_str().context("utf-8 path")?,
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ],
        )?;
    }
    Ok(())
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn cli(root: &Path) -> PathBuf {
    root.join("bench/node_modules/lighthouse/cli/index.js")
}

pub fn measure(
    root: &Path,
    base_url: &str,
    targets: &[Target],
    runs: usize,
    throttling: Throttling,
) -> anyhow::Result<Lighthouse> {
    ensure_installed(root)?;
    let out_dir = root.join("target/bench/lighthouse").join(throttling.flag());
    let _ = std::fs::remove_dir_all(&out_dir);
    std::fs::create_dir_all(&out_dir)?;
    let version = procs::run_bounded(
        Command::new("node").arg(cli(root)).arg("--version"),
        Duration::from_secs(60),
    )?
    .stdout
    .trim()
    .to_owned();
    let mut result = Lighthouse {
        throttling,
        version,
        chromium: crate::process::first_line(CHROMIUM, &["--version"]).unwrap_or_default(),
        chrome_flags: CHROME_FLAGS.to_owned(),
        runs_per_page: runs,
        pages: Vec::new(),
    };
    for target in targets {
        let url = format!("{}{}", base_url.trim_end_matches('/'), target.path);
        let mut page = Page {
            name: target.name.clone(),
            path: target.shown_path.clone(),
            note: target.note.clone(),
            ..Page::default()
        };
        for i in 1..=runs {
            eprintln!(
                "xtask bench: lighthouse ({}) {} run {i}/{runs}",
                throttling.flag(),
                target.shown_path
            );
            let file = out_dir.join(format!("{}-{i}.json", target.name));
            // Lighthouse's own advice on a failed trace ("NO_NAVSTART", …) is to run it
            // again: a run that fails is repeated, up to twice, and counted.
            let mut attempt = 0;
            let (report, run) = loop {
                attempt += 1;
                match lighthouse_once(root, &url, target.cookie.as_deref(), &file, throttling) {
                    Ok(done) => break done,
                    Err(error) if attempt < 3 => {
                        eprintln!("xtask bench: lighthouse run failed, repeating it: {error:#}");
                        page.repeated_runs.push(format!("run {i}: {error:#}"));
                    }
                    Err(error) => {
                        return Err(error
                            .context(format!("lighthouse on {}, 3 attempts", target.shown_path)));
                    }
                }
            };
            for failure in accessibility_failures(&report) {
                if !page.accessibility_failures.contains(&failure) {
                    page.accessibility_failures.push(failure);
                }
            }
            for errored in errored_audits(&report) {
                if !page.errored_audits.contains(&errored) {
                    page.errored_audits.push(errored);
                }
            }
            page.performance_hints = performance_hints(&report);
            page.lcp_element = lcp_element(&report);
            page.runs.push(run);
        }
        page.median = median_run(&page.runs);
        result.pages.push(page);
    }
    Ok(result)
}

/// One Lighthouse run: its report, and the scores and metrics read from it.
fn lighthouse_once(
    root: &Path,
    url: &str,
    cookie: Option<&str>,
    file: &Path,
    throttling: Throttling,
) -> anyhow::Result<(Value, Run)> {
    let mut command = Command::new("node");
    command.arg(cli(root)).arg(url);
    if let Some(cookie) = cookie {
        command.arg(format!(
            "--extra-headers={}",
            serde_json::json!({ "Cookie": cookie })
        ));
    }
    let output = procs::run_bounded(
        command
            .arg(format!("--throttling-method={}", throttling.flag()))
            .arg("--output=json")
            .arg(format!("--output-path={}", file.display()))
            .arg("--only-categories=performance,accessibility")
            .arg(format!("--chrome-flags={CHROME_FLAGS}"))
            .arg("--quiet")
            .env("CHROME_PATH", CHROMIUM)
            .current_dir(root.join("bench")),
        Duration::from_secs(240),
    )?;
    if !output.success {
        bail!("{}", output.stderr.trim());
    }
    let report: Value = serde_json::from_str(&std::fs::read_to_string(file)?)
        .with_context(|| format!("reading {}", file.display()))?;
    let run = read_run(&report)?;
    Ok((report, run))
}

/// Scores and metrics of one Lighthouse JSON report (LHR).
pub fn read_run(report: &Value) -> anyhow::Result<Run> {
    if let Some(error) = report.get("runtimeError").filter(|e| !e.is_null()) {
        bail!("lighthouse runtime error: {error}");
    }
    let score = |category: &str| -> anyhow::Result<f64> {
        report["categories"][category]["score"]
            .as_f64()
            .map(|s| (s * 100.0).round())
            .with_context(|| format!("no {category} score (the page may not have loaded)"))
    };
    let metric = |audit: &str| -> anyhow::Result<f64> {
        report["audits"][audit]["numericValue"]
            .as_f64()
            .with_context(|| format!("no value for {audit}"))
    };
    Ok(Run {
        performance: score("performance")?,
        accessibility: score("accessibility")?,
        fcp_ms: metric("first-contentful-paint")?,
        lcp_ms: metric("largest-contentful-paint")?,
        tbt_ms: metric("total-blocking-time")?,
        cls: metric("cumulative-layout-shift")?,
        speed_index_ms: metric("speed-index")?,
        total_byte_weight: metric("total-byte-weight").unwrap_or(0.0),
    })
}

fn category_audits<'a>(report: &'a Value, category: &str) -> Vec<(&'a str, &'a Value)> {
    let refs = report["categories"][category]["auditRefs"].as_array();
    refs.into_iter()
        .flatten()
        .filter_map(|r| {
            let id = r["id"].as_str()?;
            Some((id, &report["audits"][id]))
        })
        .collect()
}

pub fn accessibility_failures(report: &Value) -> Vec<String> {
    category_audits(report, "accessibility")
        .into_iter()
        .filter(|(_, audit)| {
            audit["scoreDisplayMode"].as_str() == Some("binary")
                && audit["score"].as_f64() == Some(0.0)
        })
        .map(|(id, audit)| format!("{id}: {}", audit["title"].as_str().unwrap_or("")))
        .collect()
}

/// Audits that ended in an error (Lighthouse 12.2.3 cannot read some of newer Chromium's
/// trace events), with the first line of the error.
pub fn errored_audits(report: &Value) -> Vec<String> {
    let mut errored: Vec<String> = report["audits"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, audit)| audit["scoreDisplayMode"].as_str() == Some("error"))
        .map(|(id, audit)| {
            let message = audit["errorMessage"]
                .as_str()
                .unwrap_or("")
                .lines()
                .next()
                .unwrap_or("");
            format!("{id}: {message}")
        })
        .collect();
    errored.sort();
    errored
}

/// Performance audits below a pass (0.9), other than the metrics themselves.
pub fn performance_hints(report: &Value) -> Vec<String> {
    let metrics: Vec<&str> = report["categories"]["performance"]["auditRefs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["group"].as_str() == Some("metrics"))
        .filter_map(|r| r["id"].as_str())
        .collect();
    let mut hints: Vec<(f64, String)> = category_audits(report, "performance")
        .into_iter()
        .filter(|(id, audit)| {
            !metrics.contains(id)
                && audit["score"].as_f64().is_some_and(|s| s < 0.9)
                && audit["scoreDisplayMode"].as_str() != Some("informative")
        })
        .map(|(id, audit)| {
            let savings = audit["details"]["overallSavingsMs"].as_f64().unwrap_or(0.0);
            let display = audit["displayValue"].as_str().unwrap_or("");
            let text = if display.is_empty() {
                format!("{id}: {}", audit["title"].as_str().unwrap_or(""))
            } else {
                format!(
                    "{id}: {} ({display})",
                    audit["title"].as_str().unwrap_or("")
                )
            };
            (savings, text)
        })
        .collect();
    hints.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    hints.into_iter().map(|(_, text)| text).take(8).collect()
}

fn lcp_element(report: &Value) -> Option<String> {
    let items =
        report["audits"]["largest-contentful-paint-element"]["details"]["items"].as_array()?;
    // Lighthouse 12: a table of the element, then a table of the LCP phases.
    items.iter().find_map(|item| {
        let node = item["items"]
            .as_array()
            .and_then(|i| i.first())
            .map(|i| &i["node"])
            .unwrap_or(&item["node"]);
        let selector = node["selector"].as_str()?;
        let snippet = node["snippet"].as_str().unwrap_or("");
        Some(format!("{selector} {snippet}").trim().to_owned())
    })
}

/// Each metric's median over the runs, on its own.
pub fn median_run(runs: &[Run]) -> Run {
    let m = |f: fn(&Run) -> f64| median(&runs.iter().map(f).collect::<Vec<_>>());
    Run {
        performance: m(|r| r.performance),
        accessibility: m(|r| r.accessibility),
        fcp_ms: m(|r| r.fcp_ms),
        lcp_ms: m(|r| r.lcp_ms),
        tbt_ms: m(|r| r.tbt_ms),
        cls: m(|r| r.cls),
        speed_index_ms: m(|r| r.speed_index_ms),
        total_byte_weight: m(|r| r.total_byte_weight),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lhr(performance: f64, lcp: f64) -> Value {
        serde_json::json!({
            "lighthouseVersion": "12.2.3",
            "runtimeError": null,
            "categories": {
                "performance": {"score": performance, "auditRefs": [
                    {"id": "first-contentful-paint", "group": "metrics"},
                    {"id": "largest-contentful-paint", "group": "metrics"},
                    {"id": "unused-javascript"},
                    {"id": "render-blocking-resources"}
                ]},
                "accessibility": {"score": 0.92, "auditRefs": [{"id": "color-contrast"}, {"id": "label"}]}
            },
            "audits": {
                "first-contentful-paint": {"numericValue": 1200.5, "score": 0.5},
                "largest-contentful-paint": {"numericValue": lcp, "score": 0.4},
                "total-blocking-time": {"numericValue": 30.0},
                "cumulative-layout-shift": {"numericValue": 0.012},
                "speed-index": {"numericValue": 1500.0},
                "total-byte-weight": {"numericValue": 170000.0},
                "unused-javascript": {"score": 0.5, "scoreDisplayMode": "metricSavings", "title": "Reduce unused JavaScript", "displayValue": "Est savings of 40 KiB", "details": {"overallSavingsMs": 300}},
                "render-blocking-resources": {"score": 1, "scoreDisplayMode": "metricSavings", "title": "Eliminate render-blocking resources"},
                "color-contrast": {"score": 0, "scoreDisplayMode": "binary", "title": "Background and foreground colors do not have a sufficient contrast ratio."},
                "label": {"score": 1, "scoreDisplayMode": "binary", "title": "Form elements have labels"}
            }
        })
    }

    #[test]
    fn reads_scores_and_metrics_from_a_report() {
        let run = read_run(&lhr(0.87, 2600.0)).unwrap();
        assert_eq!(run.performance, 87.0);
        assert_eq!(run.accessibility, 92.0);
        assert_eq!(run.fcp_ms, 1200.5);
        assert_eq!(run.lcp_ms, 2600.0);
        assert_eq!(run.cls, 0.012);
        assert_eq!(
            accessibility_failures(&lhr(0.87, 2600.0)),
            [
                "color-contrast: Background and foreground colors do not have a sufficient contrast ratio."
            ]
        );
        assert_eq!(
            performance_hints(&lhr(0.87, 2600.0)),
            ["unused-javascript: Reduce unused JavaScript (Est savings of 40 KiB)"]
        );
    }

    #[test]
    fn a_failed_load_is_an_error_not_a_zero() {
        let mut report = lhr(0.9, 1.0);
        report["runtimeError"] =
            serde_json::json!({"code": "NO_FCP", "message": "The page did not paint"});
        assert!(read_run(&report).is_err());
        let mut report = lhr(0.9, 1.0);
        report["categories"]["performance"]["score"] = Value::Null;
        assert!(read_run(&report).is_err());
    }

    #[test]
    fn each_metric_is_its_own_median() {
        let runs: Vec<Run> = [(80.0, 3000.0), (95.0, 2000.0), (90.0, 2500.0)]
            .into_iter()
            .map(|(p, l)| read_run(&lhr(p / 100.0, l)).unwrap())
            .collect();
        let m = median_run(&runs);
        assert_eq!((m.performance, m.lcp_ms), (90.0, 2500.0));
    }
}
