use serde::{Deserialize, Serialize};

/// The languages Huiyin speaks. zh-CN is the default everywhere.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "zh-TW")]
    ZhTw,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::ZhCn, Locale::ZhTw, Locale::En];

    /// The BCP 47 tag, as used in `<html lang>`, in `?locale=` and in `locales/`.
    pub const fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::ZhTw => "zh-TW",
            Locale::En => "en",
        }
    }

    /// The language in its own words, as the language switch shows it in every locale
    /// (and the first-paint shell holds its place): a name, not a translation.
    pub const fn endonym(self) -> &'static str {
        match self {
            Locale::ZhCn => "简体中文",
            Locale::ZhTw => "繁體中文",
            Locale::En => "English",
        }
    }

    /// Reads a tag exactly as [`Locale::tag`] writes it (case-insensitive).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        Locale::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(tag.trim()))
    }

    /// Best match for a browser language tag such as `zh-Hant-HK`, `zh`, `en-GB`.
    pub fn negotiate(tag: &str) -> Option<Locale> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        if tag == "en" || tag.starts_with("en-") {
            return Some(Locale::En);
        }
        if tag == "zh" || tag.starts_with("zh-") {
            let traditional = ["-hant", "-tw", "-hk", "-mo"]
                .iter()
                .any(|marker| tag.contains(marker));
            return Some(if traditional {
                Locale::ZhTw
            } else {
                Locale::ZhCn
            });
        }
        None
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
            let json = serde_json::to_string(&locale).unwrap();
            assert_eq!(json, format!("\"{}\"", locale.tag()));
        }
        assert_eq!(Locale::from_tag("fr"), None);
    }

    #[test]
    fn browser_languages_map_to_the_nearest_locale() {
        assert_eq!(Locale::negotiate("zh-Hant-HK"), Some(Locale::ZhTw));
        assert_eq!(Locale::negotiate("zh-TW"), Some(Locale::ZhTw));
        assert_eq!(Locale::negotiate("zh-Hans-CN"), Some(Locale::ZhCn));
        assert_eq!(Locale::negotiate("zh"), Some(Locale::ZhCn));
        assert_eq!(Locale::negotiate("en-GB"), Some(Locale::En));
        assert_eq!(Locale::negotiate("de-DE"), None);
    }
}
