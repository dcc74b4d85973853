use api::{Datatype, ServiceDefinition};
use yew::prelude::*;
use yew_router::prelude::*;

use super::steps::{self, Step};
use super::{StepProps, data_lang, field_error_text};
use crate::app::{FlowQuery, Route};
use crate::components::{BackLink, ErrorSummary, FieldProblem, PageTitle};
use crate::i18n::{I18n, use_i18n};
use crate::outbox::use_outbox;
use crate::storage::contact as contact_store;
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
    let mut questions: Vec<_> = definition
        .attributes
        .iter()
        .filter(|a| a.variable)
        .collect();
    questions.sort_by_key(|a| a.order);
    let question_rows = questions.into_iter().map(|attribute| {
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
            html! { { values[0].replace('T', " ") } }
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
                problems.set(problems_on_pages(&i18n, &definition, &errors));
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
            <BackLink to={route_of(if crate::service_window::active() { Step::AllQuestions } else { Step::Privacy })} />
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
            <p class="saved-note">{ i18n.t(if crate::service_window::active() { "window-file-not-saved-note" } else { "file-saved-note" }) }</p>
        </>
    }
}

/// Errors found on the check page link to the page that asks for each field.
/// Away from its field, each message names it: "Where the noise comes from: Enter this information".
pub fn problems_on_pages(
    i18n: &I18n,
    definition: &ServiceDefinition,
    errors: &[api::FieldError],
) -> Vec<FieldProblem> {
    errors
        .iter()
        .map(|e| {
            let page = Step::for_field(&e.field).map(|step| Route::FileStep {
                code: definition.code.clone(),
                step: step.token(),
            });
            let message = i18n.t_with(
                "file-field-problem",
                &[
                    ("field", field_name(i18n, definition, &e.field).into()),
                    ("problem", field_error_text(i18n, e).into()),
                ],
            );
            FieldProblem {
                target: steps::field_target(&e.field),
                message,
                page,
            }
        })
        .collect()
}

fn field_name(i18n: &I18n, definition: &ServiceDefinition, field: &str) -> String {
    if let Some(code) = field.strip_prefix("attribute.") {
        return definition
            .attributes
            .iter()
            .find(|a| a.code == code)
            .map_or_else(|| code.to_owned(), |a| a.label.clone());
    }
    i18n.t(match field {
        "description" => "file-description-heading",
        "address" | "location" => "file-location-heading",
        "media" => "file-photos-heading",
        "consent" => "file-privacy-heading",
        "consent_read_out" => "window-consent-read-out-legend",
        "contact.phone" => "file-contact-phone",
        "contact.email" => "file-contact-email",
        _ => "file-contact-name",
    })
}
