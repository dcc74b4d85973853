//! What the first page costs to download: every file `dist/index.html` loads and the page's
//! locale's messages (served by the BFF), raw, gzip -9 and brotli 11 (what the BFF serves), the .wasm broken down by crate, and the same bundle
//! built at other opt-levels, compared by compressed size.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};
use html5gum::{DefaultEmitter, Token, Tokenizer};
use serde::{Deserialize, Serialize};

use super::wasm_crates::{self, Breakdown};
use crate::compress::{brotli, gzip};
use crate::{frontend, process, tools};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Bundle {
    /// Every file the first page loads, in the order index.html names them.
    pub files: Vec<FileSize>,
    /// HTML + CSS + JS + WASM (the transfer the target is about).
    pub first_page: Sizes,
    pub wasm: Sizes,
    /// The .wasm of a build with symbols, by crate.
    pub wasm_crates: Option<Breakdown>,
    /// The same pipeline (cargo, wasm-bindgen, wasm-opt) at each opt-level.
    pub opt_levels: Vec<OptLevelSize>,
    /// The workspace's setting, from `[profile.wasm-release]`.
    pub current_opt_level: String,
    pub wasm_opt_level: String,
}

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Sizes {
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

impl std::ops::AddAssign for Sizes {
    fn add_assign(&mut self, other: Sizes) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FileSize {
    pub path: String,
    pub kind: String,
    /// Counted in the first-page transfer target (HTML, CSS, JS, WASM).
    pub first_page: bool,
    pub sizes: Sizes,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct OptLevelSize {
    pub opt_level: String,
    pub wasm: Sizes,
    pub js: Sizes,
    pub build_secs: f64,
}

pub struct Options {
    pub alternative_opt_levels: Vec<String>,
    pub breakdown: bool,
}

pub fn measure(root: &Path, options: &Options) -> anyhow::Result<Bundle> {
    tools::ensure_build_tools(root)?;
    frontend::build(root)?;
    let dist = root.join("dist");
    let html =
        std::fs::read_to_string(dist.join("index.html")).context("reading dist/index.html")?;
    let mut bundle = Bundle::default();
    let mut paths = vec!["index.html".to_owned()];
    for reference in referenced_files(&html) {
        if !paths.contains(&reference) {
            paths.push(reference);
        }
    }
    for path in paths {
        let bytes =
            std::fs::read(dist.join(&path)).with_context(|| format!("reading dist/{path}"))?;
        let kind = kind_of(&path);
        let first_page = matches!(kind, "html" | "css" | "js" | "wasm");
        let sizes = sizes_of(&bytes)?;
        if first_page {
            bundle.first_page += sizes;
        }
        if kind == "wasm" {
            bundle.wasm += sizes;
        }
        bundle.files.push(FileSize {
            path,
            kind: kind.to_owned(),
            first_page,
            sizes,
        });
    }
    // The page's locale's messages, which the BFF serves (the .wasm carries none).
    let (path, text) = crate::messages::first_page_table(root)?;
    let sizes = sizes_of(&text)?;
    bundle.first_page += sizes;
    bundle.files.push(FileSize {
        path,
        kind: "messages".to_owned(),
        first_page: true,
        sizes,
    });
    let cargo_toml = std::fs::read_to_string(root.join("Cargo.toml"))?;
    bundle.current_opt_level =
        profile_opt_level(&cargo_toml).context("opt-level in [profile.wasm-release]")?;
    let index = std::fs::read_to_string(root.join("index.html"))?;
    let pipeline = Pipeline::from_index_html(root, &index)?;
    bundle.wasm_opt_level = pipeline.wasm_opt_level.clone();

    let mut levels = vec![bundle.current_opt_level.clone()];
    for level in &options.alternative_opt_levels {
        if !levels.contains(level) {
            levels.push(level.clone());
        }
    }
    for (i, level) in levels.iter().enumerate() {
        let keep_names = i == 0 && options.breakdown;
        let variant = pipeline.build(level, keep_names)?;
        if let Some(named) = &variant.named_wasm {
            let bytes = std::fs::read(named)?;
            bundle.wasm_crates = Some(wasm_crates::analyze(&bytes)?);
        }
        bundle.opt_levels.push(OptLevelSize {
            opt_level: level.clone(),
            wasm: sizes_of(&std::fs::read(&variant.wasm)?)?,
            js: sizes_of(&std::fs::read(&variant.js)?)?,
            build_secs: variant.build_secs,
        });
    }
    Ok(bundle)
}

/// With the same settings as the precompressed copies in dist/.
fn sizes_of(bytes: &[u8]) -> anyhow::Result<Sizes> {
    Ok(Sizes {
        raw: bytes.len() as u64,
        gzip: gzip(bytes)?.len() as u64,
        brotli: brotli(bytes)?.len() as u64,
    })
}

/// Local files a page loads: `href="/…"` and `src="/…"` (quoted or not, as a minified page
/// writes them) and the `'/…'` paths in the Trunk loader's inline script.
pub fn referenced_files(html: &str) -> Vec<String> {
    let mut emitter = DefaultEmitter::default();
    // Script text is one string, as a browser reads it, not tags.
    emitter.naively_switch_states(true);
    let mut found = Vec::new();
    let mut in_script = false;
    for Ok(token) in Tokenizer::new_with_emitter(html, emitter) {
        match token {
            Token::StartTag(tag) => {
                in_script = &*tag.name == b"script";
                // `content` and `data-wasm`: the app's JS and .wasm, which static/boot.js
                // starts after the first paint from `<meta name="huiyin-app">` (Trunk.toml).
                for name in [
                    b"href".as_slice(),
                    b"src".as_slice(),
                    b"content".as_slice(),
                    b"data-wasm".as_slice(),
                ] {
                    if let Some(value) = tag.attributes.get(name) {
                        note_file(&mut found, &String::from_utf8_lossy(&value.value));
                    }
                }
            }
            Token::EndTag(_) => in_script = false,
            Token::String(text) if in_script => {
                let text = String::from_utf8_lossy(&text.value);
                for piece in text.split(['\'', '"']).skip(1).step_by(2) {
                    note_file(&mut found, piece);
                }
            }
            _ => {}
        }
    }
    found
}

/// Keeps `/name.ext` (a file of the app), once; not pages (`/services`) or other sites.
fn note_file(found: &mut Vec<String>, value: &str) {
    let Some(path) = value.strip_prefix('/') else {
        return;
    };
    let looks_like_file = !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(['<', '>', ' ', '?', '#'])
        && path.rsplit_once('.').is_some_and(|(_, ext)| {
            !ext.is_empty() && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        });
    if looks_like_file && !found.iter().any(|f| f == path) {
        found.push(path.to_owned());
    }
}

pub fn kind_of(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, e)| e) {
        Some("html") => "html",
        Some("js") | Some("mjs") => "js",
        Some("wasm") => "wasm",
        Some("css") => "css",
        Some("svg") | Some("png") | Some("ico") => "icon",
        Some("webmanifest") | Some("json") => "manifest",
        _ => "other",
    }
}

/// `opt-level` in `[profile.wasm-release]` of the workspace's Cargo.toml.
pub fn profile_opt_level(cargo_toml: &str) -> Option<String> {
    let section = cargo_toml.split("[profile.wasm-release]").nth(1)?;
    let section = section.split("\n[").next()?;
    section.lines().find_map(|line| {
        let value = line
            .trim()
            .strip_prefix("opt-level")?
            .trim()
            .strip_prefix('=')?;
        Some(value.trim().trim_matches('"').to_owned())
    })
}

/// An attribute's value on Trunk's `rel="rust"` link in index.html.
fn trunk_attribute(index_html: &str, name: &str) -> Option<String> {
    let start = index_html.find(&format!("{name}=\""))? + name.len() + 2;
    let len = index_html[start..].find('"')?;
    Some(index_html[start..start + len].to_owned())
}

/// Trunk's release pipeline, repeated by hand so that the opt-level and the symbols can vary:
/// cargo (profile wasm-release), wasm-bindgen --target web, wasm-opt with index.html's flags.
struct Pipeline {
    root: PathBuf,
    bin: String,
    wasm_opt_level: String,
    wasm_opt_params: Vec<String>,
}

struct Variant {
    wasm: PathBuf,
    named_wasm: Option<PathBuf>,
    js: PathBuf,
    build_secs: f64,
}

impl Pipeline {
    fn from_index_html(root: &Path, index_html: &str) -> anyhow::Result<Pipeline> {
        Ok(Pipeline {
            root: root.to_path_buf(),
            bin: trunk_attribute(index_html, "data-bin")
                .unwrap_or_else(|| "huiyin-frontend".into()),
            wasm_opt_level: trunk_attribute(index_html, "data-wasm-opt")
                .unwrap_or_else(|| "z".into()),
            wasm_opt_params: trunk_attribute(index_html, "data-wasm-opt-params")
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
        })
    }

    fn build(&self, opt_level: &str, keep_names: bool) -> anyhow::Result<Variant> {
        let dir = self
            .root
            .join(format!("target/bench/wasm-opt-level-{opt_level}"));
        let started = Instant::now();
        eprintln!(
            "xtask bench: building the frontend at opt-level {opt_level:?} in target/bench/ (a first build takes minutes)"
        );
        let status = Command::new(process::cargo_program())
            .args(["build", "--package", "huiyin-frontend", "--bin", &self.bin])
            .args([
                "--target",
                "wasm32-unknown-unknown",
                "--profile",
                "wasm-release",
            ])
            .env("CARGO_TARGET_DIR", &dir)
            .env("CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL", opt_level)
            // Names kept in the linked file; wasm-opt drops them unless told to keep them.
            .env("CARGO_PROFILE_WASM_RELEASE_STRIP", "false")
            .env("CARGO_PROFILE_WASM_RELEASE_DEBUG", "false")
            .current_dir(&self.root)
            .status()
            .context("starting cargo")?;
        if !status.success() {
            bail!("building the frontend at opt-level {opt_level} failed ({status})");
        }
        let linked = dir.join(format!(
            "wasm32-unknown-unknown/wasm-release/{}.wasm",
            self.bin
        ));
        let out = dir.join("bindgen");
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out)?;
        process::run(
            "wasm-bindgen",
            &[
                "--target",
                "web",
                "--no-typescript",
                "--out-dir",
                out.to_str().context("utf-8 path")?,
                "--out-name",
                &self.bin,
                linked.to_str().context("utf-8 path")?,
            ],
        )?;
        let bindgen_wasm = out.join(format!("{}_bg.wasm", self.bin));
        let wasm = dir.join("optimized.wasm");
        self.wasm_opt(&bindgen_wasm, &wasm, false)?;
        let named_wasm = if keep_names {
            let named = dir.join("optimized-with-names.wasm");
            self.wasm_opt(&bindgen_wasm, &named, true)?;
            Some(named)
        } else {
            None
        };
        Ok(Variant {
            wasm,
            named_wasm,
            js: out.join(format!("{}.js", self.bin)),
            build_secs: started.elapsed().as_secs_f64(),
        })
    }

    fn wasm_opt(&self, input: &Path, output: &Path, keep_names: bool) -> anyhow::Result<()> {
        let mut command = Command::new(tools::tools_bin(&self.root).join("wasm-opt"));
        command
            .arg(format!("-O{}", self.wasm_opt_level))
            .args(&self.wasm_opt_params)
            .arg("-o")
            .arg(output)
            .arg(input);
        if keep_names {
            command.arg("--debuginfo");
        }
        let status = command.status().context("starting wasm-opt")?;
        if !status.success() {
            bail!("wasm-opt failed ({status})");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_trunks_index_html_loads() {
        let html = r#"<!doctype html><html><head><title>回音</title>
<script type="module">
import init, * as bindings from '/huiyin-frontend-c2f0.js';
const wasm = await init({ module_or_path: '/huiyin-frontend-c2f0_bg.wasm' });
</script>
<link rel="stylesheet" href="/app-ea25.css" integrity="sha384-VB9+5/KL"/>
<link rel="icon" href="/icon-7348.svg"/>
<link rel="manifest" href="/manifest.webmanifest" />
<link rel="modulepreload" href="/huiyin-frontend-c2f0.js" crossorigin="anonymous"><a href="/services">x</a></head></html>"#;
        assert_eq!(
            referenced_files(html),
            [
                "huiyin-frontend-c2f0.js",
                "huiyin-frontend-c2f0_bg.wasm",
                "app-ea25.css",
                "icon-7348.svg",
                "manifest.webmanifest"
            ]
        );
    }

    #[test]
    fn finds_them_in_a_minified_page_too() {
        let html = "<!doctype html><html lang=zh-CN><meta charset=utf-8><script src=/boot-1.js></script><script type=module>import init from '/app-2.js';\nawait init({ module_or_path: '/app-2_bg.wasm' });</script><link href=/app-3.css rel=stylesheet><link as=fetch crossorigin href=/app-2_bg.wasm rel=preload></head><body><a href=/services>x</a></body></html>";
        assert_eq!(
            referenced_files(html),
            ["boot-1.js", "app-2.js", "app-2_bg.wasm", "app-3.css"]
        );
    }

    #[test]
    fn finds_the_app_that_boot_js_starts_after_the_first_paint() {
        let html = "<!doctype html><html lang=zh-CN><meta content=\"width=device-width\" name=viewport><meta content=#0b4f8a name=theme-color><script src=/boot-1.js></script><meta content=/app-2.js data-wasm=/app-2_bg.wasm name=huiyin-app><link href=/app-3.css rel=stylesheet></head><body></body></html>";
        assert_eq!(
            referenced_files(html),
            ["boot-1.js", "app-2.js", "app-2_bg.wasm", "app-3.css"]
        );
    }

    #[test]
    fn reads_the_wasm_profile_and_trunk_attributes() {
        let toml = "[profile.release]\nopt-level = 3\n\n[profile.wasm-release]\ninherits = \"release\"\nopt-level = \"z\"\nlto = true\n";
        assert_eq!(profile_opt_level(toml).as_deref(), Some("z"));
        let index = r#"<link data-trunk rel="rust" data-wasm-opt="z" data-wasm-opt-params="--enable-bulk-memory --enable-sign-ext" />"#;
        let pipeline = Pipeline::from_index_html(Path::new("/r"), index).unwrap();
        assert_eq!(pipeline.wasm_opt_level, "z");
        assert_eq!(
            pipeline.wasm_opt_params,
            ["--enable-bulk-memory", "--enable-sign-ext"]
        );
    }
}
