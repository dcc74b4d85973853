//! The browser tests: a BFF with its embedded sandbox on free loopback ports, Node's test
//! runner driving Debian's Chromium through playwright-core, and a clean stop afterwards.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::process;

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// The BFF under test; stopped (SIGTERM, then SIGKILL) when dropped, whatever happened.
struct Server {
    child: Child,
    data_dir: PathBuf,
    url: String,
    sandbox_url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

const ADMIN_TOKEN: &str = "e2e-admin-token";

fn start_server(root: &Path) -> anyhow::Result<Server> {
    let data_dir = root.join(format!("target/e2e-data/{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data_dir);
    std::fs::create_dir_all(&data_dir)?;
    let mut child = Command::new(root.join("target/debug/huiyin-bff"))
        .args(["--listen", "127.0.0.1:0", "--sandbox-listen", "127.0.0.1:0"])
        .arg("--data-dir")
        .arg(&data_dir)
        .arg("--dist-dir")
        .arg(root.join("dist"))
        .args(["--sandbox-admin-token", ADMIN_TOKEN])
        // Every browser in the tests comes from 127.0.0.1: one address stands in for many
        // residents, so the per-client burst is raised (the limit itself has its own tests).
        .args(["--rate-limit-burst", "2000"])
        .env_remove("HUIYIN_UPSTREAM")
        .env_remove("HUIYIN_SANDBOX_DEMO_INTERVAL_SECS")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .context("starting the BFF")?;
    let stdout = child.stdout.take().expect("piped");
    let (lines, received) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut server = Server {
        child,
        data_dir,
        url: String::new(),
        sandbox_url: String::new(),
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.url.is_empty() || server.sandbox_url.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = received
            .recv_timeout(left)
            .context("the BFF did not say where it serves within 30 s")?;
        if let Some(url) = line.strip_prefix("Huiyin is serving at ") {
            server.url = url.trim().to_owned();
        } else if let Some(url) = line.strip_prefix("Embedded sandbox at ") {
            server.sandbox_url = url.trim().to_owned();
        }
    }
    Ok(server)
}

/// Counts of passed and failed browser tests: every file in e2e/tests, or only those
/// whose names contain one of `only` (e.g. `window` for `window.test.mjs`).
pub fn run(root: &Path, only: &[String]) -> anyhow::Result<(u32, u32)> {
    process::cargo(&["build", "--package", "huiyin-bff"])?;
    let server = start_server(root)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("e2e/tests"))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            only.is_empty() || only.iter().any(|o| name.contains(o.as_str()))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no browser tests in e2e/tests match {only:?}");
    }
    let mut command = Command::new("node");
    command.args(["--test", "--test-reporter=spec", "--test-concurrency=1"]);
    // Only the tests whose names match, while working on one (Node refuses the flag in
    // NODE_OPTIONS): `HUIYIN_E2E_NAME=language cargo xtask e2e accessibility`.
    if let Ok(pattern) = std::env::var("HUIYIN_E2E_NAME") {
        command.arg(format!("--test-name-pattern={pattern}"));
    }
    command
        .args(&files)
        .current_dir(root.join("e2e"))
        .env("HUIYIN_BASE_URL", &server.url)
        .env("HUIYIN_SANDBOX_URL", &server.sandbox_url)
        .env("HUIYIN_SANDBOX_ADMIN_TOKEN", ADMIN_TOKEN)
        // For tests that need a BFF of their own (other time limits, the `clerk` command).
        .env("HUIYIN_BFF_BIN", root.join("target/debug/huiyin-bff"))
        .env("HUIYIN_DIST_DIR", root.join("dist"))
        .env("CHROMIUM_PATH", CHROMIUM)
        .env("NO_COLOR", "1");
    let (ok, output) = process::run_teed(&mut command)?;
    drop(server);
    let passed = count(&output, "pass");
    let failed = count(&output, "fail");
    if !ok && failed == 0 {
        return Ok((passed, 1));
    }
    Ok((passed, failed))
}

/// Reads Node's spec reporter summary (`ℹ pass 3`).
fn count(output: &str, what: &str) -> u32 {
    output
        .lines()
        .rev()
        .filter_map(|line| {
            let rest = line.trim_start_matches(['ℹ', ' ']);
            rest.strip_prefix(what)?.trim().parse::<u32>().ok()
        })
        .next()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_node_summary() {
        let output = "✔ home page\nℹ tests 3\nℹ pass 2\nℹ fail 1\nℹ cancelled 0\n";
        assert_eq!(super::count(output, "pass"), 2);
        assert_eq!(super::count(output, "fail"), 1);
    }
}
