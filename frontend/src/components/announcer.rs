use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::hooks::LiveAnnouncer;

/// How long a live region stays empty before it says something new: long enough for
/// screen readers to notice the change, so the same words can be said twice.
const QUIET_MS: u32 = 150;

#[derive(Properties, PartialEq)]
pub struct AnnouncerProps {
    pub children: Html,
}

/// The app's two live regions, mounted once in the shell and present from the start (a
/// region added together with its text is not read). Everything inside can speak through
/// [`crate::hooks::use_announcer`].
#[function_component]
pub fn Announcer(props: &AnnouncerProps) -> Html {
    let polite = use_state(String::new);
    let assertive = use_state(String::new);
    let context = {
        let polite = polite.setter();
        let assertive = assertive.setter();
        use_memo((), move |()| LiveAnnouncer {
            polite: speaker(polite),
            assertive: speaker(assertive),
        })
    };
    html! {
        <ContextProvider<LiveAnnouncer> context={(*context).clone()}>
            { props.children.clone() }
            <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
                { (*polite).clone() }
            </div>
            <div class="visually-hidden" role="alert" aria-live="assertive" aria-atomic="true">
                { (*assertive).clone() }
            </div>
        </ContextProvider<LiveAnnouncer>>
    }
}

/// Empties the region, then says the words. Words that arrive while the region is quiet
/// join the ones waiting, so a quick second message does not swallow the first.
fn speaker(region: UseStateSetter<String>) -> Callback<String> {
    let waiting: Rc<RefCell<(String, Option<Timeout>)>> = Rc::default();
    Callback::from(move |text: String| {
        let mut slot = waiting.borrow_mut();
        if !slot.0.is_empty() {
            slot.0.push(' ');
        }
        slot.0.push_str(&text);
        region.set(String::new());
        let region = region.clone();
        let waiting = waiting.clone();
        slot.1 = Some(Timeout::new(QUIET_MS, move || {
            let text = std::mem::take(&mut waiting.borrow_mut().0);
            region.set(text);
        }));
    })
}
