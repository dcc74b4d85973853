use api::DueStatus;
use yew::prelude::*;

use crate::i18n::use_i18n;

#[derive(Properties, PartialEq)]
pub struct DueStatusProps {
    pub due: Option<DueStatus>,
    /// A closed case is no longer running against its time limit.
    pub closed: bool,
}

/// Whether the case is on time (办理时限), and how many working days remain.
#[function_component]
pub fn DueStatusLine(props: &DueStatusProps) -> Html {
    let i18n = use_i18n();
    let Some(due) = &props.due else {
        return html! { <p class="due">{ i18n.t("case-due-unknown") }</p> };
    };
    let date = i18n.t_with("case-due-date", &[("date", due.due_date.clone().into())]);
    if props.closed {
        return html! { <p class="due">{ date }</p> };
    }
    let (class, words) = if due.overdue {
        (
            "due due--overdue",
            i18n.t_with(
                "case-overdue",
                &[("days", due.working_days_left.unsigned_abs().into())],
            ),
        )
    } else if due.working_days_left == 0 {
        ("due", i18n.t("case-due-today"))
    } else {
        (
            "due",
            i18n.t_with("case-days-left", &[("days", due.working_days_left.into())]),
        )
    };
    html! {
        <p class={class}>
            <strong>{ if due.overdue { i18n.t("case-late") } else { i18n.t("case-on-time") } }</strong>
            { " " }{ words }{ " " }{ date }
        </p>
    }
}
