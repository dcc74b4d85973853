//! The service catalogue and each service's questions, read once per language and kept
//! for the page's life, so that moving between a form's pages never waits on the network.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use api::{Locale, ServiceDefinition, ServiceList};
use yew::prelude::*;

use crate::api_client::{self, ClientError};
use crate::i18n::use_i18n;
use crate::page_start::{PageStart, use_page_start};
use crate::storage::drafts;

#[derive(Clone, Debug, PartialEq)]
pub enum Loadable<T> {
    Loading,
    Loaded(T),
    Failed(ClientError),
}

thread_local! {
    static SERVICES: RefCell<HashMap<Locale, Rc<ServiceList>>> = RefCell::default();
    static DEFINITIONS: RefCell<HashMap<(String, Locale), Rc<ServiceDefinition>>> = RefCell::default();
}

/// What the server rendered the page with (issue 19) is the cache's first entry: the
/// hydrating render shows the same catalogue, and no second request asks for it. (The
/// effects below find it cached and fetch nothing.)
fn prepared_catalogue(start: &PageStart, locale: Locale) -> Option<Rc<ServiceList>> {
    let list = start
        .catalogue
        .as_ref()
        .filter(|list| list.locale == locale)?;
    let list = Rc::new(list.clone());
    // Kept for the page's life in the browser only: a server's thread serves everyone.
    #[cfg(target_arch = "wasm32")]
    SERVICES.with(|s| s.borrow_mut().insert(locale, list.clone()));
    Some(list)
}

fn prepared_definition(start: &PageStart, key: &(String, Locale)) -> Option<Rc<ServiceDefinition>> {
    let definition = start.definition.as_ref().filter(|d| d.code == key.0)?;
    if start.language().locale() != key.1 {
        return None;
    }
    let definition = Rc::new(definition.clone());
    #[cfg(target_arch = "wasm32")]
    DEFINITIONS.with(|d| d.borrow_mut().insert(key.clone(), definition.clone()));
    Some(definition)
}

/// The catalogue in the page's language, and a way to try again after a failure.
#[hook]
pub fn use_catalogue() -> (Loadable<Rc<ServiceList>>, Callback<MouseEvent>) {
    let locale = use_i18n().locale();
    let start = use_page_start();
    let cached = SERVICES
        .with(|s| s.borrow().get(&locale).cloned())
        .or_else(|| prepared_catalogue(&start, locale));
    let state = use_state(|| Loadable::Loading);
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with((locale, *attempt), move |(locale, _)| {
            let current = Rc::new(std::cell::Cell::new(true));
            let locale = *locale;
            if SERVICES.with(|s| !s.borrow().contains_key(&locale)) {
                state.set(Loadable::Loading);
                let still_current = current.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let result = api_client::services(locale).await;
                    if still_current.get() {
                        state.set(match result {
                            Ok(list) => {
                                let list = Rc::new(list);
                                SERVICES.with(|s| s.borrow_mut().insert(locale, list.clone()));
                                Loadable::Loaded(list)
                            }
                            Err(error) => Loadable::Failed(error),
                        });
                    }
                });
            }
            move || current.set(false)
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1))
    };
    match cached {
        Some(list) => (Loadable::Loaded(list), retry),
        None => ((*state).clone(), retry),
    }
}

/// One service's definition in the page's language. Without a connection, the copy kept
/// with the resident's draft stands in, so a half-written request can still be finished.
#[hook]
pub fn use_definition(code: &str) -> (Loadable<Rc<ServiceDefinition>>, Callback<MouseEvent>) {
    let locale = use_i18n().locale();
    let key = (code.to_owned(), locale);
    let start = use_page_start();
    let cached = DEFINITIONS
        .with(|d| d.borrow().get(&key).cloned())
        .or_else(|| prepared_definition(&start, &key));
    let state = use_state(|| Loadable::Loading);
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with((key, *attempt), move |(key, _)| {
            let current = Rc::new(std::cell::Cell::new(true));
            if DEFINITIONS.with(|d| !d.borrow().contains_key(key)) {
                state.set(Loadable::Loading);
                let still_current = current.clone();
                let key = key.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let result = api_client::service(&key.0, key.1).await;
                    if !still_current.get() {
                        return;
                    }
                    state.set(match result {
                        Ok(definition) => {
                            let definition = Rc::new(definition);
                            DEFINITIONS.with(|d| d.borrow_mut().insert(key, definition.clone()));
                            Loadable::Loaded(definition)
                        }
                        Err(error) => match drafts::load(&key.0).and_then(|d| d.definition) {
                            Some(saved) if error.is_transient() => Loadable::Loaded(Rc::new(saved)),
                            _ => Loadable::Failed(error),
                        },
                    });
                });
            }
            move || current.set(false)
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1))
    };
    match cached {
        Some(definition) => (Loadable::Loaded(definition), retry),
        None => ((*state).clone(), retry),
    }
}
