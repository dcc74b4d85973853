use api::Field;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use super::{DraftChange, StepProps};
use crate::components::{PageTitle, TextField};
use crate::hooks::use_announcer;
use crate::i18n::use_i18n;

/// What "use my location" came to.
#[derive(Clone, Debug, PartialEq)]
enum Locating {
    Idle,
    Asking,
    /// The Fluent key of why not, said in plain words with what to do instead.
    Refused(&'static str),
}

/// Where the matter is: an address in the resident's words, and/or the device's position.
#[function_component]
pub fn LocationStep(props: &StepProps) -> Html {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let locating = use_state(|| Locating::Idle);
    let change = props.change.clone();
    let oninput = {
        let change = change.clone();
        Callback::from(move |value: String| {
            change.emit(DraftChange::new(move |d| d.address = value.clone()));
        })
    };
    let locate = {
        let locating = locating.clone();
        let change = change.clone();
        let i18n = i18n.clone();
        let announcer = announcer.clone();
        Callback::from(move |_: MouseEvent| {
            locating.set(Locating::Asking);
            let found = {
                let locating = locating.clone();
                let change = change.clone();
                let i18n = i18n.clone();
                let announcer = announcer.clone();
                move |lat: f64, long: f64| {
                    locating.set(Locating::Idle);
                    change.emit(DraftChange::new(move |d| d.position = Some((lat, long))));
                    announcer.announce_polite(i18n.t("file-location-found"));
                }
            };
            let refused = {
                let locating = locating.clone();
                let i18n = i18n.clone();
                let announcer = announcer.clone();
                move |reason: &'static str| {
                    locating.set(Locating::Refused(reason));
                    announcer.announce_polite(i18n.t(reason));
                }
            };
            ask_position(found, refused);
        })
    };
    let forget = {
        let change = change.clone();
        Callback::from(move |_: MouseEvent| {
            change.emit(DraftChange::new(|d| d.position = None));
        })
    };
    let heading = i18n.t("file-location-heading");
    let error = props.error_for(&i18n, &[Field::Address, Field::Location]);
    // At a service window the device's position is the counter's, not the problem's.
    let at_window = crate::window_mode::active();
    html! {
        <>
            <PageTitle title={heading.clone()} />
            <p>{ i18n.t(if at_window { "window-location-intro" } else { "file-location-intro" }) }</p>
            <TextField id="address" label={Some(AttrValue::from(i18n.t("file-address-label")))}
                hint={Some(i18n.t("file-address-hint"))} {error}
                autocomplete={Some(AttrValue::Static("street-address"))}
                value={props.draft.address.clone()} {oninput} />
            if !at_window {
            <div class="locate">
                <h2 class="locate__heading">{ i18n.t("file-locate-heading") }</h2>
                <div class="locate__status">
                    { match (&*locating, props.draft.position) {
                        (Locating::Asking, _) => html! { <p>{ i18n.t("file-locating") }</p> },
                        (Locating::Refused(reason), _) => html! { <p class="locate__refused">{ i18n.t(reason) }</p> },
                        (Locating::Idle, Some((lat, long))) => html! {
                            <p>{ i18n.t_with("file-location-kept", &[
                                ("lat", format!("{lat:.5}").into()),
                                ("long", format!("{long:.5}").into()),
                            ]) }</p>
                        },
                        (Locating::Idle, None) => Html::default(),
                    } }
                </div>
                if props.draft.position.is_some() {
                    <button type="button" class="button" onclick={forget}>{ i18n.t("file-location-remove") }</button>
                } else {
                    <button type="button" class="button" onclick={locate}
                        disabled={*locating == Locating::Asking}>
                        { i18n.t("file-locate-button") }
                    </button>
                }
            </div>
            }
        </>
    }
}

/// Asks the browser for the device's position once. The resident may refuse; then the
/// address they type is enough.
fn ask_position(
    found: impl FnOnce(f64, f64) + 'static,
    refused: impl FnOnce(&'static str) + 'static,
) {
    let Some(geolocation) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        refused("file-location-unsupported");
        return;
    };
    let outcome = std::rc::Rc::new(std::cell::RefCell::new(Some((
        Box::new(found) as Box<dyn FnOnce(f64, f64)>,
        Box::new(refused) as Box<dyn FnOnce(&'static str)>,
    ))));
    let on_found = {
        let outcome = outcome.clone();
        Closure::once_into_js(move |position: JsValue| {
            let coordinate = |name: &str| {
                js_sys::Reflect::get(&position, &"coords".into())
                    .and_then(|coords| js_sys::Reflect::get(&coords, &name.into()))
                    .ok()
                    .and_then(|v| v.as_f64())
            };
            if let Some((found, refused)) = outcome.borrow_mut().take() {
                match (coordinate("latitude"), coordinate("longitude")) {
                    (Some(lat), Some(long)) => found(lat, long),
                    _ => refused("file-location-unavailable"),
                }
            }
        })
    };
    let on_error = {
        let outcome = outcome.clone();
        Closure::once_into_js(move |error: JsValue| {
            let code = js_sys::Reflect::get(&error, &"code".into())
                .ok()
                .and_then(|c| c.as_f64())
                .unwrap_or(2.0) as u32;
            let reason = match code {
                1 => "file-location-denied",
                3 => "file-location-timeout",
                _ => "file-location-unavailable",
            };
            if let Some((_, refused)) = outcome.borrow_mut().take() {
                refused(reason);
            }
        })
    };
    let options = web_sys::PositionOptions::new();
    options.set_enable_high_accuracy(true);
    options.set_timeout(15_000);
    options.set_maximum_age(60_000);
    let asked = geolocation.get_current_position_with_error_callback_and_options(
        on_found.unchecked_ref(),
        Some(on_error.unchecked_ref()),
        &options,
    );
    if asked.is_err()
        && let Some((_, refused)) = outcome.borrow_mut().take()
    {
        refused("file-location-unsupported");
    }
}
