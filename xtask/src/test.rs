//! `cargo xtask test`: every check in one command (fmt, clippy, cargo test, the Open311
//! conformance tests, the frontend build, the size budget, the browser tests), each run even
//! when an earlier one failed (the browser tests need the build), and one closing summary
//! line for CI.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::{budget, conformance, e2e, frontend, postgres, process, tools};

#[derive(Default)]
struct Tally {
    passed: u32,
    failed: u32,
    failed_steps: Vec<&'static str>,
}

impl Tally {
    /// A check without test counts (fmt, clippy, a build) counts as one test.
    fn step(&mut self, name: &'static str, result: anyhow::Result<()>) -> bool {
        match result {
            Ok(()) => {
                self.passed += 1;
                true
            }
            Err(error) => {
                eprintln!("xtask: {name} FAILED: {error:#}");
                self.failed += 1;
                self.failed_steps.push(name);
                false
            }
        }
    }

    fn counted(&mut self, name: &'static str, result: anyhow::Result<(u32, u32)>) {
        match result {
            Ok((passed, failed)) => {
                self.passed += passed;
                self.failed += failed;
                if failed > 0 {
                    self.failed_steps.push(name);
                }
            }
            Err(error) => {
                eprintln!("xtask: {name} FAILED: {error:#}");
                self.failed += 1;
                self.failed_steps.push(name);
            }
        }
    }
}

pub fn all(root: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut tally = Tally::default();
    let tools_ready = tally.step("tools", tools::ensure_build_tools(root));
    tally.step("fmt", process::cargo(&["fmt", "--all", "--check"]));
    tally.step(
        "clippy",
        process::cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    );
    // The BFF's store tests run against SQLite and this PostgreSQL, and its cluster tests
    // put several BFF processes on it; stopped when this guard drops, whatever happened.
    let postgres = postgres::TestPostgres::start();
    let postgres_url = match &postgres {
        Ok(postgres) => Some(postgres.url.clone()),
        Err(error) => {
            eprintln!("xtask: PostgreSQL FAILED: {error:#}");
            None
        }
    };
    tally.step(
        "PostgreSQL",
        postgres
            .as_ref()
            .map(|_| ())
            .map_err(|e| anyhow::anyhow!("{e:#}")),
    );
    tally.step("nginx", tools::ensure_nginx());
    tally.counted("cargo test", cargo_test(postgres_url.as_deref()));
    drop(postgres);
    tally.counted("Open311 conformance", conformance::run(root));
    let built = tools_ready && tally.step("frontend build", frontend::build(root));
    if built {
        tally.step("size budget", budget::check(root));
        tally.step(
            "no messages in the .wasm",
            crate::messages::check_wasm(root),
        );
    } else {
        eprintln!("xtask: size budget not checked: the frontend did not build");
        tally.failed += 1;
        tally.failed_steps.push("size budget");
    }
    if built && tally.step("browser tools", tools::ensure_browser_test_tools(root)) {
        tally.counted("browser tests", e2e::run(root, &[]));
    } else {
        eprintln!("xtask: browser tests not run: the frontend or the browser is missing");
        tally.failed += 1;
        tally.failed_steps.push("browser tests");
    }
    let seconds = started.elapsed().as_secs();
    if tally.failed_steps.is_empty() {
        eprintln!("xtask: everything passed in {seconds} s");
    } else {
        eprintln!(
            "xtask: failed: {} ({seconds} s)",
            tally.failed_steps.join(", ")
        );
    }
    println!("summary: {} passed, {} failed", tally.passed, tally.failed);
    if tally.failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}

/// `cargo test` for the whole workspace; counts read from libtest's result lines.
fn cargo_test(postgres_url: Option<&str>) -> anyhow::Result<(u32, u32)> {
    let mut command = Command::new(process::cargo_program());
    command.args(["test", "--workspace"]);
    // Without a URL the PostgreSQL halves fail, loudly, rather than being left out.
    command.env(postgres::REQUIRE_VAR, "1");
    match postgres_url {
        Some(url) => command.env(postgres::URL_VAR, url),
        None => command.env_remove(postgres::URL_VAR),
    };
    let (ok, output) = process::run_teed(&mut command)?;
    let (passed, failed) = libtest_counts(&output);
    if !ok && failed == 0 {
        // A build error or a crash: no result line says what failed.
        return Ok((passed, 1));
    }
    Ok((passed, failed))
}

fn libtest_counts(output: &str) -> (u32, u32) {
    let mut passed = 0;
    let mut failed = 0;
    for line in output.lines() {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            continue;
        };
        for part in rest.split(['.', ';']) {
            let mut words = part.split_whitespace();
            if let (Some(n), Some(what)) = (words.next(), words.next()) {
                match (n.parse::<u32>(), what) {
                    (Ok(n), "passed") => passed += n,
                    (Ok(n), "failed") => failed += n,
                    _ => {}
                }
            }
        }
    }
    (passed, failed)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_libtest_result_lines() {
        let output = "test result: ok. 5 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s\n\
                      test result: FAILED. 2 passed; 3 failed; 0 ignored; 0 measured; 0 filtered out\n";
        assert_eq!(super::libtest_counts(output), (7, 3));
    }
}
