//! The service window (线下窗口): a clerk on a shared counter computer files and follows
//! cases for residents. Everything under `/window` runs in this mode, and so does every
//! page of the app in a browser where a clerk is signed in (the BFF sets a readable flag
//! cookie beside the clerk's HttpOnly session, so a new tab or a typed address is a window
//! page too): the resident's data lives in the page's memory only (see `storage::device`),
//! the router keeps its history in memory too (so the browser's Back never shows a
//! resident's page), and ending a resident's turn reloads a fresh page in place of the old
//! one. Whether this page is in window mode is `window_mode`'s; the clerk's session
//! ([`ClerkDesk`]) and the ending of a resident's turn are here.

use std::rc::Rc;

use api::{ClerkSession, ErrorCode};
use yew::prelude::*;

use crate::api_client::{self, ClientError};
use crate::window_mode::HOME_PATH;
use crate::{prefs, storage};

/// Why the clerk's page was started afresh; read once by the clerk's home. Holds no
/// resident data: only one of the words below.
const NOTICE_KEY: &str = "huiyin.window-notice";

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

/// At a service window, a call on a resident's behalf that finds the clerk's session gone
/// starts afresh at sign-in; set once at start, before any call (`api_client` reports it).
pub fn end_turn_when_session_lost() {
    if crate::window_mode::active() {
        api_client::on_session_lost(|| end_resident_turn(Ending::SessionEnded));
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
