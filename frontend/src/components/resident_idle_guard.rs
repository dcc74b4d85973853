use std::cell::Cell;
use std::rc::Rc;

use api::ErrorCode;
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Interval;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api_client::{self, ClientError};
use crate::app::Route;
use crate::i18n::use_i18n;
use crate::service_window::{Ending, end_resident_turn, use_clerk_desk};

/// What counts as someone at the counter using the page.
const ACTIVITY: [&str; 5] = ["keydown", "pointerdown", "input", "wheel", "touchstart"];

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A resident's details leave the shared computer when nobody has used the page for a
/// while: first a warning that a single press extends (WCAG 2.2.1), then everything of
/// theirs is cleared. Activity also keeps the clerk's session alive on the BFF.
#[function_component]
pub fn ResidentIdleGuard() -> Html {
    let i18n = use_i18n();
    let session = use_clerk_desk().and_then(|d| d.session());
    let route = use_route::<Route>();
    let dialog = use_node_ref();
    let last_activity = use_mut_ref(now_ms);
    let warning_open = use_mut_ref(|| Rc::new(Cell::new(false)));
    let resting = use_mut_ref(|| Rc::new(Cell::new(true)));
    let seconds_left = use_state(|| 0u64);
    // The clerk's home and sign-in hold nothing of a resident: no clock runs there.
    let at_rest = matches!(route, None | Some(Route::Window) | Some(Route::Home));
    resting.borrow().set(at_rest);
    let extend = {
        let (dialog, last_activity, warning_open) =
            (dialog.clone(), last_activity.clone(), warning_open.clone());
        Callback::from(move |_: ()| {
            *last_activity.borrow_mut() = now_ms();
            warning_open.borrow().set(false);
            if let Some(dialog) = dialog.cast::<web_sys::HtmlDialogElement>() {
                dialog.close();
            }
            keep_session_alive();
        })
    };
    {
        let (dialog, last_activity, warning_open, resting, seconds_left) = (
            dialog.clone(),
            last_activity.clone(),
            warning_open.borrow().clone(),
            resting.borrow().clone(),
            seconds_left.clone(),
        );
        use_effect_with(session.clone(), move |session| {
            let mut guards = None;
            if let Some(session) = session.clone() {
                let idle_ms = session.resident_idle_secs as f64 * 1000.0;
                let warn_ms = idle_ms - session.resident_warning_secs as f64 * 1000.0;
                // Keep the BFF's session alive while the clerk works without calling it.
                let keepalive_every =
                    (session.idle_timeout_secs as f64 * 1000.0 / 3.0).min(60_000.0);
                let last_keepalive = Rc::new(Cell::new(now_ms()));
                let listeners: Vec<EventListener> = ACTIVITY
                    .iter()
                    .map(|name| {
                        let (last_activity, warning_open, last_keepalive) = (
                            last_activity.clone(),
                            warning_open.clone(),
                            last_keepalive.clone(),
                        );
                        EventListener::new_with_options(
                            &gloo::utils::document(),
                            *name,
                            EventListenerOptions::run_in_capture_phase(),
                            move |_| {
                                // While the warning shows, only its button extends.
                                if warning_open.get() {
                                    return;
                                }
                                let now = now_ms();
                                *last_activity.borrow_mut() = now;
                                if now - last_keepalive.get() > keepalive_every {
                                    last_keepalive.set(now);
                                    keep_session_alive();
                                }
                            },
                        )
                    })
                    .collect();
                let ticker = Interval::new(1000, move || {
                    let now = now_ms();
                    if resting.get() {
                        *last_activity.borrow_mut() = now;
                        return;
                    }
                    let idle_for = now - *last_activity.borrow();
                    if idle_for >= idle_ms {
                        end_resident_turn(Ending::Idle);
                    } else if idle_for >= warn_ms {
                        seconds_left.set(((idle_ms - idle_for) / 1000.0).ceil() as u64);
                        if !warning_open.get()
                            && let Some(dialog) = dialog.cast::<web_sys::HtmlDialogElement>()
                        {
                            warning_open.set(true);
                            let _ = dialog.show_modal();
                        }
                    }
                });
                guards = Some((listeners, ticker));
            }
            move || drop(guards)
        });
    }
    if session.is_none() {
        return Html::default();
    }
    let on_extend = extend.reform(|_: MouseEvent| ());
    // Escape closes a modal dialog: someone is there, so that extends too.
    let on_cancel = extend.reform(|event: Event| event.prevent_default());
    let clear_now = Callback::from(|_: MouseEvent| end_resident_turn(Ending::Idle));
    html! {
        <dialog ref={dialog} class="idle-warning" aria-labelledby="idle-warning-title"
            aria-describedby="idle-warning-body" oncancel={on_cancel}>
            <h2 id="idle-warning-title">{ i18n.t("window-idle-title") }</h2>
            <p id="idle-warning-body">
                { i18n.t_with("window-idle-body", &[("seconds", (*seconds_left).into())]) }
            </p>
            <div class="button-group">
                <button type="button" class="button button--primary" onclick={on_extend}>
                    { i18n.t("window-idle-extend") }
                </button>
                <button type="button" class="button button--secondary" onclick={clear_now}>
                    { i18n.t("window-idle-clear-now") }
                </button>
            </div>
        </dialog>
    }
}

/// Any clerk call keeps the session alive; a session found gone ends the resident's turn.
fn keep_session_alive() {
    wasm_bindgen_futures::spawn_local(async {
        if let Err(ClientError::Api {
            code: ErrorCode::ClerkSessionRequired,
            ..
        }) = api_client::clerk_session().await
        {
            end_resident_turn(Ending::SessionEnded);
        }
    });
}
