//! The locales' messages as the BFF serves them (issue 19, a smaller app): the browser's
//! `.wasm` carries none, and each page fetches its own locale's table from the BFF
//! (bff/src/messages.rs). The same compiler as the app's (frontend/build/), on the same
//! `locales/`, so xtask counts the file a first page downloads (budget.rs, bench/bundle.rs)
//! and checks that no built `.wasm` holds a locale's words again.

#[allow(dead_code)]
#[path = "../../frontend/build/fluent_compile.rs"]
mod fluent_compile;
#[allow(dead_code)]
#[path = "../../frontend/build/fluent_marks.rs"]
mod fluent_marks;

use std::path::Path;

use anyhow::{Context, bail};

/// The first page's language when the resident has chosen none and the browser says none
/// we have (api::Locale's default): the table the size accounting counts.
pub const FIRST_PAGE_LOCALE: &str = "zh-CN";

/// Every locale's table (tag, text), exactly as the BFF serves it.
pub fn tables(root: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let locales_dir = root.join("locales");
    let tags = fluent_compile::locale_tags(&locales_dir).context("reading locales/")?;
    let mut locales = Vec::new();
    for tag in tags {
        let name = format!("locales/{tag}/main.ftl");
        let source =
            std::fs::read_to_string(root.join(&name)).with_context(|| format!("reading {name}"))?;
        let compiled = fluent_compile::compile(&name, &source)
            .map_err(|errors| anyhow::anyhow!("{}", errors.join("\n")))?;
        locales.push((tag, compiled));
    }
    fluent_compile::tables(&locales).map_err(|errors| anyhow::anyhow!("{}", errors.join("\n")))
}

/// The first page's table: its name in the size accounting and its text.
pub fn first_page_table(root: &Path) -> anyhow::Result<(String, Vec<u8>)> {
    let text = tables(root)?
        .into_iter()
        .find(|(tag, _)| tag == FIRST_PAGE_LOCALE)
        .map(|(_, text)| text)
        .with_context(|| format!("no locales/{FIRST_PAGE_LOCALE}"))?;
    Ok((
        format!("messages/{FIRST_PAGE_LOCALE}.txt"),
        text.into_bytes(),
    ))
}

/// Each locale's longest messages that are plain text (no argument, no selector) and no
/// other locale's: words only that locale's table holds.
pub fn telltale_words(tables: &[(String, String)]) -> Vec<(String, String)> {
    let patterns = |text: &str| -> Vec<String> {
        text.splitn(3, fluent_marks::TABLE_SEPARATOR)
            .nth(2)
            .unwrap_or_default()
            .split(fluent_marks::MESSAGE_SEPARATOR)
            .map(str::to_owned)
            .collect()
    };
    let mut found = Vec::new();
    for (tag, text) in tables {
        let others: Vec<String> = tables
            .iter()
            .filter(|(t, _)| t != tag)
            .flat_map(|(_, text)| patterns(text))
            .collect();
        let mut plain: Vec<String> = patterns(text)
            .into_iter()
            .filter(|p| p.len() >= 24 && !p.chars().any(|c| c < ' ') && !others.contains(p))
            .collect();
        plain.sort_by_key(|p| std::cmp::Reverse(p.len()));
        found.extend(plain.into_iter().take(5).map(|p| (tag.clone(), p)));
    }
    found
}

/// Fails if a `.wasm` in dist/ holds any locale's telltale words (the build compiled the
/// tables into the browser's app again).
pub fn check_wasm(root: &Path) -> anyhow::Result<()> {
    let words = telltale_words(&tables(root)?);
    if words.len() < 6 {
        bail!("too few telltale messages to look for ({})", words.len());
    }
    let dist = root.join("dist");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dist).context("reading dist/ (`cargo xtask dist`)")? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("wasm") {
            continue;
        }
        let wasm = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        for (tag, text) in &words {
            if contains(&wasm, text.as_bytes()) {
                bail!(
                    "{} holds {tag}'s message {text:?}: the browser's app carries its locales' words \
                     again (they come from the BFF, bff/src/messages.rs)",
                    path.display()
                );
            }
        }
        checked += 1;
    }
    if checked == 0 {
        bail!("no .wasm in dist/ (`cargo xtask dist`)");
    }
    eprintln!(
        "xtask: no locale's messages in the .wasm ({} telltale messages looked for)",
        words.len()
    );
    Ok(())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_has_telltale_words_and_they_are_found() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let tables = tables(&root).unwrap();
        assert_eq!(tables.len(), 3);
        let words = telltale_words(&tables);
        for tag in ["zh-CN", "zh-TW", "en"] {
            assert_eq!(words.iter().filter(|(t, _)| t == tag).count(), 5, "{tag}");
        }
        let (name, text) = first_page_table(&root).unwrap();
        assert_eq!(name, "messages/zh-CN.txt");
        assert!(text.starts_with("zh-CN\u{1e}".as_bytes()));
        let (_, en) = &words.iter().find(|(t, _)| t == "en").unwrap();
        assert!(contains(format!("xx{en}yy").as_bytes(), en.as_bytes()));
        assert!(!contains(b"nothing here", en.as_bytes()));
    }
}
