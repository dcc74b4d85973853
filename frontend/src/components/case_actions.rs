use api::validation::{validate_rating, validate_text};
use api::{AddInfo, CaseAction, CaseNote, CaseView, Field, Rating, Stage};
use yew::prelude::*;

use crate::api_client::{self, CaseRequest, ClientError};
use crate::components::{Choice, ChoiceGroup, TextField, error_text, field_error_words};
use crate::hooks::use_announcer;
use crate::i18n::{I18n, use_i18n};
use crate::page_start::ActionAnswer;

/// The field of an action's form that `field` names: its id, and its name in the form the
/// BFF reads without JavaScript (pages/case_forms.rs).
pub fn action_field_id(action: CaseAction, field: &Field) -> String {
    match (action, field) {
        (CaseAction::Rate, Field::Rating) => "action-rating-stars".into(),
        (CaseAction::Rate, _) => "action-rating-comment".into(),
        (CaseAction::AddInfo, _) => "action-info-text".into(),
        (action, _) => format!("action-{}-note", action.token()),
    }
}

/// Where an action's form posts without JavaScript: the case's own page.
fn case_address(id: &str) -> String {
    use yew_router::Routable;
    crate::app::Route::Case { id: id.to_owned() }.to_path()
}

#[derive(Properties, PartialEq)]
pub struct CaseActionsProps {
    pub view: CaseView,
    pub code: String,
    /// The case as the BFF answered after an action.
    pub updated: Callback<CaseView>,
    /// The action that was just done, for the page's confirmation banner.
    pub done: Callback<CaseAction>,
    /// The forms' hidden token, for a post without JavaScript.
    #[prop_or_default]
    pub form_token: String,
    /// An action's form posted without JavaScript, shown again with what was typed.
    #[prop_or_default]
    pub answer: Option<ActionAnswer>,
}

/// The resident's actions that apply to the case now (`CaseView.actions`), and nothing else.
#[function_component]
pub fn CaseActions(props: &CaseActionsProps) -> Html {
    let i18n = use_i18n();
    let offline = html! { <OfflineActions view={props.view.clone()} /> };
    if props.view.actions.is_empty() && !props.view.offline_actions.is_empty() {
        return html! {
            <section class="case-actions" aria-labelledby="actions-heading">
                <h2 id="actions-heading">{ i18n.t("case-actions-heading") }</h2>
                { offline }
            </section>
        };
    }
    if props.view.actions.is_empty() {
        return html! {
            <section class="case-actions" aria-labelledby="actions-heading">
                <h2 id="actions-heading">{ i18n.t("case-actions-heading") }</h2>
                <p>{ i18n.t(match props.view.stage {
                    Stage::Withdrawn => "case-actions-none-withdrawn",
                    Stage::NotAccepted => "case-actions-none-not-accepted",
                    _ => "case-actions-none",
                }) }</p>
            </section>
        };
    }
    html! {
        <section class="case-actions" aria-labelledby="actions-heading">
            <h2 id="actions-heading">{ i18n.t("case-actions-heading") }</h2>
            { for props.view.actions.iter().map(|action| html! {
                <ActionForm action={*action} view={props.view.clone()} code={props.code.clone()}
                    updated={props.updated.clone()} done={props.done.clone()}
                    form_token={props.form_token.clone()}
                    answer={props.answer.clone().filter(|answer| answer.action == *action)} />
            }) }
            { offline }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct OfflineActionsProps {
    view: CaseView,
}

/// The actions that apply now but that the city's system takes only by phone
/// (`CaseView.offline_actions`): how to do each, with the case number to give.
#[function_component]
fn OfflineActions(props: &OfflineActionsProps) -> Html {
    let i18n = use_i18n();
    if props.view.offline_actions.is_empty() {
        return html! {};
    }
    let case = props.view.case_id.clone();
    html! {
        <div class="case-offline-actions">
            <h3>{ i18n.t("case-offline-heading") }</h3>
            <ul>
                { for props.view.offline_actions.iter().map(|action| html! {
                    <li>{ i18n.t_with(&format!("case-offline-{}", action.token()),
                        &[("case", case.clone().into())]) }</li>
                }) }
            </ul>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ActionFormProps {
    action: CaseAction,
    view: CaseView,
    code: String,
    updated: Callback<CaseView>,
    done: Callback<CaseAction>,
    form_token: String,
    answer: Option<ActionAnswer>,
}

#[function_component]
fn ActionForm(props: &ActionFormProps) -> Html {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let answer = props.answer.clone();
    let text = use_state(|| answer.as_ref().map(|a| a.text.clone()).unwrap_or_default());
    let rating = use_state(|| answer.as_ref().and_then(|a| a.rating));
    let confirming = use_state(|| answer.as_ref().is_some_and(|a| a.confirming));
    let busy = use_state(|| false);
    let field_errors = use_state(|| {
        answer
            .as_ref()
            .and_then(|a| a.error.as_ref())
            .map(|e| e.fields.clone())
            .unwrap_or_default()
    });
    let failure = use_state(|| None::<ClientError>);
    let action = props.action;
    let token = action.token();
    let onsubmit = {
        let (text, rating, confirming, busy) = (
            text.clone(),
            rating.clone(),
            confirming.clone(),
            busy.clone(),
        );
        let (field_errors, failure) = (field_errors.clone(), failure.clone());
        let (code, id, updated, done) = (
            props.code.clone(),
            props.view.case_id.clone(),
            props.updated.clone(),
            props.done.clone(),
        );
        let i18n = i18n.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            if action == CaseAction::Withdraw && !*confirming {
                confirming.set(true);
                return;
            }
            let note = (!text.trim().is_empty()).then(|| text.trim().to_owned());
            let (request, errors) = match action {
                CaseAction::AddInfo => (
                    CaseRequest::AddInfo(AddInfo {
                        code: code.clone(),
                        text: text.trim().to_owned(),
                    }),
                    validate_text(Field::Text, &text, true),
                ),
                CaseAction::Urge => (
                    CaseRequest::Urge(CaseNote {
                        code: code.clone(),
                        note: note.clone(),
                    }),
                    validate_text(Field::Note, &text, false),
                ),
                CaseAction::Withdraw => (
                    CaseRequest::Withdraw(CaseNote {
                        code: code.clone(),
                        note: note.clone(),
                    }),
                    validate_text(Field::Note, &text, false),
                ),
                CaseAction::Rate => {
                    let stars = rating.unwrap_or(0);
                    (
                        CaseRequest::Rate(Rating {
                            code: code.clone(),
                            rating: stars,
                            comment: note.clone(),
                        }),
                        validate_rating(stars, note.as_deref()),
                    )
                }
            };
            if !errors.is_empty() {
                field_errors.set(errors);
                return;
            }
            field_errors.set(Vec::new());
            failure.set(None);
            busy.set(true);
            let (busy, field_errors, failure, updated, id, i18n, text, confirming) = (
                busy.clone(),
                field_errors.clone(),
                failure.clone(),
                updated.clone(),
                id.clone(),
                i18n.clone(),
                text.clone(),
                confirming.clone(),
            );
            let (announcer, done) = (announcer.clone(), done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = api_client::act(&id, &request, i18n.locale()).await;
                busy.set(false);
                confirming.set(false);
                match result {
                    Ok(view) => {
                        text.set(String::new());
                        // Said once, by the page's banner taking focus; not the live region too.
                        updated.emit(view);
                        done.emit(action);
                    }
                    Err(error) if !error.fields().is_empty() => {
                        field_errors.set(error.fields().to_vec())
                    }
                    Err(error) => {
                        announcer.announce_assertive(error_text(&i18n, &error));
                        failure.set(Some(error));
                    }
                }
            });
        })
    };
    let error_for = |field: Field| {
        field_errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| field_error_words(&i18n, e, None, None))
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |v: String| text.set(v))
    };
    let heading_id = format!("action-{token}-heading");
    // A link back to the case without JavaScript; in the app it just leaves the question.
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            confirming.set(false);
        })
    };
    let address = case_address(&props.view.case_id);
    let fields = match action {
        CaseAction::AddInfo => html! {
            <>
                if props.view.stage == Stage::NeedsInfo {
                    <p class="notice">{ i18n.t("case-info-asked") }</p>
                }
                <TextField id="action-info-text" multiline=true
                    label={Some(AttrValue::from(i18n.t("case-info-label")))}
                    hint={Some(i18n.t("case-info-hint"))} error={error_for(Field::Text)}
                    value={(*text).clone()} oninput={on_text} />
            </>
        },
        CaseAction::Urge | CaseAction::Withdraw => html! {
            <>
                <p>{ i18n.t(&format!("case-{token}-body")) }</p>
                <TextField id={format!("action-{token}-note")} multiline=true
                    label={Some(AttrValue::from(i18n.t(&format!("case-{token}-note-label"))))}
                    error={error_for(Field::Note)} value={(*text).clone()} oninput={on_text} />
            </>
        },
        CaseAction::Rate => {
            let rating_handle = rating.clone();
            let onchange = Callback::from(move |chosen: Vec<String>| {
                rating_handle.set(chosen.first().and_then(|v| v.parse().ok()));
            });
            let choices: Vec<Choice> = (1..=5u8)
                .rev()
                .map(|stars| Choice {
                    value: stars.to_string(),
                    label: i18n.t(&format!("case-rating-{stars}")),
                })
                .collect();
            html! {
                <>
                    <ChoiceGroup id="action-rating-stars"
                        legend={html! { { i18n.t("case-rating-question") } }}
                        error={error_for(Field::Rating)} {choices}
                        selected={rating.map(|r| vec![r.to_string()]).unwrap_or_default()} {onchange} />
                    <TextField id="action-rating-comment" multiline=true
                        label={Some(AttrValue::from(i18n.t("case-rating-comment")))}
                        error={error_for(Field::Comment)} value={(*text).clone()} oninput={on_text} />
                </>
            }
        }
    };
    html! {
        <section class="case-action" aria-labelledby={heading_id.clone()}>
            <h3 id={heading_id}>{ i18n.t(&format!("action-{token}")) }</h3>
            if let Some(error) = &*failure {
                <div class="notice notice--error"><p>{ error_text(&i18n, error) }</p></div>
            }
            <form method="post" action={address.clone()} novalidate={true} {onsubmit}>
                <input type="hidden" name="form_token" value={props.form_token.clone()} />
                <input type="hidden" name="action" value={token} />
                { fields }
                if *confirming {
                    <p class="notice notice--warning" role="alert">{ i18n.t("case-withdraw-confirm") }</p>
                    <div class="button-group">
                        <button type="submit" name="confirm" value="yes" class="button button--warning">{ i18n.t("case-withdraw-yes") }</button>
                        <a href={address} class="button button--secondary" onclick={cancel}>{ i18n.t("case-withdraw-no") }</a>
                    </div>
                } else {
                    <button type="submit" class={classes!("button", submit_class(action))}
                        aria-disabled={busy.then_some("true")}>
                        { submit_words(&i18n, action, *busy) }
                    </button>
                }
            </form>
        </section>
    }
}

fn submit_class(action: CaseAction) -> &'static str {
    match action {
        CaseAction::Withdraw => "button--warning",
        _ => "button--primary",
    }
}

fn submit_words(i18n: &I18n, action: CaseAction, busy: bool) -> String {
    if busy {
        return i18n.t("case-action-sending");
    }
    i18n.t(&format!("case-{}-submit", action.token()))
}
