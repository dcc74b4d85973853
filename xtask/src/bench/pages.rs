//! Server-rendered pages (issue 19): what a phone downloads before a page's main content is
//! visible (the page's HTML as the BFF sends it with brotli, and the stylesheets it links:
//! the app's JS and .wasm start after the first paint and are not counted), and how the BFF
//! renders pages under load, beside the API's catalogue answer: saturated throughput, and
//! p99 at a constant rate (oha, open loop, latency corrected for coordinated omission).

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use super::load::{Stats, parse_oha, sustainable_rate};
use super::procs;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Pages {
    pub first_view: Vec<FirstView>,
    pub render: Vec<RenderLoad>,
    /// The constant rate of every `render` row, requests/s.
    pub rate: u32,
    pub rate_basis: String,
    pub secs: u64,
    pub connections: u32,
}

/// One page's bytes before its content is visible.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FirstView {
    pub name: String,
    pub path: String,
    /// The page's HTML, uncompressed and as sent with `Accept-Encoding: br`.
    pub html_bytes: usize,
    pub html_brotli: usize,
    /// The stylesheets it links, as their precompressed `.br` files.
    pub css_brotli: usize,
    pub total_brotli: usize,
    /// Whether the HTML holds the page's `<h1>` inside `<main>`.
    pub heading_in_html: bool,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RenderLoad {
    pub name: String,
    pub path: String,
    pub saturating_rps: f64,
    pub constant: Stats,
}

pub struct Target {
    pub name: &'static str,
    pub path: String,
    /// A page (counted in `first_view`), or the API beside them.
    pub page: bool,
    /// A `Cookie:` header sent with it (the case page's, [`cases_cookie`]).
    pub cookie: Option<String>,
}

/// The session cookie of the cases a browser filed or looked up (bff/src/pages/case_cookie.rs):
/// with it, the case page shows the case a browser filed, as it does for the resident.
pub const CASES_COOKIE: &str = "__Host-huiyin-cases";

/// `Cookie:` for the one case `id` with query code `code`, in case_cookie.rs's format:
/// `id~code`, the id percent-encoded but for letters, digits, `-` and `_`.
pub fn cases_cookie(id: &str, code: &str) -> String {
    use std::fmt::Write;
    let mut encoded = String::new();
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    format!("{CASES_COOKIE}={encoded}~{code}")
}

pub fn measure(
    dist: &Path,
    bff: SocketAddr,
    targets: &[Target],
    generator_cpu: Option<usize>,
    secs: u64,
    rate: Option<u32>,
) -> anyhow::Result<Pages> {
    let mut first_view = Vec::new();
    for target in targets.iter().filter(|t| t.page) {
        first_view.push(first_view_of(dist, bff, target)?);
    }
    let connections = 32;
    let mut saturating = Vec::new();
    for target in targets {
        eprintln!("xtask bench: pages, saturating {} ({secs} s)", target.path);
        saturating.push(oha(generator_cpu, bff, target, None, connections, secs)?.rps);
    }
    let slowest = saturating.iter().copied().fold(f64::INFINITY, f64::min);
    let (rate, rate_basis) = match rate {
        Some(rate) => (rate, "given with --rate".to_owned()),
        None => (
            sustainable_rate(slowest),
            format!(
                "a quarter of the slowest path's saturated throughput here ({slowest:.0} requests/s), rounded down"
            ),
        ),
    };
    let mut render = Vec::new();
    for (target, saturating_rps) in targets.iter().zip(saturating) {
        eprintln!(
            "xtask bench: pages, constant {rate}/s {} ({secs} s)",
            target.path
        );
        render.push(RenderLoad {
            name: target.name.to_owned(),
            path: target.path.clone(),
            saturating_rps,
            constant: oha(generator_cpu, bff, target, Some(rate), connections, secs)?,
        });
    }
    Ok(Pages {
        first_view,
        render,
        rate,
        rate_basis,
        secs,
        connections,
    })
}

fn first_view_of(dist: &Path, bff: SocketAddr, target: &Target) -> anyhow::Result<FirstView> {
    let cookie: Vec<(&str, &str)> = target
        .cookie
        .as_deref()
        .map(|cookie| ("Cookie", cookie))
        .into_iter()
        .collect();
    let plain = procs::http(bff, "GET", &target.path, &cookie, None)?;
    let mut brotli = cookie.clone();
    brotli.push(("Accept-Encoding", "br"));
    let sent = procs::http(bff, "GET", &target.path, &brotli, None)?;
    anyhow::ensure!(
        plain.status == 200 && sent.status == 200,
        "GET {} answered {} / {}",
        target.path,
        plain.status,
        sent.status
    );
    let html = String::from_utf8_lossy(&plain.body).into_owned();
    let mut css_brotli = 0;
    for file in super::referenced_files(&html) {
        if super::kind_of(&file) != "css" {
            continue;
        }
        let compressed = dist.join(format!("{file}.br"));
        let size = std::fs::metadata(&compressed)
            .or_else(|_| std::fs::metadata(dist.join(&file)))
            .with_context(|| format!("{file} in {}", dist.display()))?
            .len();
        css_brotli += usize::try_from(size).unwrap_or(usize::MAX);
    }
    let heading_in_html = html
        .find("<main")
        .is_some_and(|main| html[main..].contains("<h1"));
    Ok(FirstView {
        name: target.name.to_owned(),
        path: target.path.clone(),
        html_bytes: plain.body.len(),
        html_brotli: sent.body.len(),
        css_brotli,
        total_brotli: sent.body.len() + css_brotli,
        heading_in_html,
    })
}

/// Saturating without `rate`, else open loop at `rate`; as a browser asks (brotli).
fn oha(
    cpu: Option<usize>,
    bff: SocketAddr,
    target: &Target,
    rate: Option<u32>,
    connections: u32,
    secs: u64,
) -> anyhow::Result<Stats> {
    let mut command = procs::pinned(cpu, "oha");
    command.args(["-z", &format!("{secs}s"), "-w"]);
    if let Some(rate) = rate {
        command.args(["-q", &rate.to_string(), "--latency-correction"]);
    }
    command
        .args(["-c", &connections.to_string(), "--no-tui"])
        .args(["-H", "Accept-Encoding: br"]);
    if let Some(cookie) = &target.cookie {
        command.args(["-H", &format!("Cookie: {cookie}")]);
    }
    command
        .args(["--output-format", "json"])
        .arg(format!("http://{bff}{}", target.path));
    let output = procs::run_bounded(&mut command, Duration::from_secs(secs + 60))?;
    if !output.success {
        bail!("oha failed: {}", output.stderr.trim());
    }
    parse_oha(&output.stdout)
}

/// The report's section.
pub fn markdown(pages: &Pages) -> String {
    use super::report::targets;
    use std::fmt::Write;
    let mut md = String::new();
    let _ = writeln!(md, "## Server-rendered pages\n");
    let _ = writeln!(
        md,
        "The BFF renders each resident page with the app's own components (Yew SSR); the app's JS and .wasm start after the first paint. **Before the main content is visible** a phone downloads the page's HTML (as sent, brotli) and its stylesheets (brotli); the target is at most {:.0} KB.\n",
        targets::FIRST_VIEW_BROTLI.limit() / targets::KB
    );
    let _ = writeln!(
        md,
        "| page | path | HTML | HTML, brotli | CSS, brotli | total, brotli | h1 in the HTML |\n|---|---|---:|---:|---:|---:|---|"
    );
    for view in &pages.first_view {
        let _ = writeln!(
            md,
            "| {} | `{}` | {:.1} KB | {:.1} KB | {:.1} KB | **{:.1} KB** | {} |",
            view.name,
            view.path,
            view.html_bytes as f64 / 1000.0,
            view.html_brotli as f64 / 1000.0,
            view.css_brotli as f64 / 1000.0,
            view.total_brotli as f64 / 1000.0,
            if view.heading_in_html { "yes" } else { "no" }
        );
    }
    let _ = writeln!(
        md,
        "\n**Rendering under load** (through the BFF, `Accept-Encoding: br`, {} connections, {} s each): saturated throughput, then a constant {} requests/s ({}), with the API's catalogue answer beside the pages. Target: p99 at most {:.0} ms per page.\n",
        pages.connections,
        pages.secs,
        pages.rate,
        pages.rate_basis,
        targets::RENDER_P99_MS.limit()
    );
    let _ = writeln!(
        md,
        "| what | path | saturated, requests/s | constant: p50 | p99 | p99.9 | errors |\n|---|---|---:|---:|---:|---:|---:|"
    );
    for row in &pages.render {
        let _ = writeln!(
            md,
            "| {} | `{}` | {:.0} | {:.2} ms | **{:.2} ms** | {:.2} ms | {:.0} |",
            row.name,
            row.path,
            row.saturating_rps,
            row.constant.p50_ms,
            row.constant.p99_ms,
            row.constant.p999_ms,
            row.constant.errors
        );
    }
    md
}

/// The pages measured, and the API beside them.
pub fn targets(case_id: &str, query_code: &str) -> Vec<Target> {
    vec![
        Target {
            name: "home",
            path: "/".into(),
            page: true,
            cookie: None,
        },
        Target {
            name: "services",
            path: "/services".into(),
            page: true,
            cookie: None,
        },
        Target {
            name: "case",
            path: format!("/cases/{case_id}"),
            page: true,
            cookie: Some(cases_cookie(case_id, query_code)),
        },
        Target {
            name: "API: the catalogue",
            path: "/api/services?locale=zh-CN".into(),
            page: false,
            cookie: None,
        },
    ]
}
