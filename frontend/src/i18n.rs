//! Every user-visible string comes from `locales/` through Fluent. Components ask the
//! [`I18n`] context for a message by key; they never hold text themselves.

use std::collections::HashMap;
use std::rc::Rc;

use api::Locale;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;
use yew::prelude::*;

use crate::hooks::use_announcer;
use crate::{prefs, pseudo};

/// The default locale's Fluent source, compiled into the app: most residents read it, and
/// it is the fallback when another locale cannot be fetched.
const DEFAULT_SOURCE: &str = include_str!("../../locales/zh-CN/main.ftl");

/// The other locales are files next to the app (Trunk copies `locales/` into `dist/`),
/// fetched when chosen: compiled in, they added about 6 KB brotli each to every first page.
/// static/boot.js preloads the chosen one, so it downloads beside the app, not after it.
pub(crate) async fn fetch_source(locale: Locale) -> Option<String> {
    if locale == Locale::default() {
        return Some(DEFAULT_SOURCE.to_owned());
    }
    let path = format!("/locales/{}/main.ftl", locale.tag());
    let response = gloo::net::http::Request::get(&path).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    response.text().await.ok()
}

/// Every locale's Fluent source, for the tests and (off the web) the server's rendering.
#[cfg(any(test, not(target_arch = "wasm32")))]
pub fn source(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => DEFAULT_SOURCE,
        Locale::ZhTw => include_str!("../../locales/zh-TW/main.ftl"),
        Locale::En => include_str!("../../locales/en/main.ftl"),
    }
}

/// What the app speaks: one of the locales, or the test-only pseudo-locale made from English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Locale(Locale),
    Pseudo,
}

impl Language {
    /// The locale asked of the BFF and marked in the language switch.
    pub fn locale(self) -> Locale {
        match self {
            Language::Locale(locale) => locale,
            Language::Pseudo => Locale::En,
        }
    }

    /// The BCP 47 tag for `<html lang>` and for speech.
    pub fn tag(self) -> &'static str {
        match self {
            Language::Locale(locale) => locale.tag(),
            Language::Pseudo => pseudo::TAG,
        }
    }
}

/// Each language in its own words: they name themselves, so they are the same in every
/// locale and are not translated ([`Locale::endonym`], shared with the first-paint shell).
pub fn endonym(locale: Locale) -> &'static str {
    locale.endonym()
}

/// The messages of one language.
pub struct Translator {
    language: Language,
    bundle: FluentBundle<FluentResource>,
}

impl Translator {
    #[cfg(test)]
    pub fn new(language: Language) -> Translator {
        Translator::from_source(language, source(language.locale()).to_owned())
    }

    /// `source` is the Fluent file of `language`'s locale.
    fn from_source(language: Language, source: String) -> Translator {
        let locale = language.locale();
        // The files are checked by tests (every key in every locale, no syntax errors).
        let resource = FluentResource::try_new(source).unwrap_or_else(|(resource, _)| resource);
        let langid: LanguageIdentifier = locale.tag().parse().expect("valid BCP 47 tag");
        let mut bundle = FluentBundle::new(vec![langid]);
        // No bidirectional isolation marks: none of our languages is right-to-left, and the
        // marks would end up in copied case numbers.
        bundle.set_use_isolating(false);
        if language == Language::Pseudo {
            bundle.set_transform(Some(pseudo::transform));
        }
        let _ = bundle.add_resource(resource);
        Translator { language, bundle }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    pub fn t(&self, key: &str) -> String {
        self.format(key, None)
    }

    pub fn has(&self, key: &str) -> bool {
        self.bundle.has_message(key)
    }

    pub fn t_with(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        self.format(key, Some(&fluent_args))
    }

    fn format(&self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some(pattern) = self.bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }
}

/// Branch `ssr` (issue 19): the first render's messages, built at once in the language the
/// page started in (`PageStart`: chosen by the server, read back by the browser before it
/// hydrates), so the browser's first frame says what the server's HTML says. zh-CN is
/// compiled in; another language's source is the server's own copy or the one the browser
/// fetched before hydrating. `None` only if that fetch failed (then the effect loads it).
fn first_translator(start: &crate::page_start::PageStart) -> Option<Rc<Translator>> {
    let language = start.language();
    let source = match language {
        Language::Locale(locale) if locale == Locale::default() => Some(DEFAULT_SOURCE.to_owned()),
        _ => start.fetched_source(),
    }?;
    Some(Rc::new(Translator::from_source(language, source)))
}

/// The app's language, and the way to change it.
#[derive(Clone)]
pub struct I18n {
    translator: Rc<Translator>,
    switch: Callback<Locale>,
}

impl PartialEq for I18n {
    fn eq(&self, other: &I18n) -> bool {
        self.translator.language == other.translator.language
    }
}

impl I18n {
    pub fn locale(&self) -> Locale {
        self.translator.language().locale()
    }

    /// The page's language tag (`zh-CN`, `zh-TW`, `en`, or `en-XA` in the pseudo-locale).
    pub fn lang_tag(&self) -> &'static str {
        self.translator.language().tag()
    }

    pub fn t(&self, key: &str) -> String {
        self.translator.t(key)
    }

    /// Whether there is a message `key` (for a specific message with a general one to
    /// fall back on).
    pub fn has(&self, key: &str) -> bool {
        self.translator.has(key)
    }

    pub fn t_with(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.translator.t_with(key, args)
    }

    /// Changes the language everywhere and remembers the choice on this device.
    pub fn switch_to(&self, locale: Locale) {
        self.switch.emit(locale);
    }
}

#[hook]
pub fn use_i18n() -> I18n {
    use_context::<I18n>().expect("components render inside I18nProvider")
}

#[derive(Properties, PartialEq)]
pub struct I18nProviderProps {
    pub children: Html,
}

/// Chooses the language (saved choice, then the browser's languages, then zh-CN), keeps
/// `<html lang>` in step, says a change in the live region, and gives the messages to
/// everything inside. Until a fetched locale arrives it shows nothing, so the first paint
/// is in the right language; if the file cannot be had, zh-CN (or the language already
/// shown) stays.
#[function_component]
pub fn I18nProvider(props: &I18nProviderProps) -> Html {
    let start = crate::page_start::use_page_start();
    let translator = use_state(|| first_translator(&start));
    // Sources already fetched, and the language last asked for: a slower, older answer
    // must not undo a newer choice.
    let sources = use_mut_ref(HashMap::<Locale, String>::new);
    let wanted = use_mut_ref(|| start.language());
    let announcer = use_announcer();
    let load = {
        let translator = translator.clone();
        let announcer = announcer.clone();
        Callback::from(move |language: Language| {
            *wanted.borrow_mut() = language;
            let (translator, sources, wanted, announcer) = (
                translator.clone(),
                sources.clone(),
                wanted.clone(),
                announcer.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let locale = language.locale();
                let cached = sources.borrow().get(&locale).cloned();
                let source = match cached {
                    Some(source) => Some(source),
                    None => fetch_source(locale).await,
                };
                if *wanted.borrow() != language {
                    return;
                }
                match (source, &*translator) {
                    (Some(source), _) => {
                        sources.borrow_mut().insert(locale, source.clone());
                        if let Language::Locale(locale) = language {
                            prefs::save_locale(locale);
                        }
                        translator.set(Some(Rc::new(Translator::from_source(language, source))));
                    }
                    (None, Some(shown)) => {
                        *wanted.borrow_mut() = shown.language();
                        announcer.announce_assertive(shown.t("language-unavailable"));
                    }
                    (None, None) => {
                        let fallback = Language::Locale(Locale::default());
                        *wanted.borrow_mut() = fallback;
                        translator.set(Some(Rc::new(Translator::from_source(
                            fallback,
                            DEFAULT_SOURCE.to_owned(),
                        ))));
                    }
                }
            });
        })
    };
    {
        let load = load.clone();
        let first = translator.is_none().then(|| start.language());
        use_effect_with((), move |()| {
            if let Some(language) = first {
                load.emit(language);
            }
        });
    }
    let shown = translator.as_ref().map(|t| t.language());
    let first_render = use_mut_ref(|| true);
    {
        let translator = (*translator).clone();
        use_effect_with(shown, move |shown| {
            if let (Some(language), Some(translator)) = (shown, translator) {
                prefs::apply_lang(language.tag());
                if !first_render.replace(false) {
                    let name = endonym(language.locale());
                    announcer.announce_polite(
                        translator.t_with("language-changed", &[("language", name.into())]),
                    );
                }
            }
        });
    }
    let Some(translator) = (*translator).clone() else {
        return Html::default();
    };
    let switch = Callback::from(move |next: Locale| load.emit(Language::Locale(next)));
    let context = I18n { translator, switch };
    html! {
        <ContextProvider<I18n> {context}>
            { props.children.clone() }
        </ContextProvider<I18n>>
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use api::{ErrorCode, ServiceKind};
    use fluent_bundle::FluentResource;
    use fluent_syntax::ast::Entry;

    use super::*;

    fn message_ids(locale: Locale) -> BTreeSet<String> {
        let resource = FluentResource::try_new(source(locale).to_owned())
            .unwrap_or_else(|(_, errors)| panic!("{locale}: syntax errors {errors:?}"));
        resource
            .entries()
            .filter_map(|entry| match entry {
                Entry::Message(message) => Some(message.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn no_locale_defines_a_message_twice() {
        for locale in Locale::ALL {
            let resource = FluentResource::try_new(source(locale).to_owned()).unwrap();
            let mut seen = BTreeSet::new();
            for entry in resource.entries() {
                if let Entry::Message(message) = entry {
                    assert!(
                        seen.insert(message.id.name),
                        "{locale}: {} twice",
                        message.id.name
                    );
                }
            }
        }
    }

    #[test]
    fn every_locale_has_every_message() {
        let reference = message_ids(Locale::ZhCn);
        for locale in Locale::ALL {
            let ids = message_ids(locale);
            let missing: Vec<_> = reference.difference(&ids).collect();
            let extra: Vec<_> = ids.difference(&reference).collect();
            assert!(missing.is_empty(), "{locale} lacks {missing:?}");
            assert!(extra.is_empty(), "{locale} has unknown {extra:?}");
        }
    }

    #[test]
    fn every_contract_code_and_kind_has_a_message() {
        let ids = message_ids(Locale::ZhCn);
        for &code in ErrorCode::ALL {
            let key = format!("error-{}", code.as_str());
            assert!(ids.contains(&key), "missing {key}");
        }
        for &code in api::FieldErrorCode::ALL {
            let key = format!("field-error-{}", code.as_str());
            assert!(ids.contains(&key), "missing {key}");
        }
        for &stage in api::Stage::ALL {
            let key = format!("stage-{}", stage.token());
            assert!(ids.contains(&key), "missing {key}");
        }
        for &action in api::CaseAction::ALL {
            let key = format!("action-{}", action.token());
            assert!(ids.contains(&key), "missing {key}");
        }
        for kind in ServiceKind::ALL {
            let key = format!("kind-{}", kind.token());
            assert!(ids.contains(&key), "missing {key}");
        }
        for kind in api::EventKind::ALL
            .iter()
            .filter(|k| **k != api::EventKind::Stage)
        {
            let key = format!("case-event-{}", kind.token());
            assert!(ids.contains(&key), "missing {key}");
        }
        for part in api::validation::DatePart::ALL {
            for key in [
                format!("date-part-{}", part.token()),
                format!("date-part-{}-missing", part.token()),
            ] {
                assert!(ids.contains(&key), "missing {key}");
            }
        }
    }

    #[test]
    fn plurals_and_arguments_are_formatted() {
        let en = Translator::new(Language::Locale(Locale::En));
        assert_eq!(
            en.t_with("services-count", &[("count", 1.into())]),
            "1 service"
        );
        assert_eq!(
            en.t_with("services-count", &[("count", 14.into())]),
            "14 services"
        );
        let zh = Translator::new(Language::Locale(Locale::ZhCn));
        assert_eq!(
            zh.t_with("services-count", &[("count", 14.into())]),
            "共 14 项服务"
        );
        assert_eq!(zh.t("no-such-key"), "no-such-key");
    }
}

#[cfg(test)]
mod keys_in_code;
