use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::use_i18n;

/// One choice: its value and its words.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Properties, PartialEq)]
pub struct ChoiceGroupProps {
    /// The id of the first choice (error summary links land there); the others add `-<n>`.
    pub id: AttrValue,
    /// The question, as the `<legend>`; it may hold the page's `<h1>`.
    pub legend: Html,
    #[prop_or_default]
    pub hint: Option<String>,
    #[prop_or_default]
    pub error: Option<String>,
    pub choices: Vec<Choice>,
    pub selected: Vec<String>,
    /// Checkboxes (any number) instead of radios (one).
    #[prop_or_default]
    pub multiple: bool,
    pub onchange: Callback<Vec<String>>,
    #[prop_or_default]
    pub lang: Option<AttrValue>,
}

/// Radios or checkboxes in a fieldset whose legend asks the question.
#[function_component]
pub fn ChoiceGroup(props: &ChoiceGroupProps) -> Html {
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
    let kind = if props.multiple { "checkbox" } else { "radio" };
    html! {
        <div class={classes!("field", props.error.as_ref().map(|_| "field--error"))}>
            <fieldset class="fieldset" aria-describedby={described_by}>
                <legend class="fieldset__legend" lang={props.lang.clone()}>{ props.legend.clone() }</legend>
                if let Some(hint) = props.hint.clone() {
                    <p id={hint_id.clone()} class="field__hint" lang={props.lang.clone()}>{ hint }</p>
                }
                if let Some(error) = props.error.clone() {
                    <p id={error_id.clone()} class="field__error">
                        <span class="visually-hidden">{ i18n.t("journey-error-prefix") }</span>{ error }
                    </p>
                }
                <div class={classes!("choices", props.multiple.then_some("choices--multiple"))}>
                    { for props.choices.iter().enumerate().map(|(index, choice)| {
                        let id = if index == 0 { props.id.to_string() } else { format!("{}-{}", props.id, index + 1) };
                        let checked = props.selected.contains(&choice.value);
                        let onchange = {
                            let value = choice.value.clone();
                            let selected = props.selected.clone();
                            let multiple = props.multiple;
                            props.onchange.reform(move |event: Event| {
                                let on = event.target_unchecked_into::<HtmlInputElement>().checked();
                                if !multiple {
                                    return vec![value.clone()];
                                }
                                let mut next: Vec<String> = selected.iter().filter(|v| **v != value).cloned().collect();
                                if on {
                                    next.push(value.clone());
                                }
                                next
                            })
                        };
                        html! {
                            <div class="choice">
                                <input class="choice__input" type={kind} id={id.clone()} name={props.id.clone()}
                                    value={choice.value.clone()} {checked} {onchange} />
                                <label class="choice__label" for={id} lang={props.lang.clone()}>{ &choice.label }</label>
                            </div>
                        }
                    }) }
                </div>
            </fieldset>
        </div>
    }
}
