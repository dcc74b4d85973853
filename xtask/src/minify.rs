//! The scripts of a Trunk build, minified with terser (pinned in xtask/tools) in its dist
//! folder. Trunk 0.21 minifies JavaScript with minify-js 0.5, which can parse neither of
//! ours: wasm-bindgen's glue (`export { … as default }`) nor static/boot.js (`import(…)`).
//! It says "Failed to minify JS" and copies both as they are (63 KB and 6 KB, comments and
//! all). Minified here, they cost the first page about 2.9 KB less brotli.
//!
//! The names stay Trunk's: the glue's hash is its .wasm's, boot.js's that of its source, and
//! terser gives the same output for the same input. What Trunk wrote into the page's
//! `integrity` attributes is the digest of the file as it copied it, so each changed file's
//! digest is replaced with the new one.

use std::path::Path;

use anyhow::{Context, bail};
use base64::Engine as _;
use sha2::{Digest, Sha384};

use crate::tools;

/// Minifies every `.js` file in `dist` (wasm-bindgen's glue, the one beside a `_bg.wasm`
/// of the same name, as an ES module; others as classic scripts) and mends the `integrity`
/// attributes of the pages there.
pub fn scripts(root: &Path, dist: &Path) -> anyhow::Result<()> {
    let terser = tools::tools_bin(root).join("terser");
    let (mut before, mut after) = (0, 0);
    let mut pages = Vec::new();
    let mut scripts = Vec::new();
    for entry in std::fs::read_dir(dist).with_context(|| format!("listing {}", dist.display()))? {
        let path = entry?.path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("html") => pages.push(path),
            Some("js") => scripts.push(path),
            _ => {}
        }
    }
    let mut digests = Vec::new();
    for script in scripts {
        let original =
            std::fs::read(&script).with_context(|| format!("reading {}", script.display()))?;
        let minified = script.with_extension("min.js");
        let mut command = std::process::Command::new(&terser);
        command
            .arg(&script)
            .args(["--compress", "--mangle", "--output"])
            .arg(&minified);
        if bindgen_wasm(&script).is_some_and(|wasm| wasm.exists()) {
            command.arg("--module");
        }
        let status = command
            .status()
            .with_context(|| format!("starting {}", terser.display()))?;
        if !status.success() {
            bail!("terser could not minify {} ({status})", script.display());
        }
        std::fs::rename(&minified, &script)?;
        let new = std::fs::read(&script)?;
        before += original.len();
        after += new.len();
        digests.push((sha384(&original), sha384(&new)));
    }
    for page in pages {
        let html = std::fs::read_to_string(&page)?;
        let mended = mend_integrity(&html, &digests);
        if mended != html {
            std::fs::write(&page, mended)?;
        }
    }
    eprintln!(
        "xtask: minified the scripts in {} with terser ({before} bytes, {after} minified)",
        dist.display()
    );
    Ok(())
}

/// `huiyin-frontend-<hash>.js` → `huiyin-frontend-<hash>_bg.wasm`: wasm-bindgen's pair.
fn bindgen_wasm(script: &Path) -> Option<std::path::PathBuf> {
    let stem = script.file_stem()?.to_str()?;
    Some(script.with_file_name(format!("{stem}_bg.wasm")))
}

/// A Subresource Integrity value as Trunk writes it: `sha384-<base64>`.
fn sha384(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// `html` with each old digest replaced by its new one.
fn mend_integrity(html: &str, digests: &[(String, String)]) -> String {
    digests
        .iter()
        .fold(html.to_owned(), |html, (old, new)| html.replace(old, new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_script_s_integrity_is_its_new_digest() {
        let (old, new) = (b"var a = 1;\n".as_slice(), b"var a=1;".as_slice());
        // `printf 'var a = 1;\n' | openssl dgst -sha384 -binary | base64`
        assert_eq!(
            sha384(old),
            "sha384-Axeg1ZyjoHtjVcCGtt6k3jJBjCkWEGdDRVrg2kpcEUOdXsS5PjZcWZVyOZwR97+f"
        );
        let html = format!(
            "<script integrity={} src=/boot-1.js></script><link integrity=sha384-other href=/a.css>",
            sha384(old)
        );
        let mended = mend_integrity(&html, &[(sha384(old), sha384(new))]);
        assert_eq!(
            mended,
            format!(
                "<script integrity={} src=/boot-1.js></script><link integrity=sha384-other href=/a.css>",
                sha384(new)
            )
        );
    }

    #[test]
    fn the_glue_is_the_script_beside_its_wasm() {
        assert_eq!(
            bindgen_wasm(Path::new("dist/huiyin-frontend-7cea.js")).unwrap(),
            Path::new("dist/huiyin-frontend-7cea_bg.wasm")
        );
    }
}
