//! The three languages the catalogue speaks, and text carried in all of them.

/// A language of the catalogue. `zh-CN` is the default when a client names none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    ZhCn,
    ZhTw,
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::ZhCn, Locale::ZhTw, Locale::En];

    pub const fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::ZhTw => "zh-TW",
            Locale::En => "en",
        }
    }

    /// Reads `zh-CN`, `zh-TW` or `en` (case-insensitive, `_` for `-` allowed).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim().replace('_', "-");
        Locale::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(&tag))
    }
}

/// A piece of text in every [`Locale`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub zh_cn: &'static str,
    pub zh_tw: &'static str,
    pub en: &'static str,
}

/// Shorthand for the seed tables: simplified Chinese, traditional Chinese, English.
pub const fn t(zh_cn: &'static str, zh_tw: &'static str, en: &'static str) -> Text {
    Text { zh_cn, zh_tw, en }
}

impl Text {
    pub const fn get(self, locale: Locale) -> &'static str {
        match locale {
            Locale::ZhCn => self.zh_cn,
            Locale::ZhTw => self.zh_tw,
            Locale::En => self.en,
        }
    }

    /// Stored form in SQLite: a JSON object keyed by locale tag.
    pub fn to_json(self) -> String {
        let map: serde_json::Map<String, serde_json::Value> = Locale::ALL
            .into_iter()
            .map(|l| (l.tag().to_owned(), self.get(l).into()))
            .collect();
        serde_json::Value::Object(map).to_string()
    }
}

/// Picks one language out of a stored JSON text (see [`Text::to_json`]); falls back to
/// zh-CN when a translation is missing, and to the raw text when it is not JSON.
pub fn pick(stored: &str, locale: Locale) -> String {
    match serde_json::from_str::<serde_json::Value>(stored) {
        Ok(serde_json::Value::Object(map)) => map
            .get(locale.tag())
            .or_else(|| map.get(Locale::ZhCn.tag()))
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned(),
        _ => stored.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_text_round_trips_in_every_locale() {
        let text = t("噪音", "噪音擾鄰", "Noise");
        for locale in Locale::ALL {
            assert_eq!(pick(&text.to_json(), locale), text.get(locale));
        }
    }

    #[test]
    fn tags_are_read_leniently() {
        assert_eq!(Locale::from_tag("zh_tw"), Some(Locale::ZhTw));
        assert_eq!(Locale::from_tag("EN"), Some(Locale::En));
        assert_eq!(Locale::from_tag("fr"), None);
    }
}
