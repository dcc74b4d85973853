//! Every user-visible string comes from `locales/` through Fluent. Components ask the
//! [`I18n`] context for a message by key; they never hold text themselves.
//!
//! The `.ftl` files are compiled when the app is built (`frontend/build.rs`,
//! `frontend/build/fluent_compile.rs`), and the browser runs no Fluent parser. Off the web
//! (the BFF rendering pages, the tests) every locale is compiled in, ready at once. The
//! browser's `.wasm` carries none (issue 19, a smaller app): the BFF serves each locale's
//! table as a content-hashed file (bff/src/messages.rs), every page names them in
//! `<meta name="huiyin-messages">` ([`MESSAGES_META`]), static/boot.js fetches the page's
//! locale beside the app's JS and `.wasm` and hands it over ([`take_handed_messages`]), and
//! the app renders or hydrates only once it has its language's table ([`ensure`]). Another
//! language is fetched when the resident switches to it; if that fails, the switch does what
//! it does without the app (the header's form posts the choice and the page comes again).

use std::borrow::Cow;
use std::rc::Rc;

use api::Locale;
use yew::prelude::*;

use crate::hooks::use_announcer;
use crate::{prefs, pseudo};

#[path = "../build/fluent_marks.rs"]
mod fluent_marks;
mod messages;

pub use messages::Arg;
use messages::Table;

/// The `<meta>` every page the BFF sends has: `content` the address of the page's locale's
/// table, `data-<tag in lower case>` each locale's (bff/src/pages/template.rs).
pub const MESSAGES_META: &str = "huiyin-messages";
/// Where static/boot.js leaves the table it fetched for the app (a string, read once).
pub const HANDED_MESSAGES: &str = "huiyinMessages";

/// A locale's table as the BFF serves it, compiled in off the web.
#[cfg(not(target_arch = "wasm32"))]
pub fn table_text(locale: Locale) -> &'static str {
    messages::text_of(locale.tag())
        .expect("frontend/build.rs compiles a table for every locale in locales/")
}

/// The tables this app has been given or has fetched (the browser's).
#[cfg(target_arch = "wasm32")]
mod loaded {
    use std::cell::RefCell;
    use std::rc::Rc;

    use api::Locale;

    use super::Table;

    thread_local! {
        static TABLES: RefCell<Vec<(Locale, Rc<Table>)>> = const { RefCell::new(Vec::new()) };
    }

    pub fn get(locale: Locale) -> Option<Rc<Table>> {
        TABLES.with_borrow(|tables| {
            tables
                .iter()
                .find(|(l, _)| *l == locale)
                .map(|(_, t)| t.clone())
        })
    }

    /// Keeps `text` if it is a table of `locale` (kept for the page's life: a few tens of KB).
    pub fn keep(locale: Locale, text: String) -> bool {
        if !text.starts_with(&format!(
            "{}{}",
            locale.tag(),
            super::fluent_marks::TABLE_SEPARATOR
        )) {
            return false;
        }
        let text: &'static str = Box::leak(text.into_boxed_str());
        match Table::from_text(text) {
            Some((tag, table)) if tag == locale.tag() => {
                TABLES.with_borrow_mut(|tables| tables.push((locale, Rc::new(table))));
                true
            }
            _ => false,
        }
    }
}

/// Whether the messages of `locale` are here (always, off the web).
pub fn ready(locale: Locale) -> bool {
    #[cfg(target_arch = "wasm32")]
    return loaded::get(locale).is_some();
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = locale;
        true
    }
}

/// The table static/boot.js fetched for the page's locale (`window.huiyinMessages`), kept.
#[cfg(target_arch = "wasm32")]
pub fn take_handed_messages() {
    let window = gloo::utils::window();
    let key = wasm_bindgen::JsValue::from_str(HANDED_MESSAGES);
    if let Some(text) = js_sys::Reflect::get(&window, &key)
        .ok()
        .and_then(|v| v.as_string())
    {
        let _ = js_sys::Reflect::delete_property(&window, &key);
        let tag = text
            .split(fluent_marks::TABLE_SEPARATOR)
            .next()
            .unwrap_or_default()
            .to_owned();
        if let Some(locale) = Locale::from_tag(&tag) {
            loaded::keep(locale, text);
        }
    }
}

/// Makes sure the messages of `locale` are here: fetched from the address the page's
/// `<meta>` names, unless given or fetched before. `false` when they could not be.
pub async fn ensure(locale: Locale) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        if ready(locale) {
            return true;
        }
        let Some(url) = gloo::utils::document()
            .query_selector(&format!("meta[name=\"{MESSAGES_META}\"]"))
            .ok()
            .flatten()
            .and_then(|meta| meta.get_attribute(&format!("data-{}", locale.tag().to_lowercase())))
        else {
            return false;
        };
        let Ok(response) = gloo::net::http::Request::get(&url).send().await else {
            return false;
        };
        if !response.ok() {
            return false;
        }
        match response.text().await {
            Ok(text) => loaded::keep(locale, text),
            Err(_) => false,
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    ready(locale)
}

/// Every locale's Fluent source, for the tests (the BFF's page tests read it too).
#[cfg(any(test, not(target_arch = "wasm32")))]
pub fn source(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => include_str!("../../locales/zh-CN/main.ftl"),
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
/// locale and are not translated ([`Locale::endonym`], shared with the server's pages).
pub fn endonym(locale: Locale) -> &'static str {
    locale.endonym()
}

/// The messages of one language.
pub struct Translator {
    language: Language,
    table: Rc<Table>,
}

impl Translator {
    /// The messages of `language`, at once: compiled in off the web (the BFF rendering, the
    /// tests); in the browser, given or fetched before ([`ensure`]; the app asks for a
    /// language only once they are here, else it would show keys).
    pub fn new(language: Language) -> Translator {
        #[cfg(not(target_arch = "wasm32"))]
        let table = Rc::new(
            Table::of(language.locale().tag())
                .expect("frontend/build.rs compiles a table for every locale in locales/"),
        );
        #[cfg(target_arch = "wasm32")]
        let table = loaded::get(language.locale()).unwrap_or_else(|| Rc::new(Table::empty()));
        Translator { language, table }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    pub fn t(&self, key: &str) -> String {
        self.t_with(key, &[])
    }

    pub fn has(&self, key: &str) -> bool {
        self.table.has(key)
    }

    /// The message `key` with `args` put in; the key itself when there is no such message
    /// (the tests make sure there always is). Like the fluent-bundle the app used before,
    /// without bidirectional isolation marks: none of our languages is right-to-left, and
    /// the marks would end up in copied case numbers.
    pub fn t_with(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let transform: Option<fn(&str) -> Cow<'_, str>> = match self.language {
            Language::Pseudo => Some(pseudo::transform),
            Language::Locale(_) => None,
        };
        self.table
            .format(key, args, transform)
            .unwrap_or_else(|| key.to_owned())
    }
}

/// What a switch of language does if the language's messages cannot be fetched.
pub type Fallback = Rc<dyn Fn()>;

/// The app's language, and the way to change it.
#[derive(Clone)]
pub struct I18n {
    translator: Rc<Translator>,
    switch: Callback<(Locale, Option<Fallback>)>,
}

impl PartialEq for I18n {
    fn eq(&self, other: &I18n) -> bool {
        self.translator.language == other.translator.language
    }
}

impl I18n {
    /// The messages of `language`, synchronously, natively (server rendering, tests) or in
    /// the browser once they are here ([`ensure`]): for a `ContextProvider<I18n>` outside
    /// [`I18nProvider`].
    /// `switch_to` then does nothing; inside the app, [`I18nProvider`] gives a context
    /// that switches.
    pub fn for_language(language: Language) -> I18n {
        I18n {
            translator: Rc::new(Translator::new(language)),
            switch: Callback::noop(),
        }
    }

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

    pub fn t_with(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        self.translator.t_with(key, args)
    }

    /// Changes the language everywhere and remembers the choice on this device, once its
    /// messages are here (fetched first if need be; nothing changes if they cannot be).
    pub fn switch_to(&self, locale: Locale) {
        self.switch.emit((locale, None));
    }

    /// As [`I18n::switch_to`], and `fallback` if the messages cannot be fetched (the
    /// language switch then sends the header's form, as without the app).
    pub fn switch_to_or(&self, locale: Locale, fallback: impl Fn() + 'static) {
        self.switch.emit((locale, Some(Rc::new(fallback))));
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

/// Gives the messages to everything inside, keeps `<html lang>` in step, says a change of
/// language in the live region and remembers it on this device.
#[function_component]
pub fn I18nProvider(props: &I18nProviderProps) -> Html {
    // The language the page started in (`PageStart`: chosen by the server, read back by
    // the browser before it hydrates), so the first frame says what the server's HTML says.
    let start = crate::page_start::use_page_start().language();
    let translator = use_state(|| Rc::new(Translator::new(start)));
    let announcer = use_announcer();
    let shown = translator.language();
    let first_render = use_mut_ref(|| true);
    {
        let translator = (*translator).clone();
        use_effect_with(shown, move |language| {
            prefs::apply_lang(language.tag());
            if !first_render.replace(false) {
                let name = endonym(language.locale());
                announcer.announce_polite(
                    translator.t_with("language-changed", &[("language", name.into())]),
                );
            }
        });
    }
    let switch = {
        let translator = translator.clone();
        Callback::from(move |(next, fallback): (Locale, Option<Fallback>)| {
            let translator = translator.clone();
            let switch = move || {
                prefs::save_locale(next);
                translator.set(Rc::new(Translator::new(Language::Locale(next))));
            };
            if ready(next) {
                switch();
                return;
            }
            yew::platform::spawn_local(async move {
                if ensure(next).await {
                    switch();
                } else if let Some(fallback) = fallback {
                    fallback();
                }
            });
        })
    };
    let context = I18n {
        translator: (*translator).clone(),
        switch,
    };
    html! {
        <ContextProvider<I18n> {context}>
            { props.children.clone() }
        </ContextProvider<I18n>>
    }
}

#[cfg(test)]
#[path = "../build/fluent_compile.rs"]
mod fluent_compile;

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeSet;

    use api::{ErrorCode, ServiceKind};
    use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

    use super::*;

    /// The messages the app has in `locale`: what the build compiled.
    pub(super) fn message_ids(locale: Locale) -> BTreeSet<String> {
        Translator::new(Language::Locale(locale))
            .table
            .keys()
            .map(str::to_owned)
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
        for locale in Locale::ALL {
            let ids = message_ids(locale);
            let mut keys = Vec::new();
            for &code in ErrorCode::ALL {
                keys.push(format!("error-{}", code.as_str()));
            }
            for &code in api::FieldErrorCode::ALL {
                keys.push(format!("field-error-{}", code.as_str()));
            }
            for &stage in api::Stage::ALL {
                keys.push(format!("stage-{}", stage.token()));
            }
            for &action in api::CaseAction::ALL {
                keys.push(format!("action-{}", action.token()));
            }
            for kind in ServiceKind::ALL {
                keys.push(format!("kind-{}", kind.token()));
            }
            for kind in api::EventKind::ALL
                .iter()
                .filter(|k| **k != api::EventKind::Stage)
            {
                keys.push(format!("case-event-{}", kind.token()));
            }
            for part in api::validation::DatePart::ALL {
                keys.push(format!("date-part-{}", part.token()));
                keys.push(format!("date-part-{}-missing", part.token()));
            }
            for key in keys {
                assert!(ids.contains(&key), "{locale}: missing {key}");
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

    #[test]
    fn a_server_can_have_any_language_at_once() {
        for locale in Locale::ALL {
            let i18n = I18n::for_language(Language::Locale(locale));
            assert_eq!(i18n.locale(), locale);
            assert_eq!(
                i18n.t("home-heading"),
                fluent(locale, false).0.format("home-heading", &[])
            );
            i18n.switch_to(Locale::En);
            assert_eq!(
                i18n.locale(),
                locale,
                "switching does nothing outside the app"
            );
        }
        assert_eq!(I18n::for_language(Language::Pseudo).lang_tag(), pseudo::TAG);
    }

    /// fluent-bundle as the app used it before: no isolation marks, the pseudo-locale's
    /// transform on English.
    struct Reference(FluentBundle<FluentResource>);

    impl Reference {
        fn format(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
            let pattern = self.0.get_message(key).and_then(|m| m.value()).unwrap();
            let mut fluent_args = FluentArgs::new();
            for (name, value) in args {
                fluent_args.set(*name, value.clone());
            }
            let mut errors = Vec::new();
            self.0
                .format_pattern(
                    pattern,
                    (!args.is_empty()).then_some(&fluent_args),
                    &mut errors,
                )
                .into_owned()
        }
    }

    fn reference(tag: &str, source: &str, pseudo: bool) -> Reference {
        let resource = FluentResource::try_new(source.to_owned()).expect("valid Fluent");
        let mut bundle = FluentBundle::new(vec![tag.parse().unwrap()]);
        bundle.set_use_isolating(false);
        if pseudo {
            bundle.set_transform(Some(pseudo::transform));
        }
        bundle.add_resource(resource).unwrap();
        Reference(bundle)
    }

    fn fluent(locale: Locale, pseudo: bool) -> (Reference, &'static str) {
        (
            reference(locale.tag(), source(locale), pseudo),
            source(locale),
        )
    }

    fn variables(pattern: &Pattern<&str>, found: &mut BTreeSet<String>) {
        fn inline(expression: &InlineExpression<&str>, found: &mut BTreeSet<String>) {
            if let InlineExpression::VariableReference { id } = expression {
                found.insert(id.name.to_owned());
            }
        }
        for element in &pattern.elements {
            if let PatternElement::Placeable { expression } = element {
                match expression {
                    Expression::Inline(expression) => inline(expression, found),
                    Expression::Select { selector, variants } => {
                        inline(selector, found);
                        for variant in variants {
                            variables(&variant.value, found);
                        }
                    }
                }
            }
        }
    }

    /// Every message of `source` with representative arguments (none; each variable as 0,
    /// 1, 2, 5, 1.5, -1 and as text; every combination), formatted by `ours` and by
    /// fluent-bundle. Returns how many were compared.
    fn compare(
        what: &str,
        source: &str,
        ours: impl Fn(&str, &[(&str, Arg<'_>)]) -> String,
        theirs: &Reference,
    ) -> usize {
        let values: Vec<(Arg<'static>, FluentValue<'static>)> = vec![
            (0.into(), 0.into()),
            (1.into(), 1.into()),
            (2.into(), 2.into()),
            (5.into(), 5.into()),
            (1.5.into(), 1.5.into()),
            ((-1).into(), (-1).into()),
            ("Ann".into(), "Ann".into()),
            ("one".into(), "one".into()),
        ];
        let resource = fluent_syntax::parser::parse_runtime(source).expect("valid Fluent");
        let mut compared = 0;
        for entry in &resource.body {
            let Entry::Message(message) = entry else {
                continue;
            };
            let key = message.id.name;
            let mut names = BTreeSet::new();
            variables(message.value.as_ref().unwrap(), &mut names);
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let mut combinations: Vec<Vec<usize>> = vec![vec![]];
            for _ in &names {
                combinations = combinations
                    .into_iter()
                    .flat_map(|c| {
                        (0..values.len()).map(move |v| {
                            let mut c = c.clone();
                            c.push(v);
                            c
                        })
                    })
                    .collect();
            }
            let mut cases: Vec<Vec<(&str, usize)>> = vec![vec![]];
            cases.extend(
                combinations
                    .iter()
                    .filter(|c| !c.is_empty())
                    .map(|c| names.iter().copied().zip(c.iter().copied()).collect()),
            );
            for case in cases {
                let ours_args: Vec<(&str, Arg<'_>)> = case
                    .iter()
                    .map(|(n, v)| (*n, values[*v].0.clone()))
                    .collect();
                let their_args: Vec<(&str, FluentValue<'_>)> = case
                    .iter()
                    .map(|(n, v)| (*n, values[*v].1.clone()))
                    .collect();
                assert_eq!(
                    ours(key, &ours_args),
                    theirs.format(key, &their_args),
                    "{what}: {key} with {ours_args:?}"
                );
                compared += 1;
            }
        }
        compared
    }

    #[test]
    fn every_message_reads_as_fluent_bundle_writes_it_in_every_locale() {
        for locale in Locale::ALL {
            let (theirs, source) = fluent(locale, false);
            let ours = Translator::new(Language::Locale(locale));
            let compared = compare(locale.tag(), source, |k, a| ours.t_with(k, a), &theirs);
            assert!(compared > 400, "{locale}: only {compared} compared");
        }
    }

    #[test]
    fn the_pseudo_locale_reads_as_fluent_bundles_transform_makes_it() {
        let (theirs, source) = fluent(Locale::En, true);
        let ours = Translator::new(Language::Pseudo);
        compare("en-XA", source, |k, a| ours.t_with(k, a), &theirs);
    }

    /// Fluent the app's messages do not use yet, compiled and filled in as fluent-bundle does.
    #[test]
    fn selectors_literals_and_lines_follow_fluent() {
        let source = r#"
default-first = { $n ->
   *[other] many { $n }
    [one] just one
    [2] exactly two
    [1] never: one comes first
}
nested = { $kind ->
    [letter] { $n ->
        [one] one letter
       *[other] { $n } letters
    }
   *[other] { $n ->
        [0] nothing
       *[other] { $n } things
    }
}
number-key-and-text = { $n ->
    [1] the number one
    [1.0] one point oh
   *[other] other { $n }
}
literals = { "\u00A0quoted\"" } and { 5 } and { 1.50 } and { -3.0 } and { 007 }.
lines =
    First line,
      indented second line { $n }
    third line.
unused-variable = Hello
"#;
        let tables = fluent_compile::compile("test.ftl", source).expect("compiles");
        let code = fluent_compile::generate(&[("en".to_owned(), tables.clone())]).unwrap();
        assert!(code.contains("TABLES"));
        for (tag, rules) in [
            ("en", messages::PluralRules::OneIfOne),
            ("zh-CN", messages::PluralRules::OnlyOther),
        ] {
            for pseudo_on in [false, true] {
                let theirs = reference(tag, source, pseudo_on);
                let compared = compare(
                    tag,
                    source,
                    |key, args| {
                        let transform: Option<fn(&str) -> Cow<'_, str>> =
                            pseudo_on.then_some(pseudo::transform);
                        messages::Table::from_compiled(&tables, rules)
                            .format(key, args, transform)
                            .unwrap()
                    },
                    &theirs,
                );
                assert!(compared > 40);
            }
        }
    }

    #[test]
    fn what_fluent_would_get_wrong_fails_the_build() {
        let fails = |source: &str, wanted: &str| {
            let errors = fluent_compile::compile("bad.ftl", source).unwrap_err();
            assert!(
                errors.iter().any(|e| e.contains(wanted)),
                "{source}: {errors:?}"
            );
        };
        fails("a = { $n\n", "syntax error");
        fails("a = one\nb two\n", "syntax error");
        fails("a = one\na = two\n", "defined twice");
        fails("a = { -brand }\n", "term");
        fails("-brand = Huiyin\n", "term");
        fails("a = { b }\nb = B\n", "message references");
        fails("a = { NUMBER($n) }\n", "functions");
        fails("a = A\n    .title = T\n", "attributes");
        let en = fluent_compile::compile("en.ftl", "a = { $count } left\n").unwrap();
        let zh = fluent_compile::compile("zh.ftl", "a = 剩 { $cuont }\n").unwrap();
        let errors = fluent_compile::generate(&[("en".into(), en.clone()), ("zh-CN".into(), zh)])
            .unwrap_err();
        assert!(errors[0].contains("cuont"), "{errors:?}");
        let errors = fluent_compile::generate(&[("fr".into(), en)]).unwrap_err();
        assert!(errors[0].contains("no plural rules"), "{errors:?}");
    }

    #[test]
    fn the_build_finds_a_folder_for_every_locale_the_app_offers() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../locales");
        let mut offered: Vec<&str> = Locale::ALL.iter().map(|l| l.tag()).collect();
        offered.sort_unstable();
        assert_eq!(fluent_compile::locale_tags(&dir).unwrap(), offered);
    }

    fn language(locale: Locale) -> unic_langid::LanguageIdentifier {
        locale.tag().split('-').next().unwrap().parse().unwrap()
    }

    /// static/boot.js fetches the table the page's `<meta>` names and leaves it where the app
    /// looks; the table the BFF serves is the one the server renders with.
    #[test]
    fn the_served_table_is_the_compiled_one_and_boot_js_hands_it_over() {
        let boot = include_str!("../../static/boot.js");
        assert!(boot.contains(&format!("meta[name=\"{MESSAGES_META}\"]")));
        assert!(boot.contains(&format!("window.{HANDED_MESSAGES} = ")));
        for locale in Locale::ALL {
            let (tag, table) = Table::from_text(table_text(locale)).unwrap();
            assert_eq!(tag, locale.tag());
            let ours = Translator::new(Language::Locale(locale));
            for key in ours.table.keys() {
                assert_eq!(
                    table.format(key, &[], None),
                    ours.table.format(key, &[], None)
                );
            }
        }
        // Not a table: refused, not read askew.
        assert!(Table::from_text("en\u{1e}b\u{1f}a\u{1e}B\u{1f}A").is_none());
        assert!(Table::from_text("en\u{1e}a\u{1f}b\u{1e}A").is_none());
        assert!(Table::from_text("fr\u{1e}a\u{1e}A").is_none());
        assert!(Table::from_text("<!doctype html>").is_none());
        assert!(Table::from_text("en\u{1e}a\u{1e}A").is_some());
    }

    #[test]
    fn plural_rules_are_cldrs() {
        use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules as Cldr};
        for locale in Locale::ALL {
            let cldr = Cldr::create(
                // As fluent-bundle negotiates them: zh-CN and zh-TW have zh's rules.
                language(locale),
                PluralRuleType::CARDINAL,
            )
            .unwrap();
            let ours = Table::of(locale.tag()).unwrap();
            for n in [
                -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 11.0, 21.0, 101.0, 1e6,
            ] {
                let category = match cldr.select(n).unwrap() {
                    PluralCategory::ONE => "one",
                    PluralCategory::OTHER => "other",
                    other => panic!("{locale}: {other:?} for {n}: add it to PluralRules"),
                };
                assert_eq!(ours.category(n), category, "{locale}: {n}");
            }
        }
    }
}

#[cfg(test)]
mod keys_in_code;
