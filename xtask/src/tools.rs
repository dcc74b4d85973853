//! Installs what the build and the tests need, each step skipped when the right version is
//! already there. Everything comes from crates.io, npm or Debian: nothing downloads from
//! elsewhere (Trunk runs offline and finds its tools on PATH).

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::process;

pub const TRUNK_SERIES: &str = "0.21.";
pub const TRUNK_REQUIREMENT: &str = "~0.21";
pub const WASM_OPT_VERSION: &str = "version 132";
/// The JavaScript minifier of the release build (frontend.rs), pinned in xtask/tools.
pub const TERSER_VERSION: &str = "5.51.4";

/// wasm32 target, Trunk, wasm-bindgen-cli (the Cargo.lock version), wasm-opt (npm binaryen)
/// and terser (npm).
pub fn ensure_build_tools(root: &Path) -> anyhow::Result<()> {
    ensure_wasm_target()?;
    ensure_trunk()?;
    ensure_wasm_bindgen(root)?;
    ensure_npm_build_tools(root)
}

/// Debian's Chromium and the e2e package's pinned npm modules.
pub fn ensure_browser_test_tools(root: &Path) -> anyhow::Result<()> {
    ensure_chromium()?;
    ensure_npm_packages(
        &root.join("e2e"),
        "node_modules/playwright-core/package.json",
    )
}

/// The folder holding the project's own wasm-opt (goes first on PATH for Trunk) and terser.
pub fn tools_bin(root: &Path) -> PathBuf {
    root.join("xtask/tools/node_modules/.bin")
}

fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = std::process::Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("running rustup")?;
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    say("installing the wasm32-unknown-unknown target");
    process::run("rustup", &["target", "add", "wasm32-unknown-unknown"])
}

fn ensure_trunk() -> anyhow::Result<()> {
    if let Some(version) = process::first_line("trunk", &["--version"])
        && version
            .strip_prefix("trunk ")
            .is_some_and(|v| v.starts_with(TRUNK_SERIES))
    {
        return Ok(());
    }
    say("installing trunk 0.21 from crates.io (about 11 minutes on 2 cores)");
    process::cargo(&[
        "install",
        "trunk",
        "--version",
        TRUNK_REQUIREMENT,
        "--locked",
    ])
}

fn ensure_wasm_bindgen(root: &Path) -> anyhow::Result<()> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let wanted = locked_version(&lock, "wasm-bindgen").context("wasm-bindgen in Cargo.lock")?;
    if process::first_line("wasm-bindgen", &["--version"]).as_deref()
        == Some(format!("wasm-bindgen {wanted}").as_str())
    {
        return Ok(());
    }
    say(&format!(
        "installing wasm-bindgen-cli {wanted} from crates.io (about 4 minutes)"
    ));
    let exact = format!("={wanted}");
    // Without --locked first: the crates.io mirror can lag behind the CLI's own lock file.
    process::cargo(&[
        "install",
        "wasm-bindgen-cli",
        "--version",
        &exact,
        "--force",
    ])
    .or_else(|_| {
        process::cargo(&[
            "install",
            "wasm-bindgen-cli",
            "--version",
            &exact,
            "--force",
            "--locked",
        ])
    })
}

fn ensure_npm_build_tools(root: &Path) -> anyhow::Result<()> {
    let bin = tools_bin(root);
    let wasm_opt = process::first_line(bin.join("wasm-opt"), &["--version"]);
    let terser = process::first_line(bin.join("terser"), &["--version"]);
    if wasm_opt.is_some_and(|v| v.contains(WASM_OPT_VERSION))
        && terser.as_deref() == Some(format!("terser {TERSER_VERSION}").as_str())
    {
        return Ok(());
    }
    say("installing wasm-opt (npm binaryen) and terser into xtask/tools");
    npm_ci(&root.join("xtask/tools"))
}

/// Debian's nginx: the balancer of the BFF's cluster tests (bff/tests/api/cluster.rs).
pub fn ensure_nginx() -> anyhow::Result<()> {
    if Path::new("/usr/sbin/nginx").exists() {
        return Ok(());
    }
    apt_install("nginx", &["nginx-light"])
}

/// Debian's Chromium: the browser of the e2e tests and of Lighthouse.
pub fn ensure_chromium() -> anyhow::Result<()> {
    if Path::new(crate::e2e::CHROMIUM).exists() {
        return Ok(());
    }
    apt_install("Chromium", &["chromium"])
}

/// Installs Debian's `packages` when this runs as root; otherwise says which command would,
/// naming `what` is missing.
pub fn apt_install(what: &str, packages: &[&str]) -> anyhow::Result<()> {
    let list = packages.join(" ");
    if !is_root() {
        bail!("{what} is missing: run `sudo apt-get install -y {list}` and try again");
    }
    say(&format!("installing Debian's {}", packages.join(" and ")));
    process::run("apt-get", &["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq"];
    install.extend_from_slice(packages);
    process::run("apt-get", &install)
}

/// `npm ci` when node_modules is missing or older than the committed lock file.
fn ensure_npm_packages(dir: &Path, marker: &str) -> anyhow::Result<()> {
    let installed = dir.join("node_modules/.package-lock.json");
    let lock = dir.join("package-lock.json");
    let fresh = dir.join(marker).exists()
        && modified(&installed).is_some_and(|i| modified(&lock).is_some_and(|l| i >= l));
    if fresh {
        return Ok(());
    }
    say(&format!("installing npm packages in {}", dir.display()));
    npm_ci(dir)
}

fn npm_ci(dir: &Path) -> anyhow::Result<()> {
    let dir = dir.to_str().context("utf-8 path")?;
    process::run(
        "npm",
        &[
            "ci",
            "--prefix",
            dir,
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ],
    )
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn is_root() -> bool {
    process::first_line("id", &["-u"]).as_deref() == Some("0")
}

fn say(message: &str) {
    eprintln!("xtask: {message}");
}

/// The version of a package in Cargo.lock (the first entry when several).
pub fn locked_version(lock: &str, package: &str) -> Option<String> {
    let marker = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == marker {
            let version = lines.next()?.trim();
            return version
                .strip_prefix("version = \"")
                .and_then(|v| v.strip_suffix('"'))
                .map(str::to_owned);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_version_from_the_lock_file() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(lock, "yew"), None);
    }

    /// Trunk refuses (offline) a wasm-bindgen other than the one pinned in Trunk.toml, and
    /// the CLI must equal the crate: the three must move together.
    #[test]
    fn trunk_pins_match_the_lock_file_and_the_tools() {
        let root = crate::workspace_root();
        let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
        let trunk = std::fs::read_to_string(root.join("Trunk.toml")).unwrap();
        let crate_version = locked_version(&lock, "wasm-bindgen").unwrap();
        assert!(
            trunk.contains(&format!("wasm_bindgen = \"{crate_version}\"")),
            "Trunk.toml must pin wasm_bindgen = \"{crate_version}\""
        );
        let version_number = WASM_OPT_VERSION.trim_start_matches("version ");
        assert!(trunk.contains(&format!("wasm_opt = \"version_{version_number}\"")));
        let tools = std::fs::read_to_string(root.join("xtask/tools/package.json")).unwrap();
        assert!(tools.contains(&format!("\"binaryen\": \"{version_number}.0.0\"")));
        assert!(tools.contains(&format!("\"terser\": \"{TERSER_VERSION}\"")));
    }
}
