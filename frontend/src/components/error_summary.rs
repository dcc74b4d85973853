use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::{FlowQuery, Route};
use crate::i18n::use_i18n;

/// One problem to fix: the id of the field it is about, and the message.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldProblem {
    pub target: String,
    pub message: String,
    /// The page that asks for the field, when it is not this one.
    pub page: Option<Route>,
}

impl FieldProblem {
    pub fn on_page(target: String, message: String) -> FieldProblem {
        FieldProblem {
            target,
            message,
            page: None,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    pub problems: Vec<FieldProblem>,
}

/// The GOV.UK error summary: at the top of the form, focused when it appears, each
/// problem a link that moves focus to its field.
#[function_component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    let i18n = use_i18n();
    let summary = use_node_ref();
    {
        let summary = summary.clone();
        use_effect_with(props.problems.clone(), move |problems| {
            if !problems.is_empty()
                && let Some(element) = summary.cast::<web_sys::HtmlElement>()
            {
                let _ = element.focus();
            }
        });
    }
    if props.problems.is_empty() {
        return Html::default();
    }
    html! {
        <div ref={summary} class="error-summary" role="alert" tabindex="-1"
             aria-labelledby="error-summary-title">
            <h2 id="error-summary-title" class="error-summary__title">{ i18n.t("journey-error-summary-title") }</h2>
            <ul class="error-summary__list">
                { for props.problems.iter().map(|problem| {
                    if let Some(page) = problem.page.clone() {
                        return html! {
                            <li>
                                <Link<Route, FlowQuery> to={page} query={Some(FlowQuery::from_check())}>
                                    { &problem.message }
                                </Link<Route, FlowQuery>>
                            </li>
                        };
                    }
                    let target = problem.target.clone();
                    let onclick = Callback::from(move |event: MouseEvent| {
                        event.prevent_default();
                        focus_field(&target);
                    });
                    html! {
                        <li><a href={format!("#{}", problem.target)} {onclick}>{ &problem.message }</a></li>
                    }
                }) }
            </ul>
        </div>
    }
}

/// Moves focus to a field (or the first control of a group) and brings it into view.
pub fn focus_field(id: &str) {
    let document = gloo::utils::document();
    let Some(element) = document.get_element_by_id(id) else {
        return;
    };
    element.scroll_into_view();
    if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element) {
        let _ = element.focus();
    }
}
