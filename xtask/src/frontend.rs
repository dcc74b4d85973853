//! The release build of the frontend with Trunk, skipped when none of its inputs changed.
//! Two apps from the one crate (issue 19): `index.html`, the resident's app that hydrates the
//! pages the BFF renders, and `full.html`, the full app for the pages it draws itself (the
//! filing steps, sending, the service window). Trunk builds one page at a time and empties
//! its dist folder each time, so the full app is built into `target/xtask/full-dist` and its
//! files copied beside the resident's in `dist/`, its page as `full.html` (Trunk names every
//! page it builds index.html; the other names are hashed: nothing is overwritten but the
//! shared stylesheets and scripts, with the same bytes). Only `full.html` loads the service
//! window's stylesheet, `window.css`.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::UNIX_EPOCH;

use anyhow::{Context, bail};

use crate::tools;

/// What the bundle is built from. A change to any of these rebuilds it.
const INPUTS: &[&str] = &[
    "frontend",
    "api",
    "locales",
    "static",
    "index.html",
    "full.html",
    "Trunk.toml",
    "Cargo.toml",
    "Cargo.lock",
    // terser's version (minify.rs).
    "xtask/tools/package-lock.json",
];

pub fn build(root: &Path) -> anyhow::Result<()> {
    let stamp_path = root.join("target/xtask/frontend.stamp");
    let fingerprint = fingerprint(root).to_string();
    let up_to_date = root.join("dist/index.html").exists()
        && root.join("dist/full.html").exists()
        && std::fs::read_to_string(&stamp_path).is_ok_and(|s| s == fingerprint);
    if up_to_date {
        eprintln!("xtask: frontend unchanged, dist/ is current");
        return Ok(());
    }
    let full_dist = root.join("target/xtask/full-dist");
    trunk(root, "index.html", &root.join("dist"))?;
    trunk(root, "full.html", &full_dist)?;
    for entry in std::fs::read_dir(&full_dist).context("reading the full app's build")? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            // Trunk names its page index.html, whichever page it built.
            let name = match entry.file_name() {
                name if name == "index.html" => "full.html".into(),
                name => name,
            };
            std::fs::copy(entry.path(), root.join("dist").join(name))
                .with_context(|| format!("copying {} into dist/", entry.path().display()))?;
        }
    }
    crate::compress::precompress(&root.join("dist"))?;
    std::fs::create_dir_all(stamp_path.parent().expect("has a parent"))?;
    std::fs::write(&stamp_path, fingerprint)?;
    Ok(())
}

/// `trunk build --release --offline <page> --dist <dist>`, with the project's wasm-opt, and
/// its scripts minified (minify.rs).
fn trunk(root: &Path, page: &str, dist: &Path) -> anyhow::Result<()> {
    eprintln!("xtask: building the frontend's {page} (trunk build --release --offline)");
    let path = std::env::join_paths(std::iter::once(tools::tools_bin(root)).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))?;
    let status = Command::new("trunk")
        .args(["build", "--release", "--offline=true", page, "--dist"])
        .arg(dist)
        .env("PATH", path)
        .env("NO_COLOR", "true")
        .current_dir(root)
        .status()
        .context("starting trunk")?;
    if !status.success() {
        bail!("trunk build of {page} failed ({status})");
    }
    crate::minify::scripts(root, dist)
}

/// Paths, sizes and modification times of every input file.
fn fingerprint(root: &Path) -> u64 {
    let mut files = Vec::new();
    for input in INPUTS {
        collect(&root.join(input), &mut files);
    }
    files.sort();
    let mut hasher = DefaultHasher::new();
    for file in files {
        file.hash(&mut hasher);
        if let Ok(meta) = std::fs::metadata(&file) {
            meta.len().hash(&mut hasher);
            meta.modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .hash(&mut hasher);
        }
    }
    hasher.finish()
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_file() {
        files.push(path.to_path_buf());
    } else if let Ok(entries) = std::fs::read_dir(path) {
        for entry in entries.flatten() {
            collect(&entry.path(), files);
        }
    }
}

#[cfg(test)]
mod tests {
    /// Trunk builds one page at a time, so the full app has a page of its own; it is the
    /// resident's page in every word but the one that asks for the full app's features and
    /// the service window's stylesheet, which only the full app draws (issue 19: the
    /// resident's first page does not download it).
    #[test]
    fn full_html_is_index_html_with_the_full_features_and_the_window_s_styles() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let read = |page: &str| std::fs::read_to_string(root.join(page)).unwrap();
        let (index, full) = (read("index.html"), read("full.html"));
        let features = |features: &str| format!("data-cargo-features=\"{features}\"");
        let css = |name: &str| {
            format!("    <link data-trunk rel=\"css\" href=\"static/{name}.css\" />\n")
        };
        assert_eq!(index.matches(&features("hydration")).count(), 1);
        assert_eq!(index.matches(&css("journeys")).count(), 1);
        assert!(!index.contains("window.css"));
        assert_eq!(
            full,
            index
                .replace(&features("hydration"), &features("hydration,full"))
                .replace(&css("journeys"), &(css("journeys") + &css("window")))
        );
    }
}
