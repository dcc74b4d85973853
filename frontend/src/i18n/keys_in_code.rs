//! Every message key the code names exists in every locale. A missing message would show
//! its key (`file-continue`) to the resident instead of words.
//!
//! The code is read as text: keys written out in `t(…)` and `t_with(…)` (including each
//! branch of an `if` or `match` inside the call), in a `<PageHeading>`'s `title` and
//! `heading`, and returned by functions whose name ends in `key`. Keys put together at
//! run time (`format!("stage-{}", …)` inside `t(…)`) must match at least one message
//! here; that every value fills them in is checked where the values are listed
//! (`i18n::tests::every_contract_code_and_kind_has_a_message`,
//! `pages::tests::every_message_built_at_run_time_exists`). The browser tests add a last
//! net: no page shows text shaped like a key, in any locale.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use api::Locale;

use crate::i18n::tests::message_ids;

/// A piece of Rust source: a string literal's content, or any other character.
#[derive(Debug, PartialEq)]
enum Token {
    Str(String),
    Char(char),
}

/// Splits source into string literals and other characters, dropping comments and
/// character literals (so `'"'` or a `"` in a comment is not taken for a string).
fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && raw_start(&chars, i) {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            let start = i + 2 + hashes;
            let mut end = start;
            while end < chars.len()
                && !(chars[end] == '"'
                    && chars[end + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == '#')
                        .count()
                        == hashes)
            {
                end += 1;
            }
            out.push(Token::Str(
                chars[start..end.min(chars.len())].iter().collect(),
            ));
            i = end + 1 + hashes;
        } else if c == '"' {
            let mut text = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if let Some(&ch) = chars.get(i) {
                    text.push(ch);
                }
                i += 1;
            }
            out.push(Token::Str(text));
            i += 1;
        } else if c == '\'' && (chars.get(i + 2) == Some(&'\'') || next == Some('\\')) {
            // A character literal ('"', '\n', '\''); lifetimes ('static) have no closing quote.
            i += if next == Some('\\') {
                chars[i + 2..]
                    .iter()
                    .position(|&q| q == '\'')
                    .map_or(2, |p| p + 3)
            } else {
                3
            };
        } else {
            out.push(Token::Char(c));
            i += 1;
        }
    }
    out
}

/// `r"…"` or `r#"…"#`, not an identifier ending in `r` (`for"`).
fn raw_start(chars: &[char], i: usize) -> bool {
    let after_hashes = chars[i + 1..].iter().find(|&&h| h != '#');
    let before = i.checked_sub(1).map(|b| chars[b]);
    after_hashes == Some(&'"') && !before.is_some_and(|b| b.is_alphanumeric() || b == '_')
}

/// The text before `tokens[at]` as an identifier (`t` in `.t(`).
fn identifier_before(tokens: &[Token], at: usize) -> (String, Option<char>) {
    let mut name = Vec::new();
    let mut i = at;
    while i > 0 {
        match tokens[i - 1] {
            Token::Char(c) if c.is_alphanumeric() || c == '_' => name.push(c),
            _ => break,
        }
        i -= 1;
    }
    let before = i.checked_sub(1).and_then(|b| match tokens[b] {
        Token::Char(c) => Some(c),
        Token::Str(_) => None,
    });
    (name.into_iter().rev().collect(), before)
}

/// Whether `tokens[at]` is the first argument of `format!(`.
fn after_format(tokens: &[Token], at: usize) -> bool {
    let mut i = at;
    let mut back = |wanted: char| {
        while i > 0 && matches!(tokens[i - 1], Token::Char(c) if c.is_whitespace()) {
            i -= 1;
        }
        let found = i > 0 && tokens[i - 1] == Token::Char(wanted);
        if found {
            i -= 1;
        }
        found
    };
    back('(') && back('!') && identifier_before(tokens, i).0 == "format"
}

/// Where the bracket opened at `open` closes.
fn closing(tokens: &[Token], open: usize, (left, right): (char, char)) -> usize {
    let mut depth = 0;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        match token {
            Token::Char(c) if *c == left => depth += 1,
            Token::Char(c) if *c == right => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    tokens.len()
}

/// The end of the first argument of the call whose `(` is at `open`.
fn first_argument_end(tokens: &[Token], open: usize) -> usize {
    let mut depth = 0;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        match token {
            Token::Char('(' | '[' | '{') => depth += 1,
            Token::Char(')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            Token::Char(',') if depth == 1 => return i,
            _ => {}
        }
    }
    tokens.len()
}

/// What the code asks of Fluent: keys written out, and templates of keys built at run time.
#[derive(Default, Debug)]
struct Used {
    keys: BTreeSet<(String, String)>,
    templates: BTreeSet<(String, String)>,
}

fn looks_like_key(text: &str) -> bool {
    let mut parts = text.split('-');
    parts.next().is_some_and(|first| {
        first.starts_with(|c: char| c.is_ascii_lowercase())
            && first
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    }) && text.contains('-')
        && parts.all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

fn scan(file: &str, source: &str, used: &mut Used) {
    // Tests sit at the end of a file and may name keys that do not exist on purpose.
    let source = source.split("#[cfg(test)]").next().unwrap_or_default();
    let tokens = tokens(source);
    let take = |from: usize, to: usize, calls: bool, used: &mut Used| {
        for i in from..to.min(tokens.len()) {
            match &tokens[i] {
                Token::Str(text) if calls && text.contains('{') && after_format(&tokens, i) => {
                    used.templates.insert((file.to_owned(), text.clone()));
                }
                Token::Str(text) if looks_like_key(text) => {
                    used.keys.insert((file.to_owned(), text.clone()));
                }
                _ => {}
            }
        }
    };
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Char('(') => {
                let (name, before) = identifier_before(&tokens, i);
                if before == Some('.') && name == "t" {
                    take(i, closing(&tokens, i, ('(', ')')), true, used);
                } else if before == Some('.') && name == "t_with" {
                    take(i, first_argument_end(&tokens, i), true, used);
                }
            }
            Token::Char('{') => {
                // The body of `fn …key(…) -> … {`.
                let header: String = tokens[i.saturating_sub(200)..i]
                    .iter()
                    .map(|t| match t {
                        Token::Char(c) => c.to_string(),
                        Token::Str(_) => "\"\"".into(),
                    })
                    .collect();
                if let Some(signature) = header.rsplit("fn ").next()
                    && header.contains("fn ")
                    && !signature.contains(['{', '}', ';'])
                    && signature
                        .split('(')
                        .next()
                        .is_some_and(|name| name.trim().ends_with("key"))
                {
                    take(i, closing(&tokens, i, ('{', '}')), false, used);
                }
            }
            _ => {}
        }
    }
    // `<PageHeading title="…" heading="…" />`
    for (at, _) in source.match_indices("<PageHeading") {
        let tag = &source[at..source[at..].find('>').map_or(source.len(), |end| at + end)];
        for attribute in ["title=\"", "heading=\""] {
            if let Some(start) = tag.find(attribute) {
                let value = &tag[start + attribute.len()..];
                let value = &value[..value.find('"').unwrap_or(value.len())];
                used.keys.insert((file.to_owned(), value.to_owned()));
            }
        }
    }
}

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .expect("readable source folder")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

fn used_in_code() -> Used {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut used = Used::default();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable source");
        let name = file
            .strip_prefix(&root)
            .unwrap_or(&file)
            .display()
            .to_string();
        scan(&name, &text, &mut used);
    }
    used
}

/// `case-{token}-body` as a test of a key: fixed parts in order, anything between.
fn fits_template(key: &str, template: &str) -> bool {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        parts.push(&rest[..open]);
        rest = rest[open..]
            .find('}')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    parts.push(rest);
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !key.starts_with(first) || !key.ends_with(last) || key.len() < first.len() + last.len() {
        return false;
    }
    let mut middle = &key[first.len()..key.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match middle.find(part) {
            Some(at) => middle = &middle[at + part.len()..],
            None => return false,
        }
    }
    true
}

#[test]
fn every_key_named_in_the_code_is_in_every_locale() {
    let used = used_in_code();
    assert!(
        used.keys.len() > 150,
        "the scan found only {} keys: has the code's way of naming them changed?",
        used.keys.len()
    );
    for locale in Locale::ALL {
        let ids = message_ids(locale);
        let missing: Vec<_> = used
            .keys
            .iter()
            .filter(|(_, key)| !ids.contains(key))
            .map(|(file, key)| format!("{key} (in {file})"))
            .collect();
        assert!(missing.is_empty(), "{locale} lacks {missing:#?}");
    }
}

#[test]
fn every_key_built_at_run_time_has_messages_to_find() {
    let used = used_in_code();
    assert!(used.templates.len() >= 5, "found {:?}", used.templates);
    for locale in Locale::ALL {
        let ids = message_ids(locale);
        for (file, template) in &used.templates {
            assert!(
                ids.iter().any(|id| fits_template(id, template)),
                "{locale}: no message fits {template} (in {file})"
            );
        }
    }
}

#[test]
fn the_scan_reads_rust_as_rust() {
    let mut used = Used::default();
    let code = r###"
        // i18n.t("in-a-comment")
        let quote = '"';
        fn f<'a>(x: &'a str) {}
        let a = i18n.t("plain-key");
        let b = i18n.t(if busy { "busy-key" } else { "idle-key" });
        let c = i18n.t_with("with-key", &[("page-name", x.into())]);
        let d = i18n.t(&format!("stage-{}", stage.token()));
        let e = r#"raw-string"#;
        fn message_key(self) -> &'static str { match self { A => "from-a-key", _ => "x" } }
        fn random_key() -> String { format!("d-{}", 1) }
        html! { <PageHeading title="home-title" heading="home-heading" /> }
        let f = classes!("not-a-key");
    "###;
    scan("example.rs", code, &mut used);
    let keys: Vec<_> = used.keys.iter().map(|(_, k)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "busy-key",
            "from-a-key",
            "home-heading",
            "home-title",
            "idle-key",
            "plain-key",
            "with-key"
        ]
    );
    let templates: Vec<_> = used.templates.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(templates, ["stage-{}"]);
    assert!(fits_template("case-urge-body", "case-{token}-body"));
    assert!(!fits_template("case-urge-done", "case-{token}-body"));
}
