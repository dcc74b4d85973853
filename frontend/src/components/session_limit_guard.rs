use std::cell::Cell;
use std::rc::Rc;

use gloo::timers::callback::Interval;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::{TextField, error_text};
use crate::hooks::use_announcer;
use crate::i18n::use_i18n;
use crate::service_window::{Ending, end_resident_turn, use_clerk_desk};

/// A clerk's session ends at an absolute limit however busy the counter is. Before it, a
/// warning offers to sign in again on the spot (WCAG 2.2.1: warned, and able to carry on):
/// the password alone, and the resident's work stays on the page. Unanswered, the limit
/// clears the resident's details as the session ends, rather than leaving them on a screen
/// nobody is signed in to.
#[function_component]
pub fn SessionLimitGuard() -> Html {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let desk = use_clerk_desk();
    let session = desk.as_ref().and_then(|d| d.session());
    let ends_at_ms = desk.as_ref().map_or(0.0, |d| d.ends_at_ms);
    let dialog = use_node_ref();
    let minutes_left = use_state(|| 0u64);
    let password = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let busy = use_state(|| false);
    {
        let (dialog, minutes_left, problem) =
            (dialog.clone(), minutes_left.clone(), problem.clone());
        let warning_secs = session.as_ref().map(|s| s.session_warning_secs);
        // A new session (signed in again) starts a new clock and may warn again.
        use_effect_with(
            (ends_at_ms, warning_secs),
            move |&(ends_at_ms, warning_secs)| {
                let ticker = warning_secs.map(|warning_secs| {
                    let warned = Rc::new(Cell::new(false));
                    let warn_from = ends_at_ms - warning_secs as f64 * 1000.0;
                    Interval::new(1000, move || {
                        let now = js_sys::Date::now();
                        if now >= ends_at_ms {
                            end_resident_turn(Ending::SessionEnded);
                            return;
                        }
                        if now < warn_from {
                            return;
                        }
                        minutes_left.set(((ends_at_ms - now) / 60_000.0).ceil() as u64);
                        if !warned.get()
                            && let Some(dialog) = dialog.cast::<web_sys::HtmlDialogElement>()
                        {
                            warned.set(true);
                            problem.set(None);
                            let _ = dialog.show_modal();
                        }
                    })
                });
                move || drop(ticker)
            },
        );
    }
    let Some(desk) = desk.filter(|_| session.is_some()) else {
        return Html::default();
    };
    let close = {
        let dialog = dialog.clone();
        move || {
            if let Some(dialog) = dialog.cast::<web_sys::HtmlDialogElement>() {
                dialog.close();
            }
        }
    };
    let onsubmit = {
        let (password, problem, busy, i18n, close) = (
            password.clone(),
            problem.clone(),
            busy.clone(),
            i18n.clone(),
            close.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            if password.is_empty() {
                problem.set(Some(i18n.t("window-sign-in-password-missing")));
                return;
            }
            busy.set(true);
            let secret = (*password).clone();
            let (desk, password, problem, busy, i18n, announcer, close) = (
                desk.clone(),
                password.clone(),
                problem.clone(),
                busy.clone(),
                i18n.clone(),
                announcer.clone(),
                close.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let result = desk.renew(&secret).await;
                busy.set(false);
                password.set(String::new());
                match result {
                    Ok(()) => {
                        problem.set(None);
                        close();
                        announcer.announce_polite(i18n.t("window-session-renewed"));
                    }
                    Err(error) => {
                        problem.set(Some(error_text(&i18n, &error)));
                        // Back to the field, whose description now reads the error: the
                        // page's live regions are inert behind a modal dialog.
                        if let Some(field) = gloo::utils::document()
                            .get_element_by_id("session-limit-password")
                            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                        {
                            let _ = field.focus();
                        }
                    }
                }
            });
        })
    };
    let later = {
        let close = close.clone();
        Callback::from(move |_: MouseEvent| close())
    };
    html! {
        <dialog ref={dialog} class="idle-warning" aria-labelledby="session-limit-title"
            aria-describedby="session-limit-body">
            <h2 id="session-limit-title">{ i18n.t("window-session-limit-title") }</h2>
            <p id="session-limit-body">
                { i18n.t_with("window-session-limit-body", &[("minutes", (*minutes_left).into())]) }
            </p>
            <form novalidate={true} {onsubmit}>
                <TextField id="session-limit-password"
                    label={Some(AttrValue::from(i18n.t("window-sign-in-password")))}
                    input_type={AttrValue::Static("password")}
                    autocomplete={Some(AttrValue::Static("current-password"))}
                    error={(*problem).clone()} value={(*password).clone()}
                    oninput={let password = password.clone(); Callback::from(move |v: String| password.set(v))} />
                <div class="button-group">
                    <button type="submit" class="button button--primary"
                        aria-disabled={busy.then_some("true")}>
                        { i18n.t(if *busy { "window-sign-in-busy" } else { "window-session-limit-renew" }) }
                    </button>
                    <button type="button" class="button button--secondary" onclick={later}>
                        { i18n.t("window-session-limit-later") }
                    </button>
                </div>
            </form>
        </dialog>
    }
}
