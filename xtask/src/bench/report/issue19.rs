//! Issue 19's figures (server-rendered pages that the app hydrates), each with its target
//! (report/targets.rs, where issue 19's replace issue 7's), the figure before the work (the
//! issue's first paragraph: measured in Chromium and with Lighthouse mobile, median of 5,
//! when pages were drawn by the app alone), and this run's, in one table.

use std::fmt::Write;

use super::super::Report;
use super::targets::{self, Target};
use super::{Figure, kb, score, seconds};

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

/// The pages the issue names, as the bench names them.
const PAGES: [&str; 3] = ["home", "services", "case"];

/// The area of a page's server-side figures.
pub const PAGES_AREA: &str = "server-rendered pages";

fn cls(v: f64) -> String {
    format!("{v:.3}")
}

fn render_ms(v: f64) -> String {
    format!("{v:.2} ms")
}

/// Issue 19's figures, each with its target (report/targets.rs) and the issue's figure from
/// before, measured in this run or not.
pub fn figures(report: &Report) -> Vec<Figure> {
    let mut figures = Vec::new();
    let mut push = |area: &str,
                    what: String,
                    target: Target,
                    measured: Option<f64>,
                    show: fn(f64) -> String,
                    before: String| {
        figures.push(Figure {
            area: area.into(),
            what,
            target,
            measured,
            show,
            before: Some(before),
        });
    };
    let first_view = |page: &str| {
        report
            .pages
            .as_ref()
            .and_then(|p| p.first_view.iter().find(|v| v.name == page))
    };
    for page in PAGES {
        push(
            PAGES_AREA,
            format!("{page}: HTML + CSS before the content is visible (brotli)"),
            targets::FIRST_VIEW_BROTLI,
            first_view(page).map(|v| v.total_brotli as f64),
            kb,
            if page == "home" {
                format!("{} (the whole app, as sent)", kb(BEFORE_HOME_AS_SENT_BYTES))
            } else {
                "the whole app (not measured)".into()
            },
        );
    }
    let lighthouse = |page: &str| {
        report
            .lighthouse
            .as_ref()
            .and_then(|l| l.pages.iter().find(|p| p.name == page))
            .map(|p| &p.median)
    };
    for page in PAGES {
        let m = lighthouse(page);
        let area = super::lighthouse_area(page);
        let before = |value: f64, show: fn(f64) -> String| {
            if BEFORE_PAGES.contains(&page) {
                show(value)
            } else {
                "not measured".into()
            }
        };
        push(
            &area,
            "performance score".into(),
            targets::PERFORMANCE,
            m.map(|m| m.performance),
            score,
            before(BEFORE_PERFORMANCE, score),
        );
        push(
            &area,
            "accessibility score".into(),
            targets::ACCESSIBILITY,
            m.map(|m| m.accessibility),
            score,
            "not given".into(),
        );
        push(
            &area,
            "LCP".into(),
            targets::LCP_MS,
            m.map(|m| m.lcp_ms),
            seconds,
            before(BEFORE_LCP_MS, seconds),
        );
        push(
            &area,
            "TBT".into(),
            targets::TBT_MS,
            m.map(|m| m.tbt_ms),
            |v| format!("{v:.0} ms"),
            before(BEFORE_TBT_MS, |v| format!("{v:.0} ms")),
        );
        push(
            &area,
            "CLS".into(),
            targets::CLS,
            m.map(|m| m.cls),
            cls,
            before(BEFORE_CLS, cls),
        );
    }
    let bundle = report.bundle.as_ref();
    push(
        "bundle",
        "first-page transfer (HTML + CSS + JS + WASM, brotli)".into(),
        targets::FIRST_PAGE_BROTLI,
        bundle.map(|b| b.first_page.brotli as f64),
        kb,
        format!("{} (`/` as sent)", kb(BEFORE_HOME_AS_SENT_BYTES)),
    );
    push(
        "bundle",
        ".wasm (brotli)".into(),
        targets::WASM_BROTLI,
        bundle.map(|b| b.wasm.brotli as f64),
        kb,
        kb(BEFORE_WASM_BROTLI_BYTES),
    );
    let render = report.pages.as_ref();
    for page in PAGES {
        let row = render.and_then(|p| p.render.iter().find(|r| r.name == page));
        let rate = render.map_or(String::new(), |p| format!(" at {} requests/s", p.rate));
        push(
            PAGES_AREA,
            format!("{page}: rendering p99{rate}"),
            targets::RENDER_P99_MS,
            row.map(|r| r.constant.p99_ms),
            render_ms,
            "no server rendering".into(),
        );
    }
    figures
}

/// The section, near the top of the report: issue 19's targets, each judged here once, and
/// the pages' saturated throughput beside the API's (reported, no target).
pub fn section(md: &mut String, report: &Report, figures: &[Figure]) {
    let _ = writeln!(md, "## Issue 19: server-rendered pages, before and now\n");
    let runs = report.lighthouse.as_ref().map_or(String::new(), |l| {
        format!(" (this run: median of {})", l.runs_per_page)
    });
    let _ = writeln!(
        md,
        "The targets of issue 19 beside the figures it started from (its first paragraph: pages drawn by the app alone, Lighthouse mobile median of 5) and this run's{runs}. Where issue 7 had set a target for the same figure, issue 19's replaces it (xtask/src/bench/report/targets.rs). \"not measured\": that part was left out of this run (`--skip`) or failed (see above).\n"
    );
    let _ = writeln!(md, "| area | what | target | before | now | verdict |");
    let _ = writeln!(md, "|---|---|---|---|---|---|");
    let mut judged = Vec::new();
    for figure in figures.iter().filter(|f| f.target.issue == 19) {
        let check = figure.check();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} |",
            figure.area,
            figure.what,
            figure.target.describe(figure.show),
            figure.before.as_deref().unwrap_or("—"),
            check
                .as_ref()
                .map_or("not measured", |c| c.measured.as_str()),
            super::verdict(check.as_ref())
        );
        judged.extend(check.map(|c| c.met));
    }
    let render = report.pages.as_ref();
    let api = render.and_then(|p| p.render.iter().find(|r| r.path.starts_with("/api/")));
    for page in PAGES {
        let row = render.and_then(|p| p.render.iter().find(|r| r.name == page));
        let now = row.map_or("not measured".to_owned(), |r| {
            format!(
                "{:.0} requests/s (API: {})",
                r.saturating_rps,
                api.map_or("not measured".to_owned(), |a| format!(
                    "{:.0} requests/s",
                    a.saturating_rps
                ))
            )
        });
        let _ = writeln!(
            md,
            "| {PAGES_AREA} | {page}: saturated throughput, beside the API's catalogue | reported | no server rendering | {now} | — |"
        );
    }
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
        section(&mut md, &report, &figures(&report));
        assert!(
            md.contains("| server-rendered pages | home: HTML + CSS before the content is visible (brotli) | ≤ 20.0 KB | 334.0 KB (the whole app, as sent) | 19.0 KB | met (1.0 KB to spare) |"),
            "{md}"
        );
        assert!(md.contains("| bundle | .wasm (brotli) | ≤ 250.0 KB (on the way to issue 7's 150 KB) | 304.0 KB | not measured | not measured |"), "{md}");
        assert!(md.contains("1 of 1 measured targets met."), "{md}");
    }
}
