//! The submission outbox at work: sends each queued request, keeps it through dropped
//! connections and closed tabs, retries with the same idempotency key when the connection
//! returns (the `online` event) or after a growing pause, and moves the receipt into
//! "My requests" once the BFF confirms. Pages follow it through [`use_outbox`].

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use api::Receipt;
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::api_client::{self, ClientError};
use crate::storage::my_requests::SavedCase;
use crate::storage::outbox::OutboxEntry;
use crate::storage::{self, contact, drafts, my_requests, outbox};

/// Where one submission is.
#[derive(Clone, Debug, PartialEq)]
pub enum Delivery {
    /// Being sent now.
    Sending,
    /// The device is offline: sent as soon as the connection returns.
    Offline,
    /// The last try failed for a reason that may pass; the next one is due in `in_secs`.
    Retrying { error: ClientError, in_secs: u32 },
    /// Refused for good: the answers must change, or (`submission_unverifiable`) the
    /// resident checks with the hotline. The draft is still there.
    Refused(ClientError),
    /// The automatic tries are used up on failures that may still pass: nothing is sent
    /// until the resident asks (the draft and the queued request are still there).
    Stopped(ClientError),
    /// Confirmed by the BFF.
    Sent(Receipt),
}

/// What pages see of the outbox.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OutboxState {
    pub deliveries: BTreeMap<String, Delivery>,
}

impl OutboxState {
    pub fn delivery(&self, key: &str) -> Option<&Delivery> {
        self.deliveries.get(key)
    }
}

/// The verbs of the outbox, for pages.
#[derive(Clone, PartialEq)]
pub struct Outbox {
    pub state: Rc<OutboxState>,
}

impl Outbox {
    /// Queues the request and sends it at once (or as soon as it can).
    pub fn submit(&self, entry: OutboxEntry) -> bool {
        let key = entry.key.clone();
        let queued = outbox::put(entry);
        RUNTIME.with(|r| r.borrow_mut().attempts.remove(&key));
        flush();
        queued
    }

    /// Tries every waiting submission now, without waiting for the next pause to end.
    pub fn retry_now(&self) {
        RUNTIME.with(|r| r.borrow_mut().attempts.clear());
        flush();
    }

    /// Stops trying to send a submission; its draft stays.
    pub fn cancel(&self, key: &str) {
        outbox::remove(key);
        update(|state| {
            state.deliveries.remove(key);
        });
    }
}

#[derive(Default)]
struct Runtime {
    state: OutboxState,
    in_flight: BTreeSet<String>,
    attempts: BTreeMap<String, u32>,
    timer: Option<Timeout>,
    listeners: Vec<Callback<Rc<OutboxState>>>,
}

thread_local! {
    static RUNTIME: RefCell<Runtime> = RefCell::default();
}

fn update(change: impl FnOnce(&mut OutboxState)) {
    let (state, listeners) = RUNTIME.with(|r| {
        let mut runtime = r.borrow_mut();
        change(&mut runtime.state);
        (Rc::new(runtime.state.clone()), runtime.listeners.clone())
    });
    for listener in listeners {
        listener.emit(state.clone());
    }
}

fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Pause before the next automatic try: 2, 4, 8 … seconds, at most a minute, plus up to a
/// quarter more by `jitter` (0..1) so that many phones back online at once do not retry
/// in step.
fn backoff_secs(attempts: u32, jitter: f64) -> u32 {
    let base = 2u32.saturating_pow(attempts.clamp(1, 6)).min(60);
    base + (f64::from(base) * jitter.clamp(0.0, 1.0) / 4.0) as u32
}

/// Automatic tries of one submission before the resident is asked what to do: about
/// five minutes of backing off. Never an endless "retrying".
const MAX_AUTOMATIC_TRIES: u32 = 8;

/// Sends every queued entry that is not already on its way.
pub fn flush() {
    for entry in outbox::list() {
        // Stopped after its automatic tries: only "try again" or the connection's return
        // (which clear the count) send it again, not another submission's timer.
        let stopped = RUNTIME.with(|r| {
            r.borrow()
                .attempts
                .get(&entry.key)
                .is_some_and(|tries| *tries >= MAX_AUTOMATIC_TRIES)
        });
        if stopped {
            continue;
        }
        let start = RUNTIME.with(|r| r.borrow_mut().in_flight.insert(entry.key.clone()));
        if start {
            wasm_bindgen_futures::spawn_local(send(entry));
        }
    }
}

async fn send(entry: OutboxEntry) {
    let key = entry.key.clone();
    update(|state| {
        state.deliveries.insert(key.clone(), Delivery::Sending);
    });
    let result = api_client::file_request(&key, &entry.request).await;
    RUNTIME.with(|r| r.borrow_mut().in_flight.remove(&key));
    match result {
        Ok(receipt) => {
            my_requests::add(SavedCase {
                case_id: receipt.case_id.clone(),
                query_code: receipt.query_code.clone(),
                service_code: receipt.service_code.clone(),
                service_name: entry.service_name.clone(),
                due_date: receipt.due_date.clone(),
                filed_at: storage::now_ms(),
                sent_with_key: Some(key.clone()),
            });
            outbox::remove(&key);
            drafts::remove_sent(&entry.request.service_code, &key);
            contact::forget_unless_remembered();
            RUNTIME.with(|r| r.borrow_mut().attempts.remove(&key));
            update(|state| {
                state.deliveries.insert(key, Delivery::Sent(receipt));
            });
        }
        Err(error) if error.is_transient() => {
            let attempts = RUNTIME.with(|r| {
                let mut runtime = r.borrow_mut();
                let attempts = runtime.attempts.entry(key.clone()).or_default();
                *attempts += 1;
                *attempts
            });
            let wait = error.retry_after_secs().map_or_else(
                || backoff_secs(attempts, js_sys::Math::random()),
                |s| s.clamp(1, 3600) as u32,
            );
            let offline = matches!(error, ClientError::Network) && !online();
            if attempts >= MAX_AUTOMATIC_TRIES && !offline {
                // Kept queued: "try again" or the `online` event sends it once more.
                update(|state| {
                    state.deliveries.insert(key, Delivery::Stopped(error));
                });
                return;
            }
            let delivery = if offline {
                Delivery::Offline
            } else {
                Delivery::Retrying {
                    error,
                    in_secs: wait,
                }
            };
            schedule(wait);
            update(|state| {
                state.deliveries.insert(key, delivery);
            });
        }
        Err(error) => {
            // The BFF made no case with this key (it refuses before filing), so the draft
            // keeps the key and can be corrected and sent again.
            outbox::remove(&key);
            update(|state| {
                state.deliveries.insert(key, Delivery::Refused(error));
            });
        }
    }
}

/// One timer for the whole outbox: the earliest due retry wins.
fn schedule(secs: u32) {
    RUNTIME.with(|r| {
        r.borrow_mut().timer = Some(Timeout::new(secs.saturating_mul(1000), || {
            RUNTIME.with(|r| r.borrow_mut().timer = None);
            flush();
        }));
    });
}

#[hook]
pub fn use_outbox() -> Outbox {
    let state = use_state(|| Rc::new(RUNTIME.with(|r| r.borrow().state.clone())));
    {
        let state = state.clone();
        use_effect_with((), move |()| {
            let listener = Callback::from(move |next: Rc<OutboxState>| state.set(next));
            RUNTIME.with(|r| r.borrow_mut().listeners.push(listener.clone()));
            move || {
                RUNTIME.with(|r| r.borrow_mut().listeners.retain(|l| l != &listener));
            }
        });
    }
    Outbox {
        state: (*state).clone(),
    }
}

#[derive(Properties, PartialEq)]
pub struct OutboxSenderProps {
    pub children: Html,
}

/// Mounted once in the app shell: sends what a previous visit left queued, and tries
/// again the moment the device is back online.
#[function_component]
pub fn OutboxSender(props: &OutboxSenderProps) -> Html {
    use_effect_with((), |()| {
        flush();
        let listener = web_sys::window().map(|window| {
            EventListener::new(&window, "online", |_| {
                RUNTIME.with(|r| r.borrow_mut().attempts.clear());
                flush();
            })
        });
        move || drop(listener)
    });
    props.children.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_a_minute_with_jitter() {
        assert_eq!(backoff_secs(1, 0.0), 2);
        assert_eq!(backoff_secs(2, 0.0), 4);
        assert_eq!(backoff_secs(5, 0.0), 32);
        assert_eq!(backoff_secs(9, 0.0), 60);
        assert_eq!(backoff_secs(9, 1.0), 75);
        assert_eq!(backoff_secs(5, 0.5), 36);
    }
}
