use yew::prelude::*;

use crate::api_client::ClientError;
use crate::components::{ErrorSummary, FieldProblem, PageHeading, TextField, error_text};
use crate::i18n::use_i18n;
use crate::service_window::{self, use_clerk_desk};

/// A clerk signs in with their id and password. Too many wrong passwords lock the account
/// (and this computer) for a while; the message says how long.
#[function_component]
pub fn ClerkSignInPage() -> Html {
    let i18n = use_i18n();
    let desk = use_clerk_desk();
    let ending = use_state(service_window::take_ending);
    let clerk_id = use_state(String::new);
    let password = use_state(String::new);
    let problems = use_state(Vec::<FieldProblem>::new);
    let busy = use_state(|| false);
    let onsubmit = {
        let (clerk_id, password, problems, busy) = (
            clerk_id.clone(),
            password.clone(),
            problems.clone(),
            busy.clone(),
        );
        let i18n = i18n.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            let mut missing = Vec::new();
            if clerk_id.trim().is_empty() {
                missing.push(FieldProblem::on_page(
                    "clerk-id".into(),
                    i18n.t("window-sign-in-id-missing"),
                ));
            }
            if password.is_empty() {
                missing.push(FieldProblem::on_page(
                    "clerk-password".into(),
                    i18n.t("window-sign-in-password-missing"),
                ));
            }
            if !missing.is_empty() {
                problems.set(missing);
                return;
            }
            let Some(desk) = desk.clone() else { return };
            busy.set(true);
            let (id, secret) = (clerk_id.trim().to_owned(), (*password).clone());
            let (problems, busy, password, i18n) = (
                problems.clone(),
                busy.clone(),
                password.clone(),
                i18n.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(error) = desk.sign_in(&id, &secret).await {
                    busy.set(false);
                    password.set(String::new());
                    problems.set(vec![FieldProblem::on_page(
                        "clerk-password".into(),
                        sign_in_problem(&i18n, &error),
                    )]);
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
            <PageHeading title="window-sign-in-title" heading="window-sign-in-title" />
            if let Some(ending) = *ending {
                <p class="notice" role="status">{ i18n.t(ending.message_key()) }</p>
            }
            <p class="lead">{ i18n.t("window-sign-in-intro") }</p>
            <form class="lookup" novalidate={true} {onsubmit}>
                <TextField id="clerk-id" label={Some(AttrValue::from(i18n.t("window-sign-in-id")))}
                    autocomplete={Some(AttrValue::Static("username"))}
                    error={error_at("clerk-id")} value={(*clerk_id).clone()}
                    oninput={let clerk_id = clerk_id.clone(); Callback::from(move |v: String| clerk_id.set(v))} />
                <TextField id="clerk-password" label={Some(AttrValue::from(i18n.t("window-sign-in-password")))}
                    input_type={AttrValue::Static("password")}
                    autocomplete={Some(AttrValue::Static("current-password"))}
                    error={error_at("clerk-password")} value={(*password).clone()}
                    oninput={let password = password.clone(); Callback::from(move |v: String| password.set(v))} />
                <button type="submit" class="button button--primary" aria-disabled={busy.then_some("true")}>
                    { i18n.t(if *busy { "window-sign-in-busy" } else { "window-sign-in-button" }) }
                </button>
            </form>
            <p class="hint">{ i18n.t("window-sign-in-no-account") }</p>
        </>
    }
}

/// A sign-in refused: a wrong id or password, or a lock and how long it lasts.
fn sign_in_problem(i18n: &crate::i18n::I18n, error: &ClientError) -> String {
    error_text(i18n, error)
}
