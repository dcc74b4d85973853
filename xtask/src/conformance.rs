//! The sandbox seen by tools that are not ours: the PyPI `georeport` client and the
//! Open311 project's JSON Schemas (kept in the repo, `sandbox/tests/open311-schema/`),
//! against the standalone `huiyin-sandbox` binary, in full and in plain mode (`--plain`).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::process;

const API_KEY: &str = "conformance-key";

/// The standalone sandbox under test; killed when dropped.
struct Sandbox {
    child: Child,
    data_dir: PathBuf,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

/// A Python virtual environment in target/, with the pinned requirements, made once and
/// remade when requirements.txt changes.
fn ensure_venv(root: &Path) -> anyhow::Result<PathBuf> {
    let venv = root.join("target/xtask/venv");
    let requirements = root.join("sandbox/conformance/requirements.txt");
    let stamp = venv.join("requirements.stamp");
    let wanted = std::fs::read_to_string(&requirements).context("reading requirements.txt")?;
    let python = venv.join("bin/python");
    if python.exists() && std::fs::read_to_string(&stamp).is_ok_and(|s| s == wanted) {
        return Ok(python);
    }
    eprintln!("xtask: installing the Open311 conformance tools (PyPI) into target/xtask/venv");
    let venv_str = venv.to_str().context("utf-8 path")?;
    process::run("python3", &["-m", "venv", "--clear", venv_str])?;
    process::run(
        &python,
        &[
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            requirements.to_str().context("utf-8 path")?,
        ],
    )?;
    std::fs::write(&stamp, wanted)?;
    Ok(python)
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Full (with Huiyin's extensions) or plain (a GeoReport v2 city as others run it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Full,
    Plain,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Full => "full",
            Mode::Plain => "plain",
        }
    }
}

fn start_sandbox(root: &Path, mode: Mode) -> anyhow::Result<(Sandbox, String)> {
    process::cargo(&["build", "--package", "huiyin-sandbox"])?;
    let data_dir = root.join(format!(
        "target/conformance-data/{}-{}",
        std::process::id(),
        mode.name()
    ));
    let _ = std::fs::remove_dir_all(&data_dir);
    std::fs::create_dir_all(&data_dir)?;
    let port = free_port()?;
    let mut command = Command::new(root.join("target/debug/huiyin-sandbox"));
    if mode == Mode::Plain {
        command.arg("--plain");
    }
    let child = command
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .arg("--db")
        .arg(data_dir.join("sandbox.sqlite3"))
        .args(["--api-key", API_KEY])
        .env("RUST_LOG", "warn")
        .env_remove("HUIYIN_SANDBOX_DEMO_INTERVAL_SECS")
        .spawn()
        .context("starting huiyin-sandbox")?;
    let sandbox = Sandbox { child, data_dir };
    let url = format!("http://127.0.0.1:{port}/");
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            bail!("huiyin-sandbox did not listen on {url} within 30 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((sandbox, url))
}

/// Counts of passed and failed conformance tests, both modes together.
pub fn run(root: &Path) -> anyhow::Result<(u32, u32)> {
    let python = ensure_venv(root)?;
    let mut totals = (0, 0);
    for mode in [Mode::Full, Mode::Plain] {
        eprintln!(
            "xtask: Open311 conformance against the {} sandbox",
            mode.name()
        );
        let (passed, failed) = run_mode(root, &python, mode)?;
        totals = (totals.0 + passed, totals.1 + failed);
    }
    Ok(totals)
}

fn run_mode(root: &Path, python: &Path, mode: Mode) -> anyhow::Result<(u32, u32)> {
    let (sandbox, url) = start_sandbox(root, mode)?;
    let schema_dir = root.join("sandbox/tests/open311-schema");
    if !schema_dir.join("services.json").exists() {
        bail!(
            "the Open311 schemas are missing at {}",
            schema_dir.display()
        );
    }
    let mut command = Command::new(python);
    command
        .args(["-m", "unittest", "-v", "test_open311"])
        .current_dir(root.join("sandbox/conformance"))
        .env("SANDBOX_URL", &url)
        .env("SANDBOX_API_KEY", API_KEY)
        .env("OPEN311_SCHEMA_DIR", &schema_dir)
        .env("SANDBOX_PLAIN", if mode == Mode::Plain { "1" } else { "0" })
        .env("PYTHONDONTWRITEBYTECODE", "1");
    // unittest reports on stderr; fold it into what we read.
    command.env("PYTHONUNBUFFERED", "1");
    let output = command.output().context("running the conformance tests")?;
    drop(sandbox);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    print!("{text}");
    let (passed, failed) = unittest_counts(&text);
    if !output.status.success() && failed == 0 {
        return Ok((passed, 1));
    }
    Ok((passed, failed))
}

/// Reads unittest's `Ran N tests` and `FAILED (failures=F, errors=E)`.
fn unittest_counts(output: &str) -> (u32, u32) {
    let ran = output
        .lines()
        .find_map(|l| {
            l.strip_prefix("Ran ")?
                .split_whitespace()
                .next()?
                .parse::<u32>()
                .ok()
        })
        .unwrap_or(0);
    let mut failed = 0;
    // A skipped test neither passed nor failed (the plain-mode tests on the full sandbox).
    let skipped: u32 = output
        .lines()
        .filter_map(|l| l.split("skipped=").nth(1))
        .filter_map(|rest| {
            rest.trim_end_matches(')')
                .split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
        .next()
        .unwrap_or(0);
    if let Some(line) = output.lines().find(|l| l.starts_with("FAILED (")) {
        for part in line
            .trim_start_matches("FAILED (")
            .trim_end_matches(')')
            .split(", ")
        {
            if let Some((what, n)) = part.split_once('=')
                && (what == "failures" || what == "errors")
            {
                failed += n.parse::<u32>().unwrap_or(0);
            }
        }
    }
    (ran.saturating_sub(failed).saturating_sub(skipped), failed)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_unittest_summary() {
        let output = "test_a ... ok\n----\nRan 7 tests in 1.2s\n\nFAILED (failures=2, errors=1, skipped=1)\n";
        assert_eq!(super::unittest_counts(output), (3, 3));
        assert_eq!(
            super::unittest_counts("Ran 10 tests in 1.4s\n\nOK (skipped=3)\n"),
            (7, 0)
        );
        assert_eq!(
            super::unittest_counts("Ran 5 tests in 0.1s\n\nOK\n"),
            (5, 0)
        );
    }
}
