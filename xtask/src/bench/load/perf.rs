//! perf: where the BFF spends its CPU on the passthrough path.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::bail;

use super::super::procs::{self, Guard};
use super::{Profile, Stats};

/// `perf record` of one process while `load` runs, then its samples by category.
pub fn profile(
    pid: u32,
    data: &Path,
    load: impl FnOnce() -> anyhow::Result<Stats>,
) -> anyhow::Result<Profile> {
    let log = data.with_extension("log");
    let mut command = Command::new("perf");
    command
        .args(["record", "-F", "999", "-p", &pid.to_string(), "-o"])
        .arg(data);
    let recorder = Guard::spawn_with_signal("perf record", &mut command, &log, "-INT")?;
    std::thread::sleep(Duration::from_millis(500));
    let result = load();
    // perf writes its file when interrupted (the guard sends SIGINT and waits).
    drop(recorder);
    result?;
    let report = procs::run_bounded(
        Command::new("perf")
            .args([
                "report",
                "--no-children",
                "--sort",
                "symbol",
                "--stdio",
                "-g",
                "none",
                "-i",
            ])
            .arg(data),
        Duration::from_secs(120),
    )?;
    if !report.success {
        bail!("perf report failed: {}", report.stderr.trim());
    }
    parse_perf_report(&report.stdout)
}

/// Reads `perf report --sort symbol --stdio` and groups the symbols.
pub fn parse_perf_report(text: &str) -> anyhow::Result<Profile> {
    let mut profile = Profile::default();
    let mut categories: Vec<(String, f64)> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("# Samples: ") {
            profile.samples = parse_count(rest.split_whitespace().next().unwrap_or("0"));
            continue;
        }
        let Some((percent, rest)) = line.split_once('%') else {
            continue;
        };
        let Ok(percent) = percent.trim().parse::<f64>() else {
            continue;
        };
        let rest = rest.trim();
        let (kind, symbol) = match rest.strip_prefix("[k]") {
            Some(symbol) => ("k", symbol.trim()),
            None => ("u", rest.strip_prefix("[.]").unwrap_or(rest).trim()),
        };
        // perf pads the symbol column and may add `-  -` columns after it.
        let symbol = symbol.split("   ").next().unwrap_or(symbol).trim();
        let category = category_of(kind, symbol);
        match categories.iter_mut().find(|(c, _)| c == category) {
            Some(entry) => entry.1 += percent,
            None => categories.push((category.to_owned(), percent)),
        }
        if profile.top_symbols.len() < 12 {
            profile.top_symbols.push((symbol.to_owned(), percent));
        }
    }
    anyhow::ensure!(!categories.is_empty(), "perf report had no samples");
    categories.sort_by(|a, b| b.1.total_cmp(&a.1));
    for entry in &mut categories {
        entry.1 = (entry.1 * 10.0).round() / 10.0;
    }
    profile.categories = categories;
    Ok(profile)
}

fn parse_count(text: &str) -> u64 {
    let (number, scale) = match text.chars().last() {
        Some('K') => (&text[..text.len() - 1], 1e3),
        Some('M') => (&text[..text.len() - 1], 1e6),
        _ => (text, 1.0),
    };
    (number.parse::<f64>().unwrap_or(0.0) * scale) as u64
}

fn category_of(kind: &str, symbol: &str) -> &'static str {
    let has = |needles: &[&str]| needles.iter().any(|n| symbol.contains(n));
    if kind == "k" {
        "kernel (TCP on loopback, syscalls, scheduling)"
    } else if has(&[
        "malloc",
        "_int_free",
        "cfree",
        "realloc",
        "unlink_chunk",
        "malloc_consolidate",
        "calloc",
    ]) || symbol.starts_with("mi_")
        || symbol.starts_with("_mi_")
        || symbol.contains("MiMalloc")
    {
        "memory allocator (malloc/free: mimalloc, glibc)"
    } else if has(&["memmove", "memcpy", "memset", "memcmp"]) {
        "memcpy/memmove"
    } else if has(&["serde", "ContentVisitor", "ContentRef"]) {
        "serde (JSON parsing and writing)"
    } else if has(&["hyper"]) {
        "hyper (HTTP/1 server and client)"
    } else if has(&["reqwest"]) {
        "reqwest (upstream client)"
    } else if has(&["tower", "axum"]) {
        "axum/tower (routing, middleware)"
    } else if has(&["tokio"]) {
        "tokio (runtime)"
    } else if has(&["tracing"]) {
        "tracing"
    } else if has(&["bff::", "api::"]) {
        "the BFF's own code"
    } else if has(&["metrics"]) {
        "metrics (Prometheus counters)"
    } else if has(&["url::", "idna::", "form_urlencoded"]) {
        "URL parsing (url, idna)"
    } else if has(&["chrono::"]) {
        "chrono (dates)"
    } else if has(&["alloc::", "core::str", "from_utf8", "hash"]) {
        "collections, strings, hashing (std)"
    } else {
        "other (bytes, http, futures, …)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_a_perf_report() {
        let text = "# Total Lost Samples: 0\n#\n# Samples: 4K of event 'cpu-clock:ppp'\n# Overhead  Symbol\n#\n     4.77%  [.] _int_malloc                              -      -   \n     3.11%  [.] __memmove_avx512_unaligned_erms\n     1.87%  [k] _raw_spin_unlock_irqrestore\n     1.66%  [.] <serde::private::de::content::ContentVisitor as serde_core::de::Visitor>::visit_map\n     1.00%  [.] malloc\n";
        let profile = parse_perf_report(text).unwrap();
        assert_eq!(profile.samples, 4000);
        assert_eq!(
            profile.categories[0],
            (
                "memory allocator (malloc/free: mimalloc, glibc)".to_owned(),
                5.8
            )
        );
        assert_eq!(profile.top_symbols.len(), 5);
        assert_eq!(profile.top_symbols[0], ("_int_malloc".to_owned(), 4.77));
        assert!(parse_perf_report("# nothing\n").is_err());
    }
}
