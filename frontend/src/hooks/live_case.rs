//! A case kept up to date while its page is open: Server-Sent Events from the BFF
//! (`/api/cases/{id}/events`, events named `case`), and polling when they cannot flow.

use std::cell::RefCell;
use std::rc::Rc;

use api::{CaseView, Locale};
use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};
use yew::Callback;

use crate::api_client;

/// How often to ask when live updates are not possible.
const POLL_MS: u32 = 10_000;

/// Follows one case; everything stops when it is dropped.
pub struct LiveCase {
    source: Option<EventSource>,
    _listeners: Vec<EventListener>,
    _polling: Rc<RefCell<Option<Interval>>>,
}

impl Drop for LiveCase {
    fn drop(&mut self) {
        if let Some(source) = &self.source {
            source.close();
        }
    }
}

/// Starts following the case; `changed` hears every new state of it.
pub fn follow(id: &str, code: &str, locale: Locale, changed: Callback<CaseView>) -> LiveCase {
    let polling = Rc::new(RefCell::new(None));
    let Ok(source) = api_client::case_events(id, code, locale) else {
        *polling.borrow_mut() = Some(poll(id, code, locale, changed));
        return LiveCase {
            source: None,
            _listeners: Vec::new(),
            _polling: polling,
        };
    };
    let on_case = {
        let changed = changed.clone();
        EventListener::new(&source, "case", move |event| {
            let Some(data) = event
                .dyn_ref::<MessageEvent>()
                .and_then(|m| m.data().as_string())
            else {
                return;
            };
            if let Ok(view) = crate::json::from_str::<CaseView>(&data) {
                changed.emit(view);
            }
        })
    };
    // The browser reconnects by itself after a dropped connection; a refusal (wrong code,
    // too many tries, a proxy that cuts streams) closes the source for good: poll instead.
    let on_error = {
        let (id, code) = (id.to_owned(), code.to_owned());
        let polling = polling.clone();
        let watched = source.clone();
        EventListener::new(&source, "error", move |_| {
            if watched.ready_state() == EventSource::CLOSED && polling.borrow().is_none() {
                *polling.borrow_mut() = Some(poll(&id, &code, locale, changed.clone()));
            }
        })
    };
    LiveCase {
        source: Some(source),
        _listeners: vec![on_case, on_error],
        _polling: polling,
    }
}

fn poll(id: &str, code: &str, locale: Locale, changed: Callback<CaseView>) -> Interval {
    let (id, code) = (id.to_owned(), code.to_owned());
    Interval::new(POLL_MS, move || {
        let (id, code, changed) = (id.clone(), code.clone(), changed.clone());
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(view) = api_client::case(&id, &code, locale).await {
                changed.emit(view);
            }
        });
    })
}
