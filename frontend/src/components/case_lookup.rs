use api::CaseView;
use yew::prelude::*;

use crate::api_client::{self, ClientError};
use crate::components::{ErrorSummary, FieldProblem, TextField, error_text};
use crate::i18n::{I18n, use_i18n};
use crate::page_start::{LookupAnswer, use_device_ready, use_page_start};
use crate::storage::case_codes;

/// Where the lookup form posts without JavaScript (the BFF's pages/case_forms.rs).
pub const LOOKUP_ACTION: &str = "/track";

#[derive(Properties, PartialEq)]
pub struct CaseLookupProps {
    /// Known already (the case page asks for the code only).
    #[prop_or_default]
    pub case_id: Option<String>,
    /// The case was found with this code.
    pub found: Callback<CaseView>,
}

/// Case number and query code: the two things a resident needs to see a case. A wrong code
/// and an unknown case answer alike, on purpose.
#[function_component]
pub fn CaseLookup(props: &CaseLookupProps) -> Html {
    let i18n = use_i18n();
    let start = use_page_start();
    // What a lookup posted without JavaScript answered, on the page the server drew first.
    let ready = use_device_ready();
    let page = start.case_page.clone().unwrap_or_default();
    let answer = (!ready).then_some(page.lookup.clone()).flatten();
    let case_id = use_state(|| {
        props
            .case_id
            .clone()
            .or_else(|| answer.as_ref().map(|a| a.case_number.clone()))
            .unwrap_or_default()
    });
    let code = use_state(String::new);
    let problems = use_state(|| {
        answer
            .as_ref()
            .map(|a| answered_problems(&i18n, a))
            .unwrap_or_default()
    });
    let busy = use_state(|| false);
    let onsubmit = {
        let (case_id, code, problems, busy) = (
            case_id.clone(),
            code.clone(),
            problems.clone(),
            busy.clone(),
        );
        let found = props.found.clone();
        let i18n = i18n.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let id = case_id.trim().to_owned();
            // Query codes are Crockford base32, ASCII only; `to_uppercase` would also pull
            // Unicode's case tables into the bundle (about 3 KB brotli).
            let query_code = code.trim().to_ascii_uppercase();
            let mut missing = Vec::new();
            if id.is_empty() {
                missing.push(FieldProblem::on_page(
                    "case-number".into(),
                    i18n.t("track-case-number-missing"),
                ));
            }
            if query_code.is_empty() {
                missing.push(FieldProblem::on_page(
                    "query-code".into(),
                    i18n.t("track-query-code-missing"),
                ));
            }
            if !missing.is_empty() {
                problems.set(missing);
                return;
            }
            busy.set(true);
            let (problems, busy, found, i18n) =
                (problems.clone(), busy.clone(), found.clone(), i18n.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = api_client::case(&id, &query_code, i18n.locale()).await;
                busy.set(false);
                match result {
                    Ok(view) => {
                        case_codes::remember(&view.case_id, &query_code);
                        problems.set(Vec::new());
                        found.emit(view);
                    }
                    Err(error) => problems.set(vec![lookup_problem(&i18n, &error)]),
                }
            });
        })
    };
    let error_at = |target: &str| {
        problems
            .iter()
            .find(|p| p.target == target)
            .map(|p| p.message.clone())
    };
    html! {
        <>
            <ErrorSummary problems={(*problems).clone()} />
            <form class="lookup" method="post" action={LOOKUP_ACTION} novalidate={true} {onsubmit}>
                <input type="hidden" name="form_token" value={page.form_token.clone()} />
                if let Some(id) = props.case_id.clone() {
                    <input type="hidden" name="case-number" value={id} />
                } else {
                    <TextField id="case-number" label={Some(AttrValue::from(i18n.t("track-case-number")))}
                        hint={Some(i18n.t("track-case-number-hint"))}
                        autocomplete={Some(AttrValue::Static("off"))}
                        error={error_at("case-number")} value={(*case_id).clone()}
                        oninput={let case_id = case_id.clone(); Callback::from(move |v: String| case_id.set(v))} />
                }
                <TextField id="query-code" label={Some(AttrValue::from(i18n.t("track-query-code")))}
                    hint={Some(i18n.t("track-query-code-hint"))} autocomplete={Some(AttrValue::Static("off"))}
                    error={error_at("query-code")} value={(*code).clone()}
                    oninput={let code = code.clone(); Callback::from(move |v: String| code.set(v))} />
                <button type="submit" class="button button--primary" aria-disabled={busy.then_some("true")}>
                    { i18n.t(if *busy { "track-looking" } else { "track-button" }) }
                </button>
            </form>
        </>
    }
}

/// What to fix, as the BFF answered a lookup posted without JavaScript.
fn answered_problems(i18n: &I18n, answer: &LookupAnswer) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if answer.expired {
        problems.push(FieldProblem::on_page(
            "query-code".into(),
            i18n.t("case-form-expired"),
        ));
    }
    if answer.missing_number {
        problems.push(FieldProblem::on_page(
            "case-number".into(),
            i18n.t("track-case-number-missing"),
        ));
    }
    if answer.missing_code {
        problems.push(FieldProblem::on_page(
            "query-code".into(),
            i18n.t("track-query-code-missing"),
        ));
    }
    if let Some(error) = &answer.error {
        let error = crate::api_client::from_api_error(error.clone());
        problems.push(lookup_problem(i18n, &error));
    }
    problems
}

/// Every failed lookup points at the code: the field a resident can most often correct.
fn lookup_problem(i18n: &I18n, error: &ClientError) -> FieldProblem {
    FieldProblem::on_page("query-code".into(), error_text(i18n, error))
}
