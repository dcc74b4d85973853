//! The service window (线下窗口): a clerk on a shared counter computer files and follows
//! cases for residents. Everything under `/window` runs in this mode, and so does every
//! page of the app in a browser where a clerk is signed in (the BFF sets a readable flag
//! cookie beside the clerk's HttpOnly session, so a new tab or a typed address is a window
//! page too): the resident's data lives in the page's memory only (see `storage::device`),
//! the router keeps its history in memory too (so the browser's Back never shows a
//! resident's page), and ending a resident's turn reloads a fresh page in place of the old
//! one.

use std::cell::Cell;
use std::rc::Rc;

use api::{ClerkSession, ErrorCode};
use yew::prelude::*;

use crate::api_client::{self, ClientError};
use crate::{prefs, storage};

pub const HOME_PATH: &str = "/window";
/// Why the clerk's page was started afresh; read once by the clerk's home. Holds no
/// resident data: only one of the words below.
const NOTICE_KEY: &str = "huiyin.window-notice";

thread_local! {
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
}

/// Decides the mode from the address the page was loaded at and from whether a clerk is
/// signed in on this browser; called once before rendering. Outside window mode, the page
/// reloads into it as soon as it finds a clerk signed in meanwhile (another tab's sign-in),
/// checked whenever the tab is shown or focused again.
pub fn detect() {
    let path = gloo::utils::window()
        .location()
        .pathname()
        .unwrap_or_default();
    if path == HOME_PATH || path.starts_with("/window/") || clerk_signed_in_here() {
        ACTIVE.with(|a| a.set(true));
        storage::device::keep_in_memory();
        return;
    }
    let document: web_sys::EventTarget = gloo::utils::document().into();
    let window: web_sys::EventTarget = gloo::utils::window().into();
    let reload_if_signed_in = |_: &web_sys::Event| {
        if clerk_signed_in_here() {
            let _ = gloo::utils::window().location().reload();
        }
    };
    for (target, event) in [
        (&document, "visibilitychange"),
        (&window, "focus"),
        (&window, "pageshow"),
    ] {
        gloo::events::EventListener::new(target, event, reload_if_signed_in).forget();
    }
}

/// Whether the BFF has marked this browser as a signed-in clerk's (the flag cookie holds no
/// secret; the session itself is out of the page's reach).
fn clerk_signed_in_here() -> bool {
    let document = gloo::utils::document();
    let cookies = js_sys::Reflect::get(&document, &"cookie".into())
        .ok()
        .and_then(|c| c.as_string())
        .unwrap_or_default();
    has_window_flag(&cookies)
}

fn has_window_flag(cookies: &str) -> bool {
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, value)| name == api::paths::WINDOW_MODE_COOKIE && value == "1")
}

/// Whether this page is a clerk's at a service window.
pub fn active() -> bool {
    ACTIVE.with(Cell::get)
}

/// Why a resident's turn ended, said on the fresh page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    NextResident,
    Idle,
    SessionEnded,
    SignedOut,
}

impl Ending {
    fn word(self) -> &'static str {
        match self {
            Ending::NextResident => "next",
            Ending::Idle => "idle",
            Ending::SessionEnded => "expired",
            Ending::SignedOut => "signed-out",
        }
    }

    fn from_word(word: &str) -> Option<Ending> {
        [
            Ending::NextResident,
            Ending::Idle,
            Ending::SessionEnded,
            Ending::SignedOut,
        ]
        .into_iter()
        .find(|e| e.word() == word)
    }

    /// The Fluent key of what the fresh page says.
    pub fn message_key(self) -> &'static str {
        match self {
            Ending::NextResident => "window-cleared-next",
            Ending::Idle => "window-cleared-idle",
            Ending::SessionEnded => "window-session-ended",
            Ending::SignedOut => "window-signed-out",
        }
    }
}

/// Ends the resident's turn: stops reading aloud, forgets everything of theirs (memory,
/// any storage, their display choices), empties the page and loads a fresh clerk page in
/// place of this one, so that neither the page nor Back can show their data again.
pub fn end_resident_turn(ending: Ending) {
    let window = gloo::utils::window();
    if let Ok(speech) = window.speech_synthesis() {
        speech.cancel();
    }
    storage::forget_resident();
    // Elderly mode, slow reading and the language were the resident's choices: the next
    // resident starts in the browser's own language, as the clerk's screen speaks it.
    if let Ok(Some(local)) = window.local_storage() {
        for key in [prefs::MODE_KEY, prefs::SLOW_SPEECH_KEY, prefs::LOCALE_KEY] {
            let _ = local.remove_item(key);
        }
    }
    if let Ok(Some(session)) = window.session_storage() {
        let _ = session.set_item(NOTICE_KEY, ending.word());
    }
    if let Some(body) = gloo::utils::document().body() {
        body.set_inner_html("");
    }
    let _ = window.location().replace(HOME_PATH);
}

/// The ending that led to this page, once.
pub fn take_ending() -> Option<Ending> {
    let session = gloo::utils::window().session_storage().ok().flatten()?;
    let word = session.get_item(NOTICE_KEY).ok().flatten()?;
    let _ = session.remove_item(NOTICE_KEY);
    Ending::from_word(&word)
}

/// A call on a resident's behalf found the clerk's session gone: start afresh at sign-in.
pub fn check_session_error<T>(result: &Result<T, ClientError>) {
    if active()
        && let Err(ClientError::Api {
            code: ErrorCode::ClerkSessionRequired,
            ..
        }) = result
    {
        end_resident_turn(Ending::SessionEnded);
    }
}

/// Where the clerk's sign-in stands.
#[derive(Clone, Debug, PartialEq)]
pub enum ClerkState {
    Checking,
    SignedOut,
    SignedIn(Rc<ClerkSession>),
}

/// The clerk's session as pages see it, with its verbs.
#[derive(Clone, PartialEq)]
pub struct ClerkDesk {
    pub state: ClerkState,
    /// When the session reaches its absolute limit, in `Date.now()` milliseconds.
    pub ends_at_ms: f64,
    signed_in: Callback<ClerkSession>,
}

impl ClerkDesk {
    pub fn session(&self) -> Option<Rc<ClerkSession>> {
        match &self.state {
            ClerkState::SignedIn(session) => Some(session.clone()),
            _ => None,
        }
    }

    /// Signs in; on success the page starts afresh (the password's page is gone), and
    /// whatever earlier public use left of anyone in this browser's storage is removed.
    pub async fn sign_in(&self, clerk_id: &str, password: &str) -> Result<(), ClientError> {
        api_client::clerk_sign_in(clerk_id, password).await?;
        storage::forget_resident();
        let _ = gloo::utils::window().location().replace(HOME_PATH);
        Ok(())
    }

    /// Signs in again as the same clerk without leaving the page, before the session's
    /// absolute limit: the BFF replaces the old session and the resident's work stays.
    pub async fn renew(&self, password: &str) -> Result<(), ClientError> {
        let Some(session) = self.session() else {
            return Err(ClientError::api(ErrorCode::ClerkSessionRequired));
        };
        let renewed = api_client::clerk_sign_in(&session.clerk_id, password).await?;
        self.signed_in.emit(renewed);
        Ok(())
    }

    pub fn sign_out(&self) {
        wasm_bindgen_futures::spawn_local(async {
            let _ = api_client::clerk_sign_out().await;
            end_resident_turn(Ending::SignedOut);
        });
    }

    pub fn next_resident(&self) {
        end_resident_turn(Ending::NextResident);
    }
}

#[hook]
pub fn use_clerk_desk() -> Option<ClerkDesk> {
    use_context::<ClerkDesk>()
}

#[derive(Properties, PartialEq)]
pub struct ClerkDeskProviderProps {
    pub children: Html,
}

/// Asks the BFF once who is signed in (the cookie is out of the page's reach).
#[function_component]
pub fn ClerkDeskProvider(props: &ClerkDeskProviderProps) -> Html {
    let state = use_state(|| ClerkState::Checking);
    let ends_at_ms = use_state(|| 0.0);
    let signed_in = {
        let (state, ends_at_ms) = (state.clone(), ends_at_ms.clone());
        use_callback((), move |session: ClerkSession, ()| {
            ends_at_ms.set(js_sys::Date::now() + session.expires_in_secs as f64 * 1000.0);
            state.set(ClerkState::SignedIn(Rc::new(session)));
        })
    };
    {
        let (state, signed_in) = (state.clone(), signed_in.clone());
        use_effect_with((), move |()| {
            wasm_bindgen_futures::spawn_local(async move {
                match api_client::clerk_session().await {
                    Ok(session) => signed_in.emit(session),
                    Err(_) => state.set(ClerkState::SignedOut),
                }
            });
        });
    }
    let context = ClerkDesk {
        state: (*state).clone(),
        ends_at_ms: *ends_at_ms,
        signed_in,
    };
    html! {
        <ContextProvider<ClerkDesk> {context}>
            { props.children.clone() }
        </ContextProvider<ClerkDesk>>
    }
}

#[cfg(test)]
mod tests {
    use super::has_window_flag;

    #[test]
    fn the_window_flag_is_read_among_other_cookies() {
        assert!(has_window_flag("a=1; __Host-huiyin-window=1; b=2"));
        assert!(has_window_flag("__Host-huiyin-window=1"));
        assert!(!has_window_flag(""));
        assert!(!has_window_flag("__Host-huiyin-window="));
        assert!(!has_window_flag("x__Host-huiyin-window=1"));
    }
}
