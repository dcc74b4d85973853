use yew::prelude::*;

use crate::hooks::{Reading, use_read_aloud};
use crate::i18n::use_i18n;

const PROBLEM_ID: &str = "read-aloud-problem";

/// 朗读: read this page aloud, pause and resume, stop, and a slower speed. The first button
/// stays in place and changes its words (read, pause, resume), so focus never jumps.
#[function_component]
pub fn ReadAloudControls() -> Html {
    let i18n = use_i18n();
    let read_aloud = use_read_aloud();
    let first = use_node_ref();
    {
        // When reading ends, Stop goes away; if focus was on it, it comes back here rather
        // than falling to the start of the page.
        let first = first.clone();
        let mounted = use_mut_ref(|| false);
        use_effect_with(read_aloud.reading, move |reading| {
            if std::mem::replace(&mut *mounted.borrow_mut(), true)
                && *reading == Reading::Idle
                && focus_was_lost()
                && let Some(button) = first.cast::<web_sys::HtmlElement>()
            {
                let _ = button.focus();
            }
        });
    }
    let (label, onclick) = {
        let read_aloud = read_aloud.clone();
        match read_aloud.reading {
            Reading::Idle => (
                "read-aloud-start",
                Callback::from(move |_: MouseEvent| read_aloud.start()),
            ),
            Reading::Speaking => (
                "read-aloud-pause",
                Callback::from(move |_: MouseEvent| read_aloud.pause()),
            ),
            Reading::Paused => (
                "read-aloud-resume",
                Callback::from(move |_: MouseEvent| read_aloud.resume()),
            ),
        }
    };
    let active = read_aloud.reading != Reading::Idle;
    let stop = {
        let read_aloud = read_aloud.clone();
        Callback::from(move |_: MouseEvent| read_aloud.stop())
    };
    let toggle_slow = {
        let read_aloud = read_aloud.clone();
        Callback::from(move |_: MouseEvent| read_aloud.read_slowly(!read_aloud.slow))
    };
    html! {
        <div class="read-aloud" role="group" aria-label={i18n.t("read-aloud-label")}>
            <button
                ref={first}
                type="button"
                class="tool-button"
                aria-describedby={read_aloud.problem.map(|_| PROBLEM_ID)}
                {onclick}
            >
                { i18n.t(label) }
            </button>
            if active {
                <button type="button" class="tool-button" onclick={stop}>
                    { i18n.t("read-aloud-stop") }
                </button>
                <button
                    type="button"
                    class="tool-button"
                    aria-pressed={read_aloud.slow.to_string()}
                    onclick={toggle_slow}
                >
                    { i18n.t("read-aloud-slow") }
                </button>
            }
            if let Some(problem) = read_aloud.problem {
                <p id={PROBLEM_ID} class="read-aloud__problem">{ i18n.t(problem.message_key()) }</p>
            }
        </div>
    }
}

fn focus_was_lost() -> bool {
    let document = gloo::utils::document();
    match (document.active_element(), document.body()) {
        (None, _) => true,
        (Some(active), Some(body)) => active == *body,
        (Some(_), None) => false,
    }
}
