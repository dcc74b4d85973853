use std::cell::{Cell, RefCell};

use yew::prelude::*;

use crate::i18n::use_i18n;

thread_local! {
    static LAST_PATH: RefCell<Option<String>> = const { RefCell::new(None) };
    static NAVIGATED: Cell<bool> = const { Cell::new(false) };
}

/// Called by the router for every page it shows: after the first change of address,
/// pages are reached by navigating inside the app and their heading takes focus.
pub fn note_route(path: &str) {
    LAST_PATH.with(|last| {
        let mut last = last.borrow_mut();
        if last.as_deref().is_some_and(|previous| previous != path) {
            NAVIGATED.with(|n| n.set(true));
        }
        *last = Some(path.to_owned());
    });
}

/// The session-storage key under which the resident's app, handing an address over to the
/// full app by loading it (`crate::app`'s `LoadInFullApp`), leaves that address: the full
/// app then treats its first page as reached by navigating, and its heading takes focus.
const HANDED_OVER: &str = "huiyin.handed-over";

/// Before loading `path` afresh for the full app: its first page continues a navigation.
/// `false` when this very address was handed over already and came back to the resident's
/// app (a dist without the full app): then it must not be loaded again, and again.
#[cfg(all(target_arch = "wasm32", not(feature = "full")))]
pub fn hand_over(path: &str) -> bool {
    use crate::storage::device::{SessionStorage, Storage};
    let handed: Result<String, _> = SessionStorage::get(HANDED_OVER);
    if handed.is_ok_and(|handed| handed == path) {
        SessionStorage::delete(HANDED_OVER);
        return false;
    }
    SessionStorage::set(HANDED_OVER, path).is_ok()
}

/// At start: if the resident's app handed this very address over, the page shown first
/// was reached by navigating (its heading takes focus, as inside one app).
pub fn continue_a_hand_over(path: &str) {
    use crate::storage::device::{SessionStorage, Storage};
    let handed: Result<String, _> = SessionStorage::get(HANDED_OVER);
    SessionStorage::delete(HANDED_OVER);
    if handed.is_ok_and(|handed| handed == path) {
        NAVIGATED.with(|n| n.set(true));
    }
}

/// Whether the page now shown was reached by navigating inside the app (so its heading
/// should take focus), rather than loaded as the first page of the visit.
pub fn navigated_in_app() -> bool {
    NAVIGATED.with(Cell::get)
}

/// Provided around the parts of a page that are shown together (the service window's
/// one-page form, which holds every filing step): there each step's `PageTitle` is an
/// `<h2>` under the page's own `<h1>`, and neither names the document nor takes focus.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PartOfPage;

#[derive(Properties, PartialEq)]
pub struct PageTitleProps {
    /// The page's name in `<title>` (already in the resident's language).
    pub title: AttrValue,
    /// The `<h1>` content; the title's words when empty. It may hold a `<label>`, so that
    /// a one-question page's question is both its heading and its field's label.
    #[prop_or_default]
    pub children: Html,
    /// The `lang` of the heading when its words come from the government system.
    #[prop_or_default]
    pub lang: Option<AttrValue>,
}

/// The `<h1>` of a page whose name is not a fixed message: a service, a question, a case.
/// Like [`super::PageHeading`] it names the page in `<title>` and, after a navigation inside
/// the app, takes focus so that screen readers announce the new page.
#[function_component]
pub fn PageTitle(props: &PageTitleProps) -> Html {
    let i18n = use_i18n();
    let heading = use_node_ref();
    let part = use_context::<PartOfPage>().is_some();
    let title = i18n.t_with("page-title", &[("page", props.title.to_string().into())]);
    let start = crate::page_start::use_page_start();
    if !part {
        start.title.note(&title);
    }
    use_effect_with(title, move |title| {
        if !part {
            gloo::utils::document().set_title(title);
        }
    });
    {
        let heading = heading.clone();
        use_effect_with((), move |()| {
            if !part
                && navigated_in_app()
                && let Some(element) = heading.cast::<web_sys::HtmlElement>()
            {
                let _ = element.focus();
            }
        });
    }
    let content = if props.children == Html::default() {
        html! { { props.title.clone() } }
    } else {
        props.children.clone()
    };
    if part {
        return html! { <h2 lang={props.lang.clone()}>{ content }</h2> };
    }
    html! {
        <h1 ref={heading} tabindex="-1" lang={props.lang.clone()}>{ content }</h1>
    }
}
