use yew::prelude::*;

use crate::prefs;

/// Elderly mode (长辈模式): larger text and targets, stronger contrast, fewer things on
/// each page. Remembered on this device.
#[derive(Clone)]
pub struct ElderlyMode {
    on: bool,
    set: Callback<bool>,
}

impl PartialEq for ElderlyMode {
    fn eq(&self, other: &ElderlyMode) -> bool {
        self.on == other.on
    }
}

impl ElderlyMode {
    pub fn is_on(&self) -> bool {
        self.on
    }

    pub fn toggle(&self) {
        self.set.emit(!self.on);
    }
}

#[hook]
pub fn use_elderly_mode() -> ElderlyMode {
    use_context::<ElderlyMode>().expect("components render inside ElderlyModeProvider")
}

#[derive(Properties, PartialEq)]
pub struct ElderlyModeProviderProps {
    pub children: Html,
}

/// Starts from the mode the page was rendered in (the server read it from its cookie and
/// wrote `<html data-mode>`) and keeps `<html data-mode>`, the cookie and the saved choice
/// in step.
#[function_component]
pub fn ElderlyModeProvider(props: &ElderlyModeProviderProps) -> Html {
    let start = crate::page_start::use_page_start();
    let on = use_state(|| start.elderly);
    use_effect_with(*on, |on| prefs::apply_elderly_mode(*on));
    let set = {
        let on = on.clone();
        Callback::from(move |next: bool| {
            prefs::save_elderly_mode(next);
            on.set(next);
        })
    };
    let context = ElderlyMode { on: *on, set };
    html! {
        <ContextProvider<ElderlyMode> {context}>
            { props.children.clone() }
        </ContextProvider<ElderlyMode>>
    }
}
