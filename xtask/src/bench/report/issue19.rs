//! Issue 19's targets (server-rendered pages that the app hydrates) in one table: each
//! target, the figure before the work (the first paragraph: measured in Chromium
//! and with Lighthouse mobile, median of 5, when pages were drawn by the app alone), and
//! this run's.

use std::fmt::Write;

use super::super::Report;

/// What the issue measured before server rendering. `/` as sent: HTML, CSS, JS and .wasm,
/// all of it needed before anything but the header was readable.
const BEFORE_HOME_AS_SENT_BYTES: f64 = 334_000.0;
const BEFORE_WASM_BROTLI_BYTES: f64 = 304_000.0;
/// Lighthouse mobile, median of 5, the same on `/` and `/services`; the case page was not
/// measured then.
const BEFORE_PERFORMANCE: f64 = 95.0;
const BEFORE_LCP_MS: f64 = 2850.0;
const BEFORE_TBT_MS: f64 = 88.0;
const BEFORE_CLS: f64 = 0.0;
const BEFORE_PAGES: [&str; 2] = ["home", "services"];

/// The targets.
const FIRST_VIEW_MAX_BYTES: f64 = 20_000.0;
const PERFORMANCE_MIN: f64 = 98.0;
const ACCESSIBILITY_MIN: f64 = 100.0;
const LCP_MAX_MS: f64 = 1500.0;
const TBT_MAX_MS: f64 = 150.0;
const CLS_MAX: f64 = 0.05;
const WASM_BROTLI_MAX: f64 = 250_000.0;
const FIRST_PAGE_MAX: f64 = 250_000.0;
const RENDER_P99_MAX_MS: f64 = 5.0;

/// The pages the issue names, as the bench names them.
const PAGES: [&str; 3] = ["home", "services", "case"];

struct Row {
    what: String,
    target: String,
    before: String,
    now: Option<String>,
    met: Option<bool>,
}

fn kb(bytes: f64) -> String {
    format!("{:.1} KB", bytes / 1000.0)
}

fn seconds(ms: f64) -> String {
    format!("{:.2} s", ms / 1000.0)
}

fn whole(v: f64) -> String {
    format!("{v:.0}")
}

fn millis(v: f64) -> String {
    format!("{v:.0} ms")
}

fn cls(v: f64) -> String {
    format!("{v:.3}")
}

fn at_most(
    now: Option<f64>,
    limit: f64,
    show: fn(f64) -> String,
) -> (Option<String>, Option<bool>) {
    (now.map(show), now.map(|v| v <= limit))
}

fn at_least(
    now: Option<f64>,
    limit: f64,
    show: fn(f64) -> String,
) -> (Option<String>, Option<bool>) {
    (now.map(show), now.map(|v| v >= limit))
}

fn rows(report: &Report) -> Vec<Row> {
    let mut rows = Vec::new();
    let first_view = |page: &str| {
        report
            .pages
            .as_ref()
            .and_then(|p| p.first_view.iter().find(|v| v.name == page))
    };
    for page in PAGES {
        let (now, met) = at_most(
            first_view(page).map(|v| v.total_brotli as f64),
            FIRST_VIEW_MAX_BYTES,
            kb,
        );
        rows.push(Row {
            what: format!("{page}: bytes before the content is visible (HTML + CSS, brotli)"),
            target: format!("≤ {}", kb(FIRST_VIEW_MAX_BYTES)),
            before: if page == "home" {
                format!("{} (the whole app, as sent)", kb(BEFORE_HOME_AS_SENT_BYTES))
            } else {
                "the whole app (not measured)".into()
            },
            now,
            met,
        });
    }
    let lighthouse = |page: &str| {
        report
            .lighthouse
            .as_ref()
            .and_then(|l| l.pages.iter().find(|p| p.name == page))
            .map(|p| &p.median)
    };
    let runs = report.lighthouse.as_ref().map_or(String::new(), |l| {
        format!(", median of {}", l.runs_per_page)
    });
    for page in PAGES {
        let m = lighthouse(page);
        let before = |value: f64, show: fn(f64) -> String| {
            if BEFORE_PAGES.contains(&page) {
                show(value)
            } else {
                "not measured".into()
            }
        };
        let mut push = |what: &str, target: String, before: String, (now, met)| {
            rows.push(Row {
                what: format!("{page}: Lighthouse mobile {what}{runs}"),
                target,
                before,
                now,
                met,
            });
        };
        push(
            "performance",
            format!("≥ {}", whole(PERFORMANCE_MIN)),
            before(BEFORE_PERFORMANCE, whole),
            at_least(m.map(|m| m.performance), PERFORMANCE_MIN, whole),
        );
        push(
            "accessibility",
            whole(ACCESSIBILITY_MIN),
            "not given".into(),
            at_least(m.map(|m| m.accessibility), ACCESSIBILITY_MIN, whole),
        );
        push(
            "LCP",
            format!("≤ {}", seconds(LCP_MAX_MS)),
            before(BEFORE_LCP_MS, seconds),
            at_most(m.map(|m| m.lcp_ms), LCP_MAX_MS, seconds),
        );
        push(
            "TBT",
            format!("≤ {}", millis(TBT_MAX_MS)),
            before(BEFORE_TBT_MS, millis),
            at_most(m.map(|m| m.tbt_ms), TBT_MAX_MS, millis),
        );
        push(
            "CLS",
            format!("≤ {}", cls(CLS_MAX)),
            before(BEFORE_CLS, cls),
            at_most(m.map(|m| m.cls), CLS_MAX, cls),
        );
    }
    let bundle = report.bundle.as_ref();
    let (now, met) = at_most(bundle.map(|b| b.wasm.brotli as f64), WASM_BROTLI_MAX, kb);
    rows.push(Row {
        what: ".wasm (brotli)".into(),
        target: format!("≤ {} (on the way to 150 KB)", kb(WASM_BROTLI_MAX)),
        before: kb(BEFORE_WASM_BROTLI_BYTES),
        now,
        met,
    });
    let (now, met) = at_most(
        bundle.map(|b| b.first_page.brotli as f64),
        FIRST_PAGE_MAX,
        kb,
    );
    rows.push(Row {
        what: "first page total (HTML + CSS + JS + .wasm, brotli)".into(),
        target: format!("≤ {}", kb(FIRST_PAGE_MAX)),
        before: format!("{} (`/` as sent)", kb(BEFORE_HOME_AS_SENT_BYTES)),
        now,
        met,
    });
    let render = report.pages.as_ref();
    let api = render.and_then(|p| p.render.iter().find(|r| r.path.starts_with("/api/")));
    for page in PAGES {
        let row = render.and_then(|p| p.render.iter().find(|r| r.name == page));
        let rate = render.map_or(String::new(), |p| format!(" at {} requests/s", p.rate));
        let (now, met) = at_most(row.map(|r| r.constant.p99_ms), RENDER_P99_MAX_MS, |v| {
            format!("{v:.2} ms")
        });
        rows.push(Row {
            what: format!("{page}: server rendering p99{rate}"),
            target: format!("≤ {RENDER_P99_MAX_MS:.0} ms"),
            before: "no server rendering".into(),
            now,
            met,
        });
        rows.push(Row {
            what: format!("{page}: saturated throughput, beside the API's catalogue"),
            target: "reported".into(),
            before: "no server rendering".into(),
            now: row.map(|r| {
                format!(
                    "{:.0} requests/s (API: {})",
                    r.saturating_rps,
                    api.map_or("not measured".to_owned(), |a| format!(
                        "{:.0} requests/s",
                        a.saturating_rps
                    ))
                )
            }),
            met: None,
        });
    }
    rows
}

/// The section, near the top of the report.
pub fn section(md: &mut String, report: &Report) {
    let _ = writeln!(md, "## Issue 19: server-rendered pages, before and now\n");
    let _ = writeln!(
        md,
        "The targets of issue 19 beside the figures it started from (its first paragraph: pages drawn by the app alone, Lighthouse mobile median of 5) and this run's. \"not measured\" in the last column: that part was left out of this run (`--skip`) or failed (see above).\n"
    );
    let _ = writeln!(md, "| what | target | before | now | verdict |");
    let _ = writeln!(md, "|---|---|---|---|---|");
    let rows = rows(report);
    for row in &rows {
        let verdict = match row.met {
            Some(true) => "met",
            Some(false) => "**missed**",
            None if row.now.is_some() => "—",
            None => "not measured",
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            row.what,
            row.target,
            row.before,
            row.now.as_deref().unwrap_or("not measured"),
            verdict
        );
    }
    let judged: Vec<bool> = rows.iter().filter_map(|r| r.met).collect();
    let _ = writeln!(
        md,
        "\n{} of {} measured targets met.\n",
        judged.iter().filter(|met| **met).count(),
        judged.len()
    );
}

#[cfg(test)]
mod tests {
    use super::super::super::pages::{FirstView, Pages};
    use super::*;

    #[test]
    fn a_part_left_out_is_not_measured_and_a_measured_one_is_judged() {
        let report = Report {
            pages: Some(Pages {
                first_view: vec![FirstView {
                    name: "home".into(),
                    total_brotli: 19_000,
                    ..FirstView::default()
                }],
                ..Pages::default()
            }),
            ..Report::default()
        };
        let mut md = String::new();
        section(&mut md, &report);
        assert!(
            md.contains("| home: bytes before the content is visible (HTML + CSS, brotli) | ≤ 20.0 KB | 334.0 KB (the whole app, as sent) | 19.0 KB | met |"),
            "{md}"
        );
        assert!(md.contains("| .wasm (brotli) | ≤ 250.0 KB (on the way to 150 KB) | 304.0 KB | not measured | not measured |"), "{md}");
        assert!(md.contains("1 of 1 measured targets met."), "{md}");
    }
}
