use yew::prelude::*;

use super::page_title::navigated_in_app;
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct PageHeadingProps {
    /// Fluent key of the page's name, used in `<title>`.
    pub title: AttrValue,
    /// Fluent key of the `<h1>` text.
    pub heading: AttrValue,
}

/// The page's one `<h1>`. It names the page in `<title>` and, after a navigation inside
/// the app, takes focus so that screen readers announce the new page.
#[function_component]
pub fn PageHeading(props: &PageHeadingProps) -> Html {
    let i18n = use_i18n();
    let heading = use_node_ref();
    let title = i18n.t_with("page-title", &[("page", i18n.t(&props.title).into())]);
    crate::page_start::use_page_start().title.note(&title);
    use_effect_with(title, |title| gloo::utils::document().set_title(title));
    {
        // On mount only: switching the language re-renders the page but must not move focus.
        // The first page of a visit keeps the browser's own focus; pages reached inside the
        // app move it, whichever kind of heading the previous page had.
        let heading = heading.clone();
        use_effect_with((), move |()| {
            if navigated_in_app()
                && let Some(element) = heading.cast::<web_sys::HtmlElement>()
            {
                let _ = element.focus();
            }
        });
    }
    html! {
        <h1 ref={heading} tabindex="-1">{ i18n.t(&props.heading) }</h1>
    }
}
