//! The fault matrix (docs/exactly-once.md): the BFF's own test suite runs a real BFF
//! process, the real sandbox and a fault-injecting proxy between them, once per fault, and
//! writes a line per case; this part runs it and keeps the lines for the report. The test
//! asserts (one case per key, a final answer); the report shows how long each took.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

/// One fault, as one key met it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FaultCase {
    pub fault: String,
    /// How the BFF reconciled: `idempotency-key`, `search` or `none`.
    pub lookup: String,
    pub cases_per_key: u32,
    /// Tries the device made until its final answer.
    pub tries: u32,
    /// `filed`, or the final code the device stopped on.
    #[serde(rename = "final")]
    pub final_answer: String,
    pub ms_to_final_answer: u64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FaultMatrix {
    pub cases: Vec<FaultCase>,
    /// Whether every case of the test suite passed.
    pub passed: bool,
}

pub fn measure(root: &Path) -> anyhow::Result<FaultMatrix> {
    let lines = root.join("target/bench/fault-matrix.jsonl");
    std::fs::create_dir_all(lines.parent().expect("a folder"))?;
    let _ = std::fs::remove_file(&lines);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .current_dir(root)
        .args([
            "test",
            "-p",
            "huiyin-bff",
            "--test",
            "api",
            "fault_matrix::",
        ])
        .args(["--", "--test-threads", "2"])
        .env("HUIYIN_FAULT_MATRIX_REPORT", &lines)
        .status()
        .context("running the fault matrix")?;
    let text =
        std::fs::read_to_string(&lines).with_context(|| format!("reading {}", lines.display()))?;
    let mut cases = text
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<Vec<FaultCase>, _>>()
        .context("reading the fault matrix's lines")?;
    cases.sort_by(|a, b| (&a.fault, &a.lookup).cmp(&(&b.fault, &b.lookup)));
    if cases.is_empty() {
        bail!("the fault matrix reported no case");
    }
    Ok(FaultMatrix {
        cases,
        passed: status.success(),
    })
}
