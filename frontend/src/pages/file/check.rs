use api::{Datatype, ServiceDefinition};
use yew::prelude::*;
use yew_router::prelude::*;

use super::steps::{self, Step};
use super::{StepProps, data_lang, field_error_text};
use crate::app::{FlowQuery, Route};
use crate::components::{BackLink, ErrorSummary, FieldProblem, PageTitle};
use crate::hooks::use_outbox;
use crate::i18n::{I18n, use_i18n};
use crate::storage::contact as contact_store;
use crate::storage::drafts::Draft;
use crate::storage::outbox::OutboxEntry;

/// "Check your answers": every answer with a link to change it, then send.
#[function_component]
pub fn CheckStep(props: &StepProps) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let outbox = use_outbox();
    let problems = use_state(Vec::<FieldProblem>::new);
    let definition = props.definition.clone();
    let draft = &props.draft;
    let code = definition.code.clone();
    let (contact, _) = contact_store::load();
    let contact = contact_store::normalized(&contact);
    let lang = data_lang(&i18n);
    let route_of = |step: Step| Route::FileStep {
        code: code.clone(),
        step: step.token(),
    };
    // The link's hidden words repeat the row's name, in its own language (the service's
    // questions are the government system's words).
    let row = |key: Html, value: Html, step: Step| {
        html! {
            <div class="summary-list__row">
                <dt class="summary-list__key">{ key.clone() }</dt>
                <dd class="summary-list__value">{ value }</dd>
                <dd class="summary-list__actions">
                    <Link<Route, FlowQuery> to={route_of(step)} query={Some(FlowQuery::from_check())}>
                        { i18n.t("file-change") }<span class="visually-hidden">{ " " }{ key }</span>
                    </Link<Route, FlowQuery>>
                </dd>
            </div>
        }
    };
    let not_given = || html! { <span class="muted">{ i18n.t("file-not-given") }</span> };
    let question_rows = definition.questions().into_iter().map(|attribute| {
        let values = draft.values(&attribute.code);
        let value = if values.is_empty() {
            not_given()
        } else if attribute.datatype.is_list() {
            let names: Vec<String> = values
                .iter()
                .map(|v| {
                    attribute
                        .values
                        .iter()
                        .find(|o| &o.key == v)
                        .map_or_else(|| v.clone(), |o| o.name.clone())
                })
                .collect();
            html! { <span lang={lang.clone()}>{ names.join(i18n.t("file-list-separator").as_str()) }</span> }
        } else if attribute.datatype == Datatype::Datetime {
            html! { { datetime_shown(&i18n, &values[0]) } }
        } else {
            html! { { values[0].clone() } }
        };
        row(
            html! { <span lang={lang.clone()}>{ &attribute.label }</span> },
            value,
            Step::Question(attribute.code.clone()),
        )
    });
    let location = {
        let mut parts = Vec::new();
        if !draft.address.trim().is_empty() {
            parts.push(html! { <p class="summary-list__line">{ draft.address.trim() }</p> });
        }
        if let Some((lat, long)) = draft.position {
            parts.push(html! {
                <p class="summary-list__line">{ i18n.t_with("file-location-kept", &[
                    ("lat", format!("{lat:.5}").into()),
                    ("long", format!("{long:.5}").into()),
                ]) }</p>
            });
        }
        if parts.is_empty() {
            not_given()
        } else {
            parts.into_iter().collect::<Html>()
        }
    };
    let contact_value = match &contact {
        None => html! { { i18n.t("file-anonymous") } },
        // In full, at a service window too: the clerk reads them back to the resident, so
        // that a wrong digit is caught while the resident is there.
        Some(c) => html! {
            <>
                { for [&c.name, &c.phone, &c.email].into_iter().flatten().map(|part| html! {
                    <p class="summary-list__line">{ part }</p>
                }) }
            </>
        },
    };
    let send = {
        let problems = problems.clone();
        let definition = definition.clone();
        let draft = draft.clone();
        let navigator = navigator.clone();
        let outbox = outbox.clone();
        let i18n = i18n.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let (contact, _) = contact_store::load();
            let request = steps::request(
                &draft,
                contact_store::normalized(&contact),
                i18n.locale(),
                &definition,
            );
            let errors = steps::all_errors(&request, &definition);
            if !errors.is_empty() {
                problems.set(problems_for_draft(
                    &i18n,
                    &definition,
                    Some(&draft),
                    &errors,
                ));
                return;
            }
            let key = draft.idempotency_key.clone();
            outbox.submit(OutboxEntry {
                key: key.clone(),
                request,
                service_name: definition.name.clone(),
                queued_at: crate::storage::now_ms(),
            });
            if let Some(navigator) = &navigator {
                navigator.push(&Route::Sending { key });
            }
        })
    };
    let heading = i18n.t("file-check-heading");
    html! {
        <>
            <BackLink to={route_of(if crate::window_mode::active() { Step::AllQuestions } else { Step::Privacy })} />
            <p class="caption" lang={lang.clone()}>{ &definition.name }</p>
            <ErrorSummary problems={(*problems).clone()} />
            <PageTitle title={heading} />
            <dl class="summary-list">
                { for question_rows }
                { row(html! { { i18n.t("file-description-heading") } },
                      if draft.description.trim().is_empty() { not_given() } else { html! { <p class="summary-list__text">{ draft.description.trim() }</p> } },
                      Step::Description) }
                { row(html! { { i18n.t("file-location-heading") } }, location, Step::Location) }
                { row(html! { { i18n.t("file-photos-heading") } },
                      if draft.photos.is_empty() { not_given() } else {
                          html! { { i18n.t_with("file-photos-count", &[("count", draft.photos.len().into())]) } }
                      },
                      Step::Photos) }
                { row(html! { { i18n.t("file-contact-heading") } }, contact_value, Step::Contact) }
                { row(html! { { i18n.t("file-privacy-heading") } },
                      html! { { i18n.t(if draft.consent { "file-privacy-agreed" } else { "file-privacy-not-agreed" }) } },
                      Step::Privacy) }
            </dl>
            <h2>{ i18n.t("file-send-heading") }</h2>
            <p>{ i18n.t("file-send-body") }</p>
            <form onsubmit={send}>
                <button type="submit" class="button button--primary">{ i18n.t("file-send-button") }</button>
            </form>
            <p class="saved-note">{ i18n.t(if crate::window_mode::active() { "window-file-not-saved-note" } else { "file-saved-note" }) }</p>
        </>
    }
}

/// Errors found on the check page link to the page that asks for each field; each
/// message names its field, so it reads well away from it.
pub fn problems_on_pages(
    i18n: &I18n,
    definition: &ServiceDefinition,
    errors: &[api::FieldError],
) -> Vec<FieldProblem> {
    problems_for_draft(i18n, definition, None, errors)
}

/// As [`problems_on_pages`], with the draft's answers (a date's boxes say what is missing).
pub fn problems_for_draft(
    i18n: &I18n,
    definition: &ServiceDefinition,
    draft: Option<&Draft>,
    errors: &[api::FieldError],
) -> Vec<FieldProblem> {
    errors
        .iter()
        .map(|e| {
            let page = Step::for_field(&e.field).map(|step| Route::FileStep {
                code: definition.code.clone(),
                step: step.token(),
            });
            FieldProblem {
                target: steps::field_target(&e.field),
                message: field_error_text(i18n, definition, draft, e),
                page,
            }
        })
        .collect()
}

/// A date and time answer as the resident reads it back: `2025-06-01 20:30`, the day
/// alone, or a word that it is not finished (the send button then says what is missing).
fn datetime_shown(i18n: &I18n, answer: &str) -> String {
    match api::validation::DateTimeParts::from_answer(answer).reading() {
        Some(reading) => {
            let answer = reading.answer();
            crate::components::display_time(&answer)
        }
        None => i18n.t("file-datetime-unfinished"),
    }
}
