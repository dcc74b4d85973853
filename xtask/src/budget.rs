//! The size budget: what the first page costs to download (HTML + CSS + JS + WASM, as the
//! brotli copies `cargo xtask dist` writes and the BFF serves, and the page's locale's
//! messages, which the BFF serves beside them: messages.rs) may not grow past the number in
//! `size-budget.json`. `cargo xtask test` checks it after the frontend build, so that growth
//! is a decision someone commits, not an accident.
//!
//! To grow deliberately: `cargo xtask budget --update` writes the current sizes plus the
//! headroom into the file; commit it with a message that says what the bytes buy.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use crate::bench::{kind_of, referenced_files};

pub const FILE: &str = "size-budget.json";

/// Headroom `--update` leaves above the measured total: enough for a few hundred bytes of
/// harmless change, small enough that a new dependency or a big feature trips it.
const DEFAULT_HEADROOM_PERCENT: f64 = 2.0;

#[derive(Debug, Serialize, Deserialize)]
pub struct Budget {
    /// How to read and raise the budget, for whoever finds this file.
    pub about: String,
    /// The limit: the first page's brotli transfer, in bytes.
    pub first_page_brotli_bytes: u64,
    /// What `--update` added above the measured total, in percent.
    pub headroom_percent: f64,
    /// Each file's brotli size when the budget was last set (Trunk's content hash taken out
    /// of the name), to show which file grew.
    pub files_when_set: BTreeMap<String, u64>,
}

/// One file the first page loads.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// Name without Trunk's hash (`huiyin-frontend_bg.wasm`).
    pub name: String,
    pub brotli: u64,
}

/// `cargo xtask test`'s step: fails, with every file's numbers, when the first page grew past
/// the budget.
pub fn check(root: &Path) -> anyhow::Result<()> {
    let budget = read(root)?;
    let files = measure(&root.join("dist"))?;
    let verdict = judge(&budget, &files);
    eprint!("{}", verdict.table);
    if verdict.over {
        bail!(
            "the first page is {} bytes (brotli), over the budget of {} bytes in {FILE} by {} bytes; \
             shrink it, or raise the budget deliberately with `cargo xtask budget --update` and commit \
             {FILE} saying why",
            verdict.total,
            budget.first_page_brotli_bytes,
            verdict.total - budget.first_page_brotli_bytes
        );
    }
    Ok(())
}

/// `cargo xtask budget --update`: the current sizes plus the headroom, written to the file.
pub fn update(root: &Path, headroom_percent: Option<f64>) -> anyhow::Result<()> {
    let files = measure(&root.join("dist"))?;
    let previous = read(root).ok();
    let headroom = headroom_percent
        .or(previous.as_ref().map(|b| b.headroom_percent))
        .unwrap_or(DEFAULT_HEADROOM_PERCENT);
    let total: u64 = files.iter().map(|f| f.brotli).sum();
    use crate::bench::report::targets;
    let budget = Budget {
        about: format!(
            "The first page's transfer (HTML + CSS + JS + WASM, brotli as served from dist/, and the \
             page's locale's messages as the BFF serves them) may not \
             grow past first_page_brotli_bytes: `cargo xtask test` fails with every file's numbers \
             when it does. To raise it deliberately: `cargo xtask dist`, then `cargo xtask budget \
             --update` (the current sizes plus headroom_percent), and commit {FILE} with a message \
             that says what the bytes buy. The target is {:.0} KB (docs/performance.md).",
            targets::FIRST_PAGE_BROTLI.limit() / targets::KB
        ),
        first_page_brotli_bytes: (total as f64 * (1.0 + headroom / 100.0)).ceil() as u64,
        headroom_percent: headroom,
        files_when_set: files.iter().map(|f| (f.name.clone(), f.brotli)).collect(),
    };
    let json = serde_json::to_string_pretty(&budget)? + "\n";
    std::fs::write(root.join(FILE), json)?;
    eprintln!(
        "xtask: {FILE}: first page {total} bytes (brotli), budget {} bytes ({headroom}% headroom){}",
        budget.first_page_brotli_bytes,
        previous.map_or(String::new(), |p| format!(
            ", was {}",
            p.first_page_brotli_bytes
        ))
    );
    Ok(())
}

fn read(root: &Path) -> anyhow::Result<Budget> {
    let path = root.join(FILE);
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("reading {}", path.display()))
}

/// Every file `dist/index.html` loads that counts for the first page, at the size the BFF
/// serves to a browser that accepts brotli: the `.br` copy, or the file itself when no copy
/// was smaller.
pub fn measure(dist: &Path) -> anyhow::Result<Vec<Measured>> {
    let html = std::fs::read_to_string(dist.join("index.html"))
        .context("reading dist/index.html (build it with `cargo xtask dist`)")?;
    let mut paths = vec!["index.html".to_owned()];
    paths.extend(referenced_files(&html));
    let mut files = Vec::new();
    for path in paths {
        if !matches!(kind_of(&path), "html" | "css" | "js" | "wasm") {
            continue;
        }
        let file = dist.join(&path);
        let plain = std::fs::metadata(&file).with_context(|| format!("reading dist/{path}"))?;
        let brotli = match std::fs::metadata(dist.join(format!("{path}.br"))) {
            Ok(br) => br.len(),
            Err(_) => plain.len(),
        };
        files.push(Measured {
            name: without_hash(&path),
            brotli,
        });
    }
    // The page's locale's messages, which the BFF serves beside dist/ (messages.rs).
    let root = dist.parent().unwrap_or(dist);
    let (name, text) = crate::messages::first_page_table(root)?;
    files.push(Measured {
        name,
        brotli: crate::compress::brotli(&text)?.len() as u64,
    });
    Ok(files)
}

/// `app-7ff7e76f2bff4e6d.css` → `app.css`; `huiyin-frontend-f841…_bg.wasm` →
/// `huiyin-frontend_bg.wasm`: the same file across builds.
pub fn without_hash(path: &str) -> String {
    let (stem, ext) = path.rsplit_once('.').unwrap_or((path, ""));
    let (stem, suffix) = match stem.strip_suffix("_bg") {
        Some(stem) => (stem, "_bg"),
        None => (stem, ""),
    };
    let stem = match stem.rsplit_once('-') {
        Some((name, hash))
            if (1..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            name
        }
        _ => stem,
    };
    if ext.is_empty() {
        format!("{stem}{suffix}")
    } else {
        format!("{stem}{suffix}.{ext}")
    }
}

pub struct Verdict {
    pub total: u64,
    pub over: bool,
    /// Every file: now, when the budget was set, the change; then the total against the budget.
    pub table: String,
}

pub fn judge(budget: &Budget, files: &[Measured]) -> Verdict {
    let total: u64 = files.iter().map(|f| f.brotli).sum();
    let over = total > budget.first_page_brotli_bytes;
    let mut table = format!(
        "xtask: size budget ({FILE}), the first page in bytes (brotli):\n  {:<28} {:>9} {:>9} {:>8}\n",
        "file", "now", "when set", "change"
    );
    for file in files {
        let (then, change) = match budget.files_when_set.get(&file.name) {
            Some(then) => (
                then.to_string(),
                format!("{:+}", file.brotli as i64 - *then as i64),
            ),
            None => ("-".to_owned(), "new".to_owned()),
        };
        let _ = writeln!(
            table,
            "  {:<28} {:>9} {:>9} {:>8}",
            file.name, file.brotli, then, change
        );
    }
    for (name, then) in &budget.files_when_set {
        if !files.iter().any(|f| &f.name == name) {
            let _ = writeln!(table, "  {name:<28} {:>9} {then:>9} {:>8}", "-", "gone");
        }
    }
    let _ = writeln!(
        table,
        "  {:<28} {:>9} {:>9} {:>8}\n  {:<28} {:>9} ({})",
        "total",
        total,
        budget.files_when_set.values().sum::<u64>(),
        format!(
            "{:+}",
            total as i64 - budget.files_when_set.values().sum::<u64>() as i64
        ),
        "budget",
        budget.first_page_brotli_bytes,
        if over {
            format!("OVER by {} bytes", total - budget.first_page_brotli_bytes)
        } else {
            format!(
                "within, {} bytes to spare",
                budget.first_page_brotli_bytes - total
            )
        }
    );
    Verdict { total, over, table }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(limit: u64) -> Budget {
        Budget {
            about: String::new(),
            first_page_brotli_bytes: limit,
            headroom_percent: 2.0,
            files_when_set: [("index.html".to_owned(), 900), ("app.css".to_owned(), 2000)]
                .into_iter()
                .collect(),
        }
    }

    fn files(css: u64) -> Vec<Measured> {
        vec![
            Measured {
                name: "index.html".into(),
                brotli: 900,
            },
            Measured {
                name: "app.css".into(),
                brotli: css,
            },
        ]
    }

    #[test]
    fn growth_past_the_budget_fails_with_each_files_numbers() {
        let verdict = judge(&budget(2958), &files(2100));
        assert!(verdict.over);
        assert_eq!(verdict.total, 3000);
        assert!(verdict.table.contains("app.css"), "{}", verdict.table);
        assert!(verdict.table.contains("+100"), "{}", verdict.table);
        assert!(
            verdict.table.contains("OVER by 42 bytes"),
            "{}",
            verdict.table
        );
    }

    #[test]
    fn growth_within_the_headroom_passes() {
        let verdict = judge(&budget(2958), &files(2050));
        assert!(!verdict.over, "{}", verdict.table);
        assert!(
            verdict.table.contains("8 bytes to spare"),
            "{}",
            verdict.table
        );
    }

    #[test]
    fn names_lose_trunks_hash_only() {
        assert_eq!(without_hash("app-7ff7e76f2bff4e6d.css"), "app.css");
        assert_eq!(
            without_hash("huiyin-frontend-f8415d1c0601e0e4_bg.wasm"),
            "huiyin-frontend_bg.wasm"
        );
        assert_eq!(
            without_hash("huiyin-frontend-f8415d1c0601e0e4.js"),
            "huiyin-frontend.js"
        );
        assert_eq!(without_hash("index.html"), "index.html");
        // Trunk writes its 64-bit hash in hex without leading zeros: 15 digits at times.
        assert_eq!(
            without_hash("huiyin-frontend-8b0640054bd4a5c.js"),
            "huiyin-frontend.js"
        );
        assert_eq!(without_hash("service-worker.js"), "service-worker.js");
    }
}
