use yew::prelude::*;
use yew_router::prelude::use_location;

use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct MoreDisclosureProps {
    /// The id of the region the button opens; unique on the page.
    pub id: AttrValue,
    pub children: Html,
}

/// "More" (更多): a button that shows and hides the less-used things, so that a page in
/// elderly mode holds fewer of them. The button says whether it is open; it closes again
/// when the resident goes to another page.
#[function_component]
pub fn MoreDisclosure(props: &MoreDisclosureProps) -> Html {
    let i18n = use_i18n();
    let open = use_state(|| false);
    {
        let open = open.setter();
        let path = use_location().map(|location| location.path().to_owned());
        use_effect_with(path, move |_| open.set(false));
    }
    let onclick = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    html! {
        <div class="more">
            <button
                type="button"
                class="tool-button more__button"
                aria-expanded={open.to_string()}
                aria-controls={props.id.clone()}
                {onclick}
            >
                { i18n.t("more") }
            </button>
            <div id={props.id.clone()} class="more__region" hidden={!*open}>
                { props.children.clone() }
            </div>
        </div>
    }
}
