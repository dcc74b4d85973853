//! The messages of every locale, compiled from `locales/` when the app is built
//! (`frontend/build.rs`; off the web only: the browser's app is handed its locale's table by
//! static/boot.js, or fetches it, see `i18n.rs`), and the few lines that fill them in. This does what fluent-bundle
//! did in the browser, for the part of Fluent our messages use (text, arguments, string and
//! number literals, selectors on a variable with plural categories or exact keys), and
//! without bidirectional isolation marks (see `Translator`). The unit tests compare it with
//! fluent-bundle for every message in every locale.

use std::borrow::Cow;

use super::fluent_marks::*;

/// How a locale's numbers fall into plural categories (CLDR cardinal rules, for the
/// numbers the app formats: no forced fraction digits).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PluralRules {
    /// English: `one` for 1 (and -1), `other` for everything else, 1.5 included.
    OneIfOne,
    /// Chinese: `other` only.
    OnlyOther,
}

impl PluralRules {
    fn category(self, number: f64) -> &'static str {
        match self {
            PluralRules::OneIfOne if number.abs() == 1.0 => "one",
            _ => "other",
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// The table of `tag` as the BFF serves it (`/messages/<tag>.<hash>.txt`), compiled in off
/// the web; the browser's app fetches it.
#[cfg(not(target_arch = "wasm32"))]
pub fn text_of(tag: &str) -> Option<&'static str> {
    TABLES
        .iter()
        .copied()
        .find(|table| table.split(TABLE_SEPARATOR).next() == Some(tag))
}

/// A value put into a message: text as it is, or a number, which Fluent writes as Rust
/// writes an `f64` (`14`, `1.5`; no grouping) and which chooses plural variants.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg<'a> {
    Text(Cow<'a, str>),
    Number(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(text))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(text))
    }
}

impl From<String> for Arg<'_> {
    fn from(text: String) -> Self {
        Arg::Text(Cow::Owned(text))
    }
}

impl<'a> From<Cow<'a, str>> for Arg<'a> {
    fn from(text: Cow<'a, str>) -> Self {
        Arg::Text(text)
    }
}

macro_rules! number_args {
    ($($number:ty)+) => {$(
        impl From<$number> for Arg<'_> {
            fn from(number: $number) -> Self {
                Arg::Number(number as f64)
            }
        }
    )+};
}
number_args!(i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64);

/// One locale's compiled messages: its table's keys, and its patterns in the same order.
pub struct Table {
    keys: Vec<&'static str>,
    patterns: Vec<&'static str>,
    rules: PluralRules,
}

impl Table {
    /// The compiled messages of `tag` (`zh-CN`, `zh-TW`, `en`), if there is a
    /// `locales/<tag>/main.ftl`: off the web, where every locale is compiled in.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn of(tag: &str) -> Option<Table> {
        Table::from_text(text_of(tag)?).map(|(_, table)| table)
    }

    /// A locale's table as the BFF serves it ([`text_of`]) and its tag; `None` for a text
    /// that is no such table (a locale this build has no rules for, keys and patterns that
    /// do not pair up, keys out of order).
    pub fn from_text(text: &'static str) -> Option<(&'static str, Table)> {
        let mut parts = text.splitn(3, TABLE_SEPARATOR);
        let (tag, keys, patterns) = (parts.next()?, parts.next()?, parts.next()?);
        let &(_, rules) = RULES.iter().find(|(t, _)| *t == tag)?;
        let keys: Vec<&'static str> = keys.split(MESSAGE_SEPARATOR).collect();
        let patterns: Vec<&'static str> = patterns.split(MESSAGE_SEPARATOR).collect();
        (keys.len() == patterns.len() && keys.is_sorted()).then_some((
            tag,
            Table {
                keys,
                patterns,
                rules,
            },
        ))
    }

    /// No messages: what the app shows keys from, were it ever to render without its
    /// locale's table (it waits for it; see `i18n::ensure`).
    #[cfg(target_arch = "wasm32")]
    pub fn empty() -> Table {
        Table {
            keys: Vec::new(),
            patterns: Vec::new(),
            rules: PluralRules::OnlyOther,
        }
    }

    fn pattern(&self, key: &str) -> Option<&'static str> {
        let at = self.keys.binary_search(&key).ok()?;
        self.patterns.get(at).copied().filter(|p| !p.is_empty())
    }

    pub fn has(&self, key: &str) -> bool {
        self.pattern(key).is_some()
    }

    /// A table of messages compiled in a test (kept for the rest of the test run).
    #[cfg(test)]
    pub fn from_compiled(compiled: &super::fluent_compile::Compiled, rules: PluralRules) -> Table {
        let leak = |text: &str| -> &'static str { Box::leak(text.to_owned().into_boxed_str()) };
        Table {
            keys: compiled.keys().map(|k| leak(k)).collect(),
            patterns: compiled.values().map(|(p, _)| leak(p)).collect(),
            rules,
        }
    }

    #[cfg(test)]
    pub fn category(&self, number: f64) -> &'static str {
        self.rules.category(number)
    }

    /// Every message this locale has.
    #[cfg(test)]
    pub fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.keys.iter().copied().filter(|key| self.has(key))
    }

    /// The message `key` filled in with `args`; `transform` changes each piece of the
    /// message's own text (the pseudo-locale), never the values put in. `None` when this
    /// locale has no such message.
    pub fn format(
        &self,
        key: &str,
        args: &[(&str, Arg<'_>)],
        transform: Option<fn(&str) -> Cow<'_, str>>,
    ) -> Option<String> {
        let pattern = self.pattern(key)?;
        let mut out = String::new();
        let mut filler = Filler {
            rest: pattern,
            args,
            rules: self.rules,
            transform,
        };
        filler.pattern(Some(&mut out));
        Some(out)
    }
}

struct Filler<'p, 'a> {
    rest: &'p str,
    args: &'a [(&'a str, Arg<'a>)],
    rules: PluralRules,
    transform: Option<fn(&str) -> Cow<'_, str>>,
}

impl<'p> Filler<'p, '_> {
    /// The text up to the next mark (or the end), taken off `rest`.
    fn take_text(&mut self) -> &'p str {
        let end = self
            .rest
            .find(|c: char| c <= SELECT_END)
            .unwrap_or(self.rest.len());
        let (text, rest) = self.rest.split_at(end);
        self.rest = rest;
        text
    }

    fn take_mark(&mut self) -> Option<char> {
        let mut chars = self.rest.chars();
        let mark = chars.next();
        self.rest = chars.as_str();
        mark
    }

    /// Writes (into `out`; skips when `None`) the pattern up to the end of the message or of
    /// a variant, leaving the next VARIANT or SELECT_END in `rest`.
    fn pattern(&mut self, mut out: Option<&mut String>) {
        loop {
            let text = self.take_text();
            if let Some(out) = out.as_deref_mut()
                && !text.is_empty()
            {
                match self.transform {
                    Some(transform) => out.push_str(&transform(text)),
                    None => out.push_str(text),
                }
            }
            if matches!(self.rest.chars().next(), None | Some(VARIANT | SELECT_END)) {
                return;
            }
            match self.take_mark() {
                Some(VARIABLE) => {
                    let name = self.take_text();
                    let end = self.take_mark();
                    debug_assert_eq!(end, Some(END));
                    if let Some(out) = out.as_deref_mut() {
                        let args = self.args;
                        match args.iter().find(|(n, _)| *n == name).map(|(_, v)| v) {
                            Some(Arg::Text(text)) => out.push_str(text),
                            Some(Arg::Number(number)) => out.push_str(&number.to_string()),
                            // As Fluent writes an argument nobody gave.
                            None => {
                                out.push_str("{$");
                                out.push_str(name);
                                out.push('}');
                            }
                        }
                    }
                }
                Some(LITERAL) => {
                    let text = self.take_text();
                    let end = self.take_mark();
                    debug_assert_eq!(end, Some(END));
                    if let Some(out) = out.as_deref_mut() {
                        out.push_str(text);
                    }
                }
                Some(SELECT) => self.select(out.as_deref_mut()),
                // The next piece of text is transformed on its own.
                mark => debug_assert_eq!(mark, Some(TEXT_BREAK)),
            }
        }
    }

    /// After `SELECT`: the first variant whose key matches the variable, else the default
    /// (as fluent-bundle chooses: in order; a number matches a key written as the same
    /// whole number and its plural category, text an identical key, a missing variable
    /// only the default).
    fn select(&mut self, mut out: Option<&mut String>) {
        let name = self.take_text();
        let args = self.args;
        let selector = args.iter().find(|(n, _)| *n == name).map(|(_, v)| v);
        let mut chosen = false;
        let mut fallback: Option<String> = None;
        while self.take_mark() == Some(VARIANT) {
            let key = self.take_text();
            let end = self.take_mark();
            debug_assert_eq!(end, Some(KEY_END));
            let (default, key) = match key.strip_prefix('*') {
                Some(key) => (true, key),
                None => (false, key),
            };
            let matches = !chosen
                && match selector {
                    // A key written as a number never matches text.
                    Some(Arg::Text(text)) => {
                        text == key && !key.starts_with(|c: char| c == '-' || c.is_ascii_digit())
                    }
                    // Fluent writes a key without a point as a whole number: read as an
                    // integer, not through Rust's float parser, whose tables would cost the
                    // .wasm about 15 KB brotli.
                    Some(Arg::Number(number)) => {
                        (!key.contains('.')
                            && key.parse::<i64>().is_ok_and(|k| k as f64 == *number))
                            || self.rules.category(*number) == key
                    }
                    None => false,
                };
            if matches && out.is_some() {
                chosen = true;
                self.pattern(out.as_deref_mut());
            } else if default && !chosen && out.is_some() {
                let mut text = String::new();
                self.pattern(Some(&mut text));
                fallback = Some(text);
            } else {
                self.pattern(None);
            }
        }
        if let (Some(out), false, Some(fallback)) = (out, chosen, fallback) {
            out.push_str(&fallback);
        }
    }
}
