use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::hooks::use_announcer;
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// What goes on the clipboard.
    pub text: AttrValue,
    /// The button's words, e.g. "Copy case number".
    pub label: AttrValue,
    /// Said once copied, e.g. "Case number copied".
    pub done: AttrValue,
}

/// Copies a number to the clipboard and says so; where copying is not allowed, says how
/// to copy it by hand.
#[function_component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let copied = use_state(|| false);
    let onclick = {
        let text = props.text.to_string();
        let done = props.done.to_string();
        let copied = copied.clone();
        let failed = i18n.t("copy-failed");
        Callback::from(move |_: MouseEvent| {
            let text = text.clone();
            let done = done.clone();
            let failed = failed.clone();
            let copied = copied.clone();
            let announcer = announcer.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
                let result = match clipboard {
                    Some(clipboard) => JsFuture::from(clipboard.write_text(&text)).await.is_ok(),
                    None => false,
                };
                if result {
                    copied.set(true);
                    announcer.announce_polite(done);
                } else {
                    announcer.announce_assertive(failed);
                }
            });
        })
    };
    html! {
        <button type="button" class="button button--secondary button--small" {onclick}>
            { if *copied { props.done.clone() } else { props.label.clone() } }
        </button>
    }
}
