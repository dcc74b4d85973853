use api::validation::{DatePart, DateTimeParts, read_datetime};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct DateTimeInputProps {
    /// The id of the first box (error summary links land there); the others add `-<part>`.
    pub id: AttrValue,
    /// The question, as the `<legend>`; it may hold the page's `<h1>`.
    pub legend: Html,
    #[prop_or_default]
    pub error: Option<String>,
    /// The answer as kept (see [`DateTimeParts`]).
    pub value: String,
    /// The answer to keep after each keystroke.
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub lang: Option<AttrValue>,
}

/// The day's boxes in the order the language writes a date: day, month, year in English,
/// year, month, day in Chinese. The first box's id (and name) is the question's own, so an
/// error summary's link lands on it.
pub fn date_order(locale: api::Locale) -> [DatePart; 3] {
    if locale == api::Locale::En {
        [DatePart::Day, DatePart::Month, DatePart::Year]
    } else {
        [DatePart::Year, DatePart::Month, DatePart::Day]
    }
}

/// A date and time as the GOV.UK date-input pattern asks for it: one box each for year,
/// month, day, hour and minute, each with its own visible label, in a fieldset whose
/// legend is the question. Plain text boxes with a numeric keyboard: no picker to learn,
/// nothing half-typed turned into an empty value, and what is typed is kept as typed so
/// the error can say what is missing. A whole date typed or pasted into one box
/// ("2025/6/1 20:30", "6月1日晚上8点") is spread over the boxes.
#[function_component]
pub fn DateTimeInput(props: &DateTimeInputProps) -> Html {
    let i18n = use_i18n();
    // The boxes as typed: the answer kept is the date itself once they make one, and
    // reading the boxes back from it would put a "00" in a minute box not yet reached.
    let boxes = use_state(|| DateTimeParts::from_answer(&props.value));
    let parts = (*boxes).clone();
    let hint_id = format!("{}-hint", props.id);
    let error_id = format!("{}-error", props.id);
    let described_by = match &props.error {
        Some(_) => format!("{hint_id} {error_id}"),
        None => hint_id.clone(),
    };
    let date_order = date_order(i18n.locale());
    let first = date_order[0];
    let missing = props
        .error
        .as_ref()
        .map(|_| parts.missing())
        .unwrap_or_default();
    let part_box = |part: DatePart| {
        let id = if part == first {
            props.id.to_string()
        } else {
            format!("{}-{}", props.id, part.token())
        };
        let oninput = {
            let parts = parts.clone();
            let boxes = boxes.clone();
            props.onchange.reform(move |event: InputEvent| {
                let typed = event.target_unchecked_into::<HtmlInputElement>().value();
                let this_year = js_sys::Date::new_0().get_full_year() as i32;
                let whole = typed
                    .contains(|c: char| !c.is_ascii_digit())
                    .then(|| read_datetime(&typed, Some(this_year)))
                    .flatten();
                let next = match whole {
                    Some(reading) => DateTimeParts::of(&reading),
                    None => {
                        let mut next = parts.clone();
                        next.set(part, typed);
                        next
                    }
                };
                boxes.set(next.clone());
                next.to_answer()
            })
        };
        // A box in error is marked when the error is about it, or all when none is named.
        let in_error = props.error.is_some() && (missing.is_empty() || missing.contains(&part));
        html! {
            <div class={classes!("date-input__item", format!("date-input__item--{}", part.token()))}>
                <label class="field__label date-input__label" for={id.clone()}>
                    { i18n.t(&format!("date-part-{}", part.token())) }
                </label>
                <input id={id.clone()} name={id} type="text" inputmode="numeric"
                    class={classes!("input", "date-input__input", in_error.then_some("input--error"))}
                    aria-invalid={in_error.then_some("true")}
                    value={parts.get(part).to_owned()} {oninput} />
            </div>
        }
    };
    html! {
        <div class={classes!("field", props.error.as_ref().map(|_| "field--error"))}>
            <fieldset class="fieldset" aria-describedby={described_by}>
                <legend class="fieldset__legend" lang={props.lang.clone()}>{ props.legend.clone() }</legend>
                <p id={hint_id.clone()} class="field__hint">{ i18n.t("file-datetime-hint") }</p>
                if let Some(error) = props.error.clone() {
                    <p id={error_id.clone()} class="field__error">
                        <span class="visually-hidden">{ i18n.t("journey-error-prefix") }</span>{ error }
                    </p>
                }
                <div class="date-input">
                    <div class="date-input__group">{ for date_order.into_iter().map(&part_box) }</div>
                    <div class="date-input__group">{ for [DatePart::Hour, DatePart::Minute].into_iter().map(&part_box) }</div>
                </div>
            </fieldset>
        </div>
    }
}
