use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    /// `None` when the page's heading holds the label (a one-question page).
    #[prop_or_default]
    pub label: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<String>,
    #[prop_or_default]
    pub error: Option<String>,
    pub value: String,
    pub oninput: Callback<String>,
    /// A `<textarea>` instead of an `<input>`.
    #[prop_or_default]
    pub multiline: bool,
    #[prop_or(AttrValue::Static("text"))]
    pub input_type: AttrValue,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    /// `lang` of the label and hint when they are the government system's words.
    #[prop_or_default]
    pub lang: Option<AttrValue>,
}

/// A labelled text field with its hint and its error, both tied to it by `aria-describedby`.
#[function_component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let i18n = use_i18n();
    let hint_id = format!("{}-hint", props.id);
    let error_id = format!("{}-error", props.id);
    let described_by: Vec<&str> = [
        props.hint.as_ref().map(|_| hint_id.as_str()),
        props.error.as_ref().map(|_| error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let described_by = (!described_by.is_empty()).then(|| described_by.join(" "));
    let invalid = props.error.as_ref().map(|_| "true");
    let class = classes!(
        if props.multiline { "textarea" } else { "input" },
        props.error.as_ref().map(|_| "input--error")
    );
    let control = if props.multiline {
        let oninput = props.oninput.reform(|event: InputEvent| {
            event.target_unchecked_into::<HtmlTextAreaElement>().value()
        });
        html! {
            <textarea id={props.id.clone()} name={props.id.clone()} {class} rows="6"
                aria-describedby={described_by} aria-invalid={invalid}
                autocomplete={props.autocomplete.clone()}
                value={props.value.clone()} {oninput} />
        }
    } else {
        let oninput = props
            .oninput
            .reform(|event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value());
        html! {
            <input id={props.id.clone()} name={props.id.clone()} {class}
                type={props.input_type.clone()} inputmode={props.inputmode.clone()}
                autocomplete={props.autocomplete.clone()}
                aria-describedby={described_by} aria-invalid={invalid}
                value={props.value.clone()} {oninput} />
        }
    };
    html! {
        <div class={classes!("field", props.error.as_ref().map(|_| "field--error"))}>
            if let Some(label) = props.label.clone() {
                <label class="field__label" for={props.id.clone()} lang={props.lang.clone()}>{ label }</label>
            }
            if let Some(hint) = props.hint.clone() {
                <p id={hint_id.clone()} class="field__hint" lang={props.lang.clone()}>{ hint }</p>
            }
            if let Some(error) = props.error.clone() {
                <p id={error_id.clone()} class="field__error">
                    <span class="visually-hidden">{ i18n.t("journey-error-prefix") }</span>{ error }
                </p>
            }
            { control }
        </div>
    }
}
