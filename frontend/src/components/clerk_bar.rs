use yew::prelude::*;

use crate::i18n::use_i18n;
use crate::service_window::use_clerk_desk;

/// At a service window, on every page while a clerk is signed in: who serves (by clerk id
/// only: the resident watches this screen), "Next resident" and "Sign out".
#[function_component]
pub fn ClerkBar() -> Html {
    let i18n = use_i18n();
    let Some(desk) = use_clerk_desk() else {
        return Html::default();
    };
    let Some(session) = desk.session() else {
        return Html::default();
    };
    let next = {
        let desk = desk.clone();
        Callback::from(move |_: MouseEvent| desk.next_resident())
    };
    let sign_out = Callback::from(move |_: MouseEvent| desk.sign_out());
    html! {
        <aside class="clerk-bar" aria-label={i18n.t("window-bar-label")}>
            <p class="clerk-bar__who">
                { i18n.t_with("window-bar-clerk", &[("clerk", session.clerk_id.clone().into())]) }
            </p>
            <div class="clerk-bar__actions">
                <button type="button" class="button button--primary" onclick={next}>
                    { i18n.t("window-next-resident") }
                </button>
                <button type="button" class="button button--secondary" onclick={sign_out}>
                    { i18n.t("window-sign-out") }
                </button>
            </div>
        </aside>
    }
}
