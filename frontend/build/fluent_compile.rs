//! The Fluent messages in `locales/`, compiled when the app is built so that the browser
//! neither downloads nor runs a Fluent parser: each message's pattern becomes a short string
//! in which text stays text and placeables become marks (below), read by
//! `frontend/src/i18n/messages.rs`. Used by `frontend/build.rs` and, natively, by the
//! frontend's unit tests, which check the result against fluent-bundle itself.
//!
//! The same parser as fluent-bundle's (`fluent_syntax::parser::parse_runtime`), so text is cut
//! into the same pieces (the pseudo-locale transforms each piece, as Fluent's transform does).
//! What the app's messages do not use is refused with an error naming the message instead of
//! being compiled approximately: terms, message references, attributes, functions, selectors
//! other than a variable. A syntax error, a message defined twice, or a message whose
//! variables differ between locales fails the build.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{
    Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey,
};

use super::fluent_marks::*;

/// One locale's messages: id → (encoded pattern, the variables it uses).
pub type Compiled = BTreeMap<String, (String, BTreeSet<String>)>;

/// The locales under `locales_dir`: each folder with a `main.ftl`, by tag, sorted (for
/// build.rs and xtask alike).
pub fn locale_tags(locales_dir: &std::path::Path) -> std::io::Result<Vec<String>> {
    let mut tags: Vec<String> = std::fs::read_dir(locales_dir)?
        .flatten()
        .filter(|entry| entry.path().join("main.ftl").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    tags.sort();
    Ok(tags)
}

/// Compiles one `.ftl` file; `name` says which in errors.
pub fn compile(name: &str, source: &str) -> Result<Compiled, Vec<String>> {
    let resource = match fluent_syntax::parser::parse_runtime(source) {
        Ok(resource) => resource,
        Err((_, errors)) => {
            return Err(errors
                .iter()
                .map(|e| {
                    let before = source.get(..e.pos.start).unwrap_or(source);
                    let line = before.matches('\n').count() + 1;
                    format!("{name}:{line}: Fluent syntax error: {}", e.kind)
                })
                .collect());
        }
    };
    let mut compiled = Compiled::new();
    let mut errors = Vec::new();
    for entry in &resource.body {
        match entry {
            Entry::Message(message) => {
                let id = message.id.name;
                let fail = |what: &str| format!("{name}: message {id}: {what}");
                if !message.attributes.is_empty() {
                    errors.push(fail("has attributes, which the app never reads"));
                    continue;
                }
                let Some(pattern) = &message.value else {
                    errors.push(fail("has no value"));
                    continue;
                };
                let mut out = String::new();
                let mut variables = BTreeSet::new();
                match encode_pattern(pattern, &mut out, &mut variables) {
                    Ok(()) => {
                        if compiled
                            .insert(id.to_owned(), (out, variables))
                            .is_some()
                        {
                            errors.push(fail("is defined twice"));
                        }
                    }
                    Err(what) => errors.push(fail(&what)),
                }
            }
            Entry::Term(term) => errors.push(format!(
                "{name}: term -{}: terms are not supported by the build-time compiler (frontend/build/fluent_compile.rs)",
                term.id.name
            )),
            Entry::Junk { content } => errors.push(format!("{name}: unparsable: {content}")),
            _ => {}
        }
    }
    if errors.is_empty() {
        Ok(compiled)
    } else {
        Err(errors)
    }
}

fn checked<'a>(text: &'a str, what: &str) -> Result<&'a str, String> {
    if text
        .chars()
        .any(|c| c <= SELECT_END || c == MESSAGE_SEPARATOR || c == TABLE_SEPARATOR)
    {
        Err(format!("{what} {text:?} holds a control character"))
    } else {
        Ok(text)
    }
}

fn encode_pattern(
    pattern: &Pattern<&str>,
    out: &mut String,
    variables: &mut BTreeSet<String>,
) -> Result<(), String> {
    let mut after_text = false;
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => {
                if after_text {
                    out.push(TEXT_BREAK);
                }
                out.push_str(checked(value, "text")?);
                after_text = true;
            }
            PatternElement::Placeable { expression } => {
                after_text = false;
                match expression {
                    Expression::Inline(inline) => encode_inline(inline, out, variables)?,
                    Expression::Select { selector, variants } => {
                        let InlineExpression::VariableReference { id } = selector else {
                            return Err("selects on something other than a variable".into());
                        };
                        variables.insert(id.name.to_owned());
                        out.push(SELECT);
                        out.push_str(checked(id.name, "variable")?);
                        for variant in variants {
                            out.push(VARIANT);
                            if variant.default {
                                out.push('*');
                            }
                            match variant.key {
                                VariantKey::Identifier { name } => out.push_str(name),
                                VariantKey::NumberLiteral { value } => out.push_str(value),
                            }
                            out.push(KEY_END);
                            encode_pattern(&variant.value, out, variables)?;
                        }
                        out.push(SELECT_END);
                    }
                }
            }
        }
    }
    Ok(())
}

fn encode_inline(
    inline: &InlineExpression<&str>,
    out: &mut String,
    variables: &mut BTreeSet<String>,
) -> Result<(), String> {
    match inline {
        InlineExpression::VariableReference { id } => {
            variables.insert(id.name.to_owned());
            out.push(VARIABLE);
            out.push_str(checked(id.name, "variable")?);
            out.push(END);
        }
        InlineExpression::StringLiteral { value } => {
            let text = fluent_syntax::unicode::unescape_unicode_to_string(value);
            out.push(LITERAL);
            out.push_str(checked(&text, "string literal")?);
            out.push(END);
        }
        InlineExpression::NumberLiteral { value } => {
            out.push(LITERAL);
            out.push_str(&number_literal(value)?);
            out.push(END);
        }
        InlineExpression::MessageReference { id, .. } => {
            return Err(format!(
                "refers to message {}: message references are not supported by the build-time compiler",
                id.name
            ));
        }
        InlineExpression::TermReference { id, .. } => {
            return Err(format!(
                "refers to term -{}: terms are not supported by the build-time compiler",
                id.name
            ));
        }
        InlineExpression::FunctionReference { id, .. } => {
            return Err(format!(
                "calls {}(): functions are not supported by the build-time compiler",
                id.name
            ));
        }
        InlineExpression::Placeable { .. } => {
            return Err("has a placeable inside a placeable".into());
        }
    }
    Ok(())
}

/// A number literal as Fluent writes it (`FluentNumber::from_str`, then `as_string`): the
/// value, with at least as many fraction digits as written.
fn number_literal(literal: &str) -> Result<String, String> {
    let value: f64 = literal
        .parse()
        .map_err(|_| format!("has an unreadable number {literal}"))?;
    let mut text = value.to_string();
    if let Some(wanted) = literal.find('.').map(|at| literal.len() - at - 1) {
        match text.find('.') {
            Some(at) => {
                let have = text.len() - at - 1;
                text.push_str(&"0".repeat(wanted.saturating_sub(have)));
            }
            None => {
                text.push('.');
                text.push_str(&"0".repeat(wanted));
            }
        }
    }
    Ok(text)
}

/// How a locale's numbers choose between `[one]` and `[other]` (CLDR cardinal rules; the
/// unit tests compare them with intl_pluralrules).
pub fn plural_rules(tag: &str) -> Result<&'static str, String> {
    match tag.split('-').next() {
        Some("en") => Ok("PluralRules::OneIfOne"),
        Some("zh") => Ok("PluralRules::OnlyOther"),
        _ => Err(format!(
            "locales/{tag}: no plural rules for this language yet (frontend/build/fluent_compile.rs)"
        )),
    }
}

/// Every locale's table as one text: `tag TABLE_SEPARATOR keys TABLE_SEPARATOR patterns`,
/// the keys every message id of every locale (sorted, separated by MESSAGE_SEPARATOR), the
/// patterns in the same order (empty where the locale lacks the message: the unit tests
/// name those). What the BFF serves as `/messages/<tag>.<hash>.txt` and the browser's app
/// reads (it carries no locale's words itself); the server has them compiled in. The
/// variables a message uses must be the same in every locale, so a misspelled variable in
/// one translation fails the build. Also used by xtask, which counts the file's size.
pub fn tables(locales: &[(String, Compiled)]) -> Result<Vec<(String, String)>, Vec<String>> {
    let mut errors = Vec::new();
    let keys: BTreeSet<&String> = locales.iter().flat_map(|(_, c)| c.keys()).collect();
    for key in &keys {
        let mut seen: Option<(&str, &BTreeSet<String>)> = None;
        for (tag, compiled) in locales {
            if let Some((_, variables)) = compiled.get(*key) {
                match seen {
                    Some((first, expected)) if expected != variables => errors.push(format!(
                        "message {key}: locales/{tag} uses the variables {variables:?}, locales/{first} {expected:?}"
                    )),
                    Some(_) => {}
                    None => seen = Some((tag, variables)),
                }
            }
        }
    }
    let separator = MESSAGE_SEPARATOR.to_string();
    let key_list: Vec<&str> = keys.iter().map(|k| k.as_str()).collect();
    let key_list = key_list.join(&separator);
    let mut tables = Vec::new();
    for (tag, compiled) in locales {
        if let Err(e) = plural_rules(tag) {
            errors.push(e);
            continue;
        }
        let patterns: Vec<&str> = keys
            .iter()
            .map(|k| compiled.get(*k).map_or("", |(p, _)| p.as_str()))
            .collect();
        tables.push((
            tag.clone(),
            format!(
                "{tag}{TABLE_SEPARATOR}{key_list}{TABLE_SEPARATOR}{}",
                patterns.join(&separator)
            ),
        ));
    }
    if errors.is_empty() {
        Ok(tables)
    } else {
        Err(errors)
    }
}

/// The Rust source of [`tables`]: `RULES` (each locale's plural rules) everywhere, and
/// `TABLES` (each locale's table) only off the web: the browser's app fetches its page's
/// locale from the BFF instead of carrying all three.
pub fn generate(locales: &[(String, Compiled)]) -> Result<String, Vec<String>> {
    let tables = tables(locales)?;
    let mut out = String::from("// Generated by frontend/build.rs from locales/*/main.ftl.\n");
    out.push_str("pub const RULES: &[(&str, PluralRules)] = &[\n");
    for (tag, _) in &tables {
        let rules = plural_rules(tag).map_err(|e| vec![e])?;
        out.push_str(&format!("    ({tag:?}, {rules}),\n"));
    }
    out.push_str("];\n#[cfg(not(target_arch = \"wasm32\"))]\npub const TABLES: &[&str] = &[\n");
    for (_, table) in &tables {
        out.push_str(&format!("    {table:?},\n"));
    }
    out.push_str("];\n");
    Ok(out)
}
