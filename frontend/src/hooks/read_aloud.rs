use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{SpeechSynthesis, SpeechSynthesisUtterance, SpeechSynthesisVoice};
use yew::prelude::*;
use yew_router::prelude::use_location;

use crate::hooks::use_announcer;
use crate::i18n::use_i18n;
use crate::{prefs, speech};

/// Where reading the page aloud (朗读) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    Idle,
    Speaking,
    Paused,
}

/// Why the page could not be read aloud; each has a message for the resident.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadAloudProblem {
    /// The browser has no speech synthesis at all.
    NotSupported,
    /// It has no voice for the page's language.
    NoVoice,
}

impl ReadAloudProblem {
    pub fn message_key(self) -> &'static str {
        match self {
            ReadAloudProblem::NotSupported => "read-aloud-not-supported",
            ReadAloudProblem::NoVoice => "read-aloud-no-voice",
        }
    }
}

/// Reads `<main>` aloud in the page's language, at normal or slower speed.
#[derive(Clone, PartialEq)]
pub struct ReadAloud {
    pub reading: Reading,
    pub slow: bool,
    pub problem: Option<ReadAloudProblem>,
    act: Callback<Action>,
}

impl ReadAloud {
    pub fn start(&self) {
        self.act.emit(Action::Start("main"));
    }

    /// Reads one part of the page only (the privacy notice on the window's one-page form).
    pub fn start_at(&self, id: &'static str) {
        self.act.emit(Action::Start(id));
    }

    pub fn pause(&self) {
        self.act.emit(Action::Pause);
    }

    pub fn resume(&self) {
        self.act.emit(Action::Resume);
    }

    pub fn stop(&self) {
        self.act.emit(Action::Stop);
    }

    /// A change while reading starts the current piece again at the new speed.
    pub fn read_slowly(&self, slow: bool) {
        self.act.emit(Action::ReadSlowly(slow));
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Action {
    /// Reads the element of this id (`main` for the whole page).
    Start(&'static str),
    Pause,
    Resume,
    Stop,
    ReadSlowly(bool),
}

/// The reading in progress. Events of utterances not listed here belong to a reading that
/// was stopped or restarted, and are ignored.
#[derive(Default)]
struct Session {
    pieces: Vec<String>,
    utterances: Vec<SpeechSynthesisUtterance>,
    current: usize,
    lang: &'static str,
    voice: Option<SpeechSynthesisVoice>,
    /// Said when the last piece ends, in the language the reading started in.
    finished: String,
    /// Counts new pages and languages, so a reading that waited for the browser's voices
    /// does not start on a page other than the one it was asked for.
    generation: u32,
    /// A start is waiting for the browser's voices; a second press adds nothing.
    waiting_for_voices: bool,
}

fn rate(slow: bool) -> f32 {
    if slow {
        speech::SLOW_RATE
    } else {
        speech::NORMAL_RATE
    }
}

/// Queues every piece from `from` on, replacing whatever was queued.
fn speak_from(
    synthesis: &SpeechSynthesis,
    session: &RefCell<Session>,
    from: usize,
    slow: bool,
    on_event: &js_sys::Function,
) {
    synthesis.cancel();
    // A paused synthesis stays paused after `cancel`, and would not say the new pieces.
    synthesis.resume();
    let utterances: Vec<SpeechSynthesisUtterance> = {
        let mut session = session.borrow_mut();
        let from = from.min(session.pieces.len());
        session.current = from;
        session.utterances = session.pieces[from..]
            .iter()
            .filter_map(|piece| {
                speech::utterance(
                    piece,
                    session.lang,
                    session.voice.as_ref(),
                    rate(slow),
                    on_event,
                )
            })
            .collect();
        session.utterances.clone()
    };
    // No borrow is held here: a browser may call `on_event` from inside `speak`.
    for utterance in &utterances {
        synthesis.speak(utterance);
    }
}

/// Forgets the reading and silences it. True if something was being read.
fn silence(session: &RefCell<Session>) -> bool {
    let was_reading = !std::mem::take(&mut session.borrow_mut().utterances).is_empty();
    if was_reading && let Some(synthesis) = speech::synthesis() {
        synthesis.cancel();
    }
    was_reading
}

#[hook]
pub fn use_read_aloud() -> ReadAloud {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let reading = use_state(|| Reading::Idle);
    // The saved speed is read once the page runs (never while rendering, which the server
    // does too): it shows only once reading has started.
    let slow = use_state(|| false);
    {
        let slow = slow.setter();
        use_effect_with((), move |()| slow.set(prefs::slow_speech_saved()));
    }
    let problem = use_state(|| None::<ReadAloudProblem>);
    let session = use_mut_ref(Session::default);

    // One handler for every utterance's start, end and error. It is handed to JavaScript's
    // garbage collector, so an event that arrives late never calls freed Rust code.
    // Made on the first reading, never while rendering (the server renders pages too).
    let on_event = {
        let made = use_mut_ref(|| None::<js_sys::Function>);
        let session = session.clone();
        let reading = reading.setter();
        let announcer = announcer.clone();
        Rc::new(move || {
            let (session, reading, announcer) =
                (session.clone(), reading.clone(), announcer.clone());
            let make = move || {
                let handler = move |event: web_sys::Event| {
                    let Some(target) = event.target().map(wasm_bindgen::JsValue::from) else {
                        return;
                    };
                    let finished = {
                        let mut session = session.borrow_mut();
                        let Some(index) = session.utterances.iter().position(|utterance| {
                            utterance.unchecked_ref::<wasm_bindgen::JsValue>() == &target
                        }) else {
                            return;
                        };
                        let last = index + 1 == session.utterances.len();
                        match event.type_().as_str() {
                            "start" => {
                                session.current = index;
                                None
                            }
                            "end" if last => Some(session.finished.clone()),
                            "error" if !was_interrupted(&event) => Some(String::new()),
                            _ => None,
                        }
                    };
                    if let Some(message) = finished {
                        session.borrow_mut().utterances.clear();
                        reading.set(Reading::Idle);
                        if !message.is_empty() {
                            announcer.announce_polite(message);
                        }
                    }
                };
                Closure::<dyn FnMut(web_sys::Event)>::new(handler)
                    .into_js_value()
                    .unchecked_into::<js_sys::Function>()
            };
            made.borrow_mut().get_or_insert_with(make).clone()
        })
    };

    // Chrome loads its voices on first request: ask early, so they are there on the click.
    use_effect_with((), |()| {
        if let Some(synthesis) = speech::synthesis() {
            let _ = synthesis.get_voices();
        }
    });

    // A new page or language: what was being read no longer matches the screen.
    {
        let session = session.clone();
        let reading = reading.setter();
        let problem = problem.setter();
        let path = use_location().map(|location| location.path().to_owned());
        use_effect_with((path, i18n.lang_tag()), move |_| {
            move || {
                session.borrow_mut().generation += 1;
                silence(&session);
                reading.set(Reading::Idle);
                problem.set(None);
            }
        });
    }

    let act = {
        let reading = reading.clone();
        let slow = slow.clone();
        let problem = problem.clone();
        Callback::from(move |action: Action| {
            let Some(synthesis) = speech::synthesis() else {
                problem.set(Some(ReadAloudProblem::NotSupported));
                announcer.announce_polite(i18n.t(ReadAloudProblem::NotSupported.message_key()));
                return;
            };
            match action {
                Action::Start(region) => {
                    let begin = {
                        let i18n = i18n.clone();
                        let announcer = announcer.clone();
                        let problem = problem.clone();
                        let reading = reading.clone();
                        let session = session.clone();
                        let on_event = on_event.clone();
                        let slow = *slow;
                        move |synthesis: SpeechSynthesis| {
                            let Ok(voice) = speech::voice_for(&synthesis, i18n.lang_tag()) else {
                                problem.set(Some(ReadAloudProblem::NoVoice));
                                announcer.announce_polite(
                                    i18n.t(ReadAloudProblem::NoVoice.message_key()),
                                );
                                return;
                            };
                            problem.set(None);
                            {
                                let mut session = session.borrow_mut();
                                session.pieces = speech::pieces(&speech::text_of(region));
                                session.lang = i18n.lang_tag();
                                session.voice = voice;
                                session.finished = i18n.t("read-aloud-finished");
                            }
                            speak_from(&synthesis, &session, 0, slow, &on_event());
                            reading.set(Reading::Speaking);
                            announcer.announce_polite(i18n.t("read-aloud-started"));
                        }
                    };
                    if synthesis.get_voices().length() > 0 {
                        begin(synthesis);
                        return;
                    }
                    // No voices yet: Chromium may still be loading them.
                    let generation = {
                        let mut session = session.borrow_mut();
                        if std::mem::replace(&mut session.waiting_for_voices, true) {
                            return;
                        }
                        session.generation
                    };
                    let session = session.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        speech::voices_loaded(&synthesis).await;
                        let still_here = {
                            let mut session = session.borrow_mut();
                            session.waiting_for_voices = false;
                            session.generation == generation
                        };
                        if still_here {
                            begin(synthesis);
                        }
                    });
                }
                Action::Pause => {
                    synthesis.pause();
                    reading.set(Reading::Paused);
                    announcer.announce_polite(i18n.t("read-aloud-paused"));
                }
                Action::Resume => {
                    synthesis.resume();
                    reading.set(Reading::Speaking);
                    announcer.announce_polite(i18n.t("read-aloud-resumed"));
                }
                Action::Stop => {
                    silence(&session);
                    reading.set(Reading::Idle);
                    announcer.announce_polite(i18n.t("read-aloud-stopped"));
                }
                Action::ReadSlowly(next) => {
                    prefs::save_slow_speech(next);
                    slow.set(next);
                    if *reading != Reading::Idle {
                        let current = session.borrow().current;
                        speak_from(&synthesis, &session, current, next, &on_event());
                        reading.set(Reading::Speaking);
                    }
                    let key = if next {
                        "read-aloud-slow-on"
                    } else {
                        "read-aloud-slow-off"
                    };
                    announcer.announce_polite(i18n.t(key));
                }
            }
        })
    };

    ReadAloud {
        reading: *reading,
        slow: *slow,
        problem: *problem,
        act,
    }
}

/// `cancel()` and a new reading end the old pieces with these errors: not a failure.
fn was_interrupted(event: &web_sys::Event) -> bool {
    js_sys::Reflect::get(event, &"error".into())
        .ok()
        .and_then(|error| error.as_string())
        .is_some_and(|error| error == "interrupted" || error == "canceled")
}
