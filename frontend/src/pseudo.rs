//! The pseudo-locale `en-XA`, for tests: every English message, accented, about 40 % longer
//! and bracketed, so a test can see at a glance which visible text did not come from
//! `locales/` and which layouts break with longer words. It is made at runtime from the
//! English bundle (Fluent's transform runs on each piece of message text, never on the
//! values put into it), so there is no fourth file to maintain.

use std::borrow::Cow;

/// `<html lang>` while the pseudo-locale is on: English, in a private-use region.
pub const TAG: &str = "en-XA";
/// Around every transformed piece of text; tests look for them.
pub const OPEN: char = '⟦';
pub const CLOSE: char = '⟧';

/// Filler words that make the text longer, as translations often are.
const FILLER: [&str; 10] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

pub fn transform(text: &str) -> Cow<'_, str> {
    if text.trim().is_empty() {
        return Cow::Borrowed(text);
    }
    // Latin letters only (the English has no accented ones; its few Chinese names are not
    // counted): `is_alphabetic` would bring Unicode's letter table into the .wasm.
    let letters = text.chars().filter(char::is_ascii_alphabetic).count();
    let wanted = letters.div_ceil(5) * 2;
    let mut out = String::with_capacity(text.len() * 2 + wanted * 2);
    out.push(OPEN);
    out.extend(text.chars().map(accented));
    let mut added = 0;
    for word in FILLER.iter().cycle() {
        if added >= wanted {
            break;
        }
        out.push(' ');
        out.push_str(word);
        added += word.len() + 1;
    }
    out.push(CLOSE);
    Cow::Owned(out)
}

fn accented(c: char) -> char {
    const LOWER: [char; 26] = [
        'á', 'ƀ', 'ç', 'ð', 'é', 'ƒ', 'ĝ', 'ĥ', 'í', 'ĵ', 'ķ', 'ļ', 'ɱ', 'ñ', 'ö', 'þ', 'ǫ', 'ŕ',
        'š', 'ţ', 'ü', 'ṽ', 'ŵ', 'ẋ', 'ý', 'ž',
    ];
    const UPPER: [char; 26] = [
        'Á', 'Ɓ', 'Ç', 'Ð', 'É', 'Ƒ', 'Ĝ', 'Ĥ', 'Í', 'Ĵ', 'Ķ', 'Ļ', 'Ṁ', 'Ñ', 'Ö', 'Þ', 'Ǫ', 'Ŕ',
        'Š', 'Ţ', 'Ü', 'Ṽ', 'Ŵ', 'Ẋ', 'Ý', 'Ž',
    ];
    match c {
        'a'..='z' => LOWER[usize::from(c as u8 - b'a')],
        'A'..='Z' => UPPER[usize::from(c as u8 - b'A')],
        other => other,
    }
}

/// `?pseudo=1` anywhere in the query string.
pub fn asked_for_in_query(search: &str) -> bool {
    search
        .trim_start_matches('?')
        .split('&')
        .any(|pair| pair == "pseudo=1")
}

#[cfg(test)]
mod tests {
    use api::Locale;

    use super::*;
    use crate::i18n::{Language, Translator};

    #[test]
    fn text_is_accented_bracketed_and_longer() {
        let out = transform("Services");
        assert!(out.starts_with("⟦Šéŕṽíçéš"), "{out}");
        assert!(out.ends_with(CLOSE));
        assert!(out.chars().count() >= "Services".len() * 13 / 10, "{out}");
        assert_eq!(transform("  "), "  ");
    }

    #[test]
    fn values_put_into_a_message_are_left_alone() {
        let pseudo = Translator::new(Language::Pseudo);
        let count = pseudo.t_with("services-count", &[("count", 14.into())]);
        assert!(count.starts_with("14⟦ šéŕṽíçéš"), "{count}");
        assert_eq!(pseudo.language(), Language::Pseudo);
        assert_eq!(pseudo.language().locale(), Locale::En);
    }

    #[test]
    fn only_pseudo_1_in_the_query_asks_for_it() {
        assert!(asked_for_in_query("?pseudo=1"));
        assert!(asked_for_in_query("?a=b&pseudo=1"));
        assert!(!asked_for_in_query("?pseudo=10"));
        assert!(!asked_for_in_query(""));
    }
}
