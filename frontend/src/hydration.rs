//! Taking over the server's page in several short tasks rather than one long one (issue 19:
//! Total Blocking Time).
//!
//! Yew hydrates a whole tree in one go, and on a slow phone the whole of a page is a long
//! task in which a resident's tap waits. A [`Deferred`] part of the page is hydrated later, in
//! a task of its own, one part per task in the order they were met. Meanwhile the part is the
//! server's HTML, as it was before the app arrived: readable, its links ordinary links.
//! (Yew keeps the server's nodes in place while a part is suspended and swaps in the copy
//! it hydrated once it resumes; static/boot.js puts back focus and what was typed meanwhile.)
//!
//! The device's own data (drafts, "My requests"...) is read only once the whole page is
//! hydrated ([`done`]), so that no part hydrates with anything but what the server rendered.
//! Parts met later, on pages reached inside the app, are drawn at once.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use yew::prelude::*;
#[cfg(target_arch = "wasm32")]
use yew::suspense::Suspension;
use yew::suspense::SuspensionResult;

thread_local! {
    /// Set when the app starts on the server's page, rather than drawing its own.
    static HYDRATING: Cell<bool> = const { Cell::new(false) };
    /// Set once the server's page is hydrated, every part of it (never on the server).
    static DONE: Cell<bool> = const { Cell::new(false) };
    /// What waits for a task of its own: a part's resumption, or the last step.
    static WAITING: RefCell<VecDeque<Box<dyn FnOnce()>>> = RefCell::new(VecDeque::new());
    /// Whether a turn for the next of them has been asked for.
    static TURN_ASKED: Cell<bool> = const { Cell::new(false) };
}

/// The app is about to hydrate the server's page: [`Deferred`] parts wait their turn.
#[cfg(feature = "hydration")]
pub fn begin() {
    HYDRATING.with(|h| h.set(true));
}

/// Whether the server's page has been hydrated, all of it. False on the server.
pub fn done() -> bool {
    DONE.with(Cell::get)
}

/// Runs `then` in a task of its own, after whatever is waiting before it.
fn later(then: Box<dyn FnOnce()>) {
    WAITING.with_borrow_mut(|waiting| waiting.push_back(then));
    next_turn();
}

/// Asks for the next turn, unless it has been asked for: one waiting job per task.
fn next_turn() {
    if TURN_ASKED.with(|asked| asked.replace(true)) {
        return;
    }
    crate::next_task(|| {
        TURN_ASKED.with(|asked| asked.set(false));
        let next = WAITING.with_borrow_mut(VecDeque::pop_front);
        if let Some(next) = next {
            next();
        }
        if WAITING.with_borrow(|waiting| !waiting.is_empty()) {
            next_turn();
        }
    });
}

/// Once every [`Deferred`] part met so far has been hydrated (parts inside them included,
/// as they are met), marks the page hydrated and runs `then`. Called from the app's last
/// effect of its first render.
pub fn when_done(then: impl FnOnce() + 'static) {
    fn step(then: Box<dyn FnOnce()>) {
        later(Box::new(move || {
            if WAITING.with_borrow(VecDeque::is_empty) {
                DONE.with(|d| d.set(true));
                then();
            } else {
                // A part resumed since was hydrated with parts of its own: after them.
                step(then);
            }
        }));
    }
    step(Box::new(then));
}

#[derive(Properties, PartialEq)]
pub struct DeferredProps {
    pub children: Html,
}

/// Its children, hydrated in a task of their own while the app takes over the server's page;
/// drawn at once everywhere else (on the server, and on pages reached inside the app).
#[function_component]
pub fn Deferred(props: &DeferredProps) -> Html {
    html! {
        <Suspense fallback={Html::default()}>
            <Later>{ props.children.clone() }</Later>
        </Suspense>
    }
}

#[function_component]
fn Later(props: &DeferredProps) -> HtmlResult {
    use_turn()?;
    Ok(props.children.clone())
}

/// Suspends the component's first render until its turn, while the server's page is being
/// hydrated.
#[hook]
fn use_turn() -> SuspensionResult<()> {
    #[cfg(target_arch = "wasm32")]
    {
        let suspension = use_state(|| {
            (HYDRATING.with(Cell::get) && !done()).then(|| {
                let (suspension, handle) = Suspension::new();
                later(Box::new(move || {
                    let focus = focus::remember();
                    handle.resume();
                    // Yew swaps the part in on its own turn, straight after this.
                    yew::platform::spawn_local(async move { focus::restore(focus) });
                }));
                suspension
            })
        });
        if let Some(suspension) = suspension.as_ref()
            && !suspension.resumed()
        {
            return Err(suspension.clone());
        }
    }
    Ok(())
}

/// Yew swaps the hydrated copy of a part in for the server's nodes, and with them goes the
/// element that had focus and whatever a resident had typed or ticked before the app took
/// over (the copy holds what the server rendered). static/boot.js keeps both by each
/// element's place in the document and puts them back after the swap, entering the words
/// again as if by hand so the app's own handlers see them: nothing typed while the app
/// loads is lost. (In JavaScript, where it is a fraction of the size it is in the .wasm.)
#[cfg(target_arch = "wasm32")]
mod focus {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = huiyinHydration, js_name = remember, catch)]
        fn remember_on_page() -> Result<JsValue, JsValue>;
        #[wasm_bindgen(js_namespace = huiyinHydration, js_name = restore, catch)]
        fn restore_on_page(kept: &JsValue) -> Result<(), JsValue>;
    }

    /// The focused element and the fields changed by hand, by their places.
    pub fn remember() -> JsValue {
        remember_on_page().unwrap_or(JsValue::UNDEFINED)
    }

    /// Focus and what was entered, back at the same places.
    pub fn restore(kept: JsValue) {
        if !kept.is_undefined() {
            let _ = restore_on_page(&kept);
        }
    }
}
