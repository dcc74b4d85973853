use api::{AttributeAnswer, Datatype, Field};
use yew::prelude::*;

use super::{DraftChange, StepProps, data_lang};
use crate::components::{Choice, ChoiceGroup, DateTimeInput, PageTitle, TextField};
use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct QuestionProps {
    pub code: String,
    pub step: StepProps,
}

/// One of the service's own questions, with the control its datatype calls for.
#[function_component]
pub fn QuestionStep(props: &QuestionProps) -> Html {
    let i18n = use_i18n();
    let step = &props.step;
    let Some(attribute) = step
        .definition
        .attributes
        .iter()
        .find(|a| a.code == props.code)
    else {
        return Html::default();
    };
    let lang = data_lang(&i18n);
    let id = format!("attribute-{}", attribute.code);
    let error = step.error_for(&i18n, &[Field::attribute(&attribute.code)]);
    let optional = (!attribute.required).then(|| i18n.t("journey-optional"));
    let heading = html! {
        <>
            <span lang={lang.clone()}>{ &attribute.label }</span>
            if let Some(optional) = optional.clone() {
                <span class="optional">{ optional }</span>
            }
        </>
    };
    let title = match &optional {
        Some(optional) => format!("{}{optional}", attribute.label),
        None => attribute.label.clone(),
    };
    let values = step.draft.values(&attribute.code);
    let code = attribute.code.clone();
    match attribute.datatype {
        Datatype::SingleValueList | Datatype::MultiValueList => {
            let multiple = attribute.datatype == Datatype::MultiValueList;
            let order: Vec<String> = attribute.values.iter().map(|v| v.key.clone()).collect();
            let change = step.change.clone();
            let onchange = Callback::from(move |mut chosen: Vec<String>| {
                // Answers in the order the question lists them, whatever order they were ticked in.
                crate::sorting::sort_by_key(&mut chosen, |v| order.iter().position(|o| o == v));
                let code = code.clone();
                change.emit(DraftChange::new(move |d| {
                    let answer = if multiple {
                        AttributeAnswer::Many(chosen.clone())
                    } else {
                        AttributeAnswer::One(chosen.first().cloned().unwrap_or_default())
                    };
                    d.set_answer(&code, answer);
                }));
            });
            let choices = attribute
                .values
                .iter()
                .map(|v| Choice {
                    value: v.key.clone(),
                    label: v.name.clone(),
                })
                .collect::<Vec<_>>();
            let legend = html! { <PageTitle title={title}>{ heading }</PageTitle> };
            let hint = attribute
                .hint
                .clone()
                .or_else(|| multiple.then(|| i18n.t("file-choose-all-hint")));
            html! {
                <ChoiceGroup id={id} {legend} {hint} {error} {choices} selected={values}
                    {multiple} {onchange} lang={Some(lang)} />
            }
        }
        Datatype::Datetime => {
            let change = step.change.clone();
            let onchange = Callback::from(move |answer: String| {
                let code = code.clone();
                change.emit(DraftChange::new(move |d| {
                    d.set_answer(&code, AttributeAnswer::One(answer.clone()));
                }));
            });
            // The city's hint describes the wire format (`2025-06-01T20:30:00+08:00`), not
            // what to type in the boxes; the boxes bring their own.
            let legend = html! { <PageTitle title={title}>{ heading }</PageTitle> };
            html! {
                <DateTimeInput id={id} {legend} {error} lang={Some(lang)}
                    value={values.first().cloned().unwrap_or_default()} {onchange} />
            }
        }
        datatype => {
            let change = step.change.clone();
            let oninput = Callback::from(move |value: String| {
                let code = code.clone();
                change.emit(DraftChange::new(move |d| {
                    d.set_answer(&code, AttributeAnswer::One(value.clone()));
                }));
            });
            let (input_type, inputmode) = match datatype {
                Datatype::Number => ("text", Some(AttrValue::Static("decimal"))),
                _ => ("text", None),
            };
            let hint = attribute.hint.clone();
            html! {
                <>
                    <PageTitle title={title}>
                        <label for={id.clone()}>{ heading }</label>
                    </PageTitle>
                    <TextField id={id} {hint} {error} lang={Some(lang)}
                        multiline={datatype == Datatype::Text}
                        input_type={AttrValue::Static(input_type)} {inputmode}
                        value={values.first().cloned().unwrap_or_default()} {oninput} />
                </>
            }
        }
    }
}
