//! What a page starts from (issue 19): the BFF renders each resident page with Yew's SSR and
//! the browser hydrates it, so both must render the first frame from the same facts. The
//! server decides them (the language from `?lang=`, the cookie or Accept-Language; elderly
//! mode from its cookie; the catalogue or a service's definition it already holds) and
//! writes them into the page as JSON ([`SCRIPT_ID`]); the browser reads them back before
//! hydrating. Nothing in a first render reads the device's storage or the window.

use std::rc::Rc;

use api::{ApiError, CaseAction, CaseView, Locale, ServiceDefinition, ServiceList};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::i18n::Language;
use crate::pseudo;

/// The `<script type="application/json">` holding the page's start (not run as a script,
/// so the Content-Security-Policy has nothing to allow).
pub const SCRIPT_ID: &str = "page-start";

/// The cookies the server reads the resident's display choices from; the app writes them
/// beside localStorage (prefs.rs), and static/boot.js copies older saved choices into them.
pub use api::paths::{LOCALE_COOKIE, MODE_COOKIE, PSEUDO_COOKIE};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PageStart {
    /// `zh-CN`, `zh-TW`, `en`, or the test-only pseudo-locale's `en-XA`.
    pub lang: String,
    #[serde(default)]
    pub elderly: bool,
    /// The catalogue in the page's language, on the pages that show it (home, services).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalogue: Option<ServiceList>,
    /// The service a service page shows, in the page's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<ServiceDefinition>,
    /// The no-JavaScript filing form's page as the server prepared it (issue 19 item 3);
    /// not in the browser, which never starts the app on that page.
    #[cfg(not(target_arch = "wasm32"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filing_form: Option<crate::filing_form::FilingForm>,
    /// A receipt the server shows from the case cookie, after the form filed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<crate::filing_form::ServedReceipt>,
    /// The track page's and a case page's own forms, and the case this browser holds the
    /// code of (issue 19 item 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_page: Option<CasePageStart>,
    /// The cases this browser's session cookie holds (filed or looked up without the app,
    /// newest first), by case number only: "My requests" lists them beside the device's
    /// own, each a link to its page, which the server renders with the code it holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub browser_cases: Vec<String>,
    /// The token of the header's language and mode form (components/settings_form.rs), for
    /// a resident whose browser does not run the app; the server gives one with every page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings_token: Option<String>,
    /// On the server: where the page's heading leaves the document's `<title>` (in the
    /// browser an effect sets it; effects do not run on the server).
    #[serde(skip)]
    pub title: TitleSink,
}

/// What the server prepared for `/track` or `/cases/{id}` (issue 19 item 3): the forms
/// work without JavaScript (they post to the BFF, pages/case_forms.rs), and what a post
/// answered (what to fix, what was done) is rendered from here by server and browser alike.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CasePageStart {
    /// The case the page is about (empty on `/track`).
    #[serde(default)]
    pub case_id: String,
    /// The hidden `form_token` of the page's forms (the BFF's form guard).
    #[serde(default)]
    pub form_token: String,
    /// The case, read with the code this browser's cookie holds, and that code: the app
    /// needs it for live updates and its own actions, and the cookie is HttpOnly. Pages
    /// that carry it are answered `Cache-Control: no-store`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<PreparedCase>,
    /// Asking the city for the case failed: the app's message for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<ApiError>,
    /// A lookup that needs fixing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup: Option<LookupAnswer>,
    /// An action's form that needs fixing or confirming.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<ActionAnswer>,
    /// The action just done (post/redirect/get), confirmed once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<CaseAction>,
    /// A form posted from elsewhere, or with a token not ours: nothing was done.
    #[serde(default)]
    pub refused: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreparedCase {
    pub view: CaseView,
    pub code: String,
}

/// A lookup sent without JavaScript that did not find the case. The code typed is not
/// given back: a wrong one is typed again from the receipt, and it stays out of the page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LookupAnswer {
    #[serde(default)]
    pub case_number: String,
    #[serde(default)]
    pub missing_number: bool,
    #[serde(default)]
    pub missing_code: bool,
    /// The BFF's answer (wrong code, too many tries with the wait, the city failing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ApiError>,
    /// The page was open too long: send again.
    #[serde(default)]
    pub expired: bool,
}

/// An action's form sent without JavaScript, shown again with what was typed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActionAnswer {
    pub action: CaseAction,
    #[serde(default)]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    /// A withdrawal asks "are you sure?" first, as the app does.
    #[serde(default)]
    pub confirming: bool,
    /// Why it was not done: fields to fix, or the case or city's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ApiError>,
    #[serde(default)]
    pub expired: bool,
}

/// The `<title>` a server-rendered page ends up with.
#[derive(Clone, Debug, Default)]
pub struct TitleSink(std::sync::Arc<std::sync::Mutex<Option<String>>>);

impl PartialEq for TitleSink {
    fn eq(&self, other: &TitleSink) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl TitleSink {
    /// Called while rendering; only the server reads it back.
    pub fn note(&self, title: &str) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(title.to_owned());
        }
    }

    pub fn taken(&self) -> Option<String> {
        self.0.lock().ok().and_then(|slot| slot.clone())
    }
}

impl PageStart {
    pub fn new(language: Language, elderly: bool) -> PageStart {
        PageStart {
            lang: language.tag().to_owned(),
            elderly,
            ..PageStart::default()
        }
    }

    pub fn language(&self) -> Language {
        if self.lang == pseudo::TAG {
            return Language::Pseudo;
        }
        Language::Locale(Locale::from_tag(&self.lang).unwrap_or_default())
    }

    /// The page's JSON, safe inside `<script>`: no `<` can close it early.
    pub fn to_script_json(&self) -> String {
        crate::json::to_string(self)
            .unwrap_or_else(|_| "{}".to_owned())
            .replace('<', "\\u003c")
    }
}

/// The language a page is rendered in (the server decides; issue 19 moved this here from
/// static/boot.js): `?lang=` in the address, else the resident's choice in its cookie, else
/// the first of the browser's Accept-Language that we speak, else zh-CN. The test-only
/// pseudo-locale (`?pseudo=1`, or its cookie) wins over all.
pub fn choose_language(query: &str, cookies: &str, accept_language: &str) -> Language {
    if pseudo::asked_for_in_query(query) || cookie(cookies, PSEUDO_COOKIE) == Some("1") {
        return Language::Pseudo;
    }
    let asked = form_pairs(query)
        .find(|(name, _)| *name == "lang")
        .and_then(|(_, tag)| Locale::from_tag(tag));
    let chosen = || cookie(cookies, LOCALE_COOKIE).and_then(Locale::from_tag);
    let browser = || {
        accept_language
            .split(',')
            .filter_map(|part| part.split(';').next())
            .find_map(Locale::negotiate)
    };
    Language::Locale(asked.or_else(chosen).or_else(browser).unwrap_or_default())
}

/// Whether the page is rendered in elderly mode (its cookie says `elderly`).
pub fn elderly_from_cookies(cookies: &str) -> bool {
    cookie(cookies, MODE_COOKIE) == Some(crate::prefs::ELDERLY_MODE)
}

/// One cookie's value from a `Cookie:` header.
pub fn cookie<'a>(cookies: &'a str, name: &str) -> Option<&'a str> {
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim().trim_matches('"'))
}

/// `name=value` pairs of a query without percent-decoding: every value read here is ASCII.
fn form_pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
}

/// The page's start, for the hooks that render its first frame.
#[hook]
pub fn use_page_start() -> Rc<PageStart> {
    use_context::<Rc<PageStart>>().unwrap_or_default()
}

/// False while rendering on the server and while the browser hydrates the server's page;
/// true once it has hydrated all of it ([`crate::hydration::done`]), and at once for pages
/// reached later inside the app. Whatever the device keeps (drafts, "My requests", a
/// looked-up code) is read only once this is true, so the hydrated frame matches the
/// server's HTML.
#[hook]
pub fn use_device_ready() -> bool {
    let ready = use_state(crate::hydration::done);
    {
        let ready = ready.clone();
        use_effect_with((), move |()| {
            if !*ready {
                ready.set(true);
            }
        });
    }
    *ready
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_then_the_cookie_then_the_browser_choose_the_language() {
        let en = Language::Locale(Locale::En);
        let tw = Language::Locale(Locale::ZhTw);
        assert_eq!(
            choose_language("lang=en", "huiyin-locale=zh-TW", "zh-CN"),
            en
        );
        assert_eq!(choose_language("q=x", "a=b; huiyin-locale=zh-TW", "en"), tw);
        assert_eq!(choose_language("", "", "fr;q=1, zh-HK;q=0.8, en;q=0.5"), tw);
        assert_eq!(
            choose_language("", "", "fr"),
            Language::Locale(Locale::ZhCn)
        );
        assert_eq!(choose_language("pseudo=1", "", "zh-CN"), Language::Pseudo);
        assert_eq!(choose_language("", "huiyin-pseudo=1", ""), Language::Pseudo);
    }

    #[test]
    fn elderly_mode_comes_from_its_cookie() {
        assert!(elderly_from_cookies(
            "huiyin-locale=en; huiyin-mode=elderly"
        ));
        assert!(!elderly_from_cookies("huiyin-mode=standard"));
        assert!(!elderly_from_cookies(""));
    }

    #[test]
    fn the_page_s_json_cannot_close_its_script() {
        let mut start = PageStart::new(Language::Locale(Locale::En), true);
        start.lang = "</script><b>".into();
        assert!(!start.to_script_json().contains('<'));
    }
}
