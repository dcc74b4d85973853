//! Every user-visible string comes from `locales/` through Fluent. Components ask the
//! [`I18n`] context for a message by key; they never hold text themselves.
//!
//! The `.ftl` files are compiled when the app is built (`frontend/build.rs`,
//! `frontend/build/fluent_compile.rs`): every locale is in the app, ready at once (no fetch,
//! no waiting to render, the same on a server rendering the app), and the browser runs no
//! Fluent parser. All three compiled in cost less than fluent-bundle with zh-CN alone did:
//! the .wasm went from 325.3 to 310.1 KB brotli, and en and zh-TW no longer fetch a file.

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
    table: Table,
}

impl Translator {
    /// The messages of `language`, at once: they are compiled into the app (and into the
    /// BFF, for server rendering), so there is nothing to fetch.
    pub fn new(language: Language) -> Translator {
        let table = Table::of(language.locale().tag())
            .expect("frontend/build.rs compiles a table for every locale in locales/");
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
    /// The messages of `language`, synchronously, in the browser or natively (server
    /// rendering, tests): for a `ContextProvider<I18n>` outside [`I18nProvider`].
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
        Callback::from(move |next: Locale| {
            prefs::save_locale(next);
            translator.set(Rc::new(Translator::new(Language::Locale(next))));
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
        assert!(code.contains("KEYS"));
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

    fn language(locale: Locale) -> unic_langid::LanguageIdentifier {
        locale.tag().split('-').next().unwrap().parse().unwrap()
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
