//! `/services/{code}/request`: filing a request without JavaScript (issue 19 item 3).
//! Every question of the service, the description, the place, contact details and the
//! privacy consent on one page, posted to the BFF; then the answers read back with "send"
//! and "change"; then the receipt. Drawn entirely from what the server prepared
//! ([`FilingForm`] in the page's start), so the app hydrating it changes nothing; with
//! JavaScript on the form still posts to the server. The app's own journey (drafts, the
//! outbox, photos) starts from the service page's link, which the app takes over.

use api::{Datatype, ErrorCode, Field, FieldError, ServiceDefinition};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api_client::ClientError;
use crate::app::Route;
use crate::components::{
    Choice, ChoiceGroup, DateTimeInput, ErrorSummary, FieldProblem, PageTitle, TextField,
    error_text, field_error_words,
};
use crate::filing_form::{self as form, Action, FilingForm, Stage};
use crate::i18n::{I18n, use_i18n};
use crate::page_start::use_page_start;
use crate::pages::file::steps;

#[derive(Properties, PartialEq)]
pub struct FileFormProps {
    pub code: String,
}

#[function_component]
pub fn FileForm(props: &FileFormProps) -> Html {
    let i18n = use_i18n();
    let start = use_page_start();
    // Each form names its own address: posted to the page's address instead, a `#fragment`
    // left there by the error summary's links would follow the redirect to the receipt.
    let query = use_location()
        .map(|location| location.query_str().trim_start_matches('?').to_owned())
        .unwrap_or_default();
    let path = Route::FileForm {
        code: props.code.clone(),
    }
    .to_path();
    let action = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    let prepared = start
        .filing_form
        .as_ref()
        .filter(|f| f.service_code == props.code);
    let definition = start.definition.as_ref().filter(|d| d.code == props.code);
    let Some(prepared) = prepared else {
        // Reached inside the app (no server prepared it): the app's own steps.
        return html! { <Redirect<Route> to={Route::Service { code: props.code.clone() }} /> };
    };
    let Some(definition) = definition else {
        return match prepared.stage {
            Stage::Forged => forged(&i18n, &props.code),
            Stage::Unavailable => html! {
                <>
                    <PageTitle title={i18n.t("journey-problem-title")} />
                    <p>{ problem_words(&i18n, prepared) }</p>
                    <p class="link-line"><Link<Route> to={Route::Services}>{ i18n.t("service-all-link") }</Link<Route>></p>
                </>
            },
            _ => html! {
                <>
                    <PageTitle title={i18n.t("not-found-heading")} />
                    <p>{ i18n.t("not-found-body") }</p>
                </>
            },
        };
    };
    let lang = AttrValue::Static(i18n.locale().tag());
    let body = match prepared.stage {
        Stage::Form => questions(&i18n, definition, prepared, &action),
        Stage::Check => check(&i18n, definition, prepared, &action),
        Stage::Stopped => stopped(&i18n, prepared, &action),
        Stage::Refused => refused(&i18n, prepared, &action),
        Stage::Forged => return forged(&i18n, &props.code),
        Stage::Unavailable => html! { <p>{ problem_words(&i18n, prepared) }</p> },
    };
    html! {
        <>
            <p class="caption" lang={lang}>{ &definition.name }</p>
            { body }
        </>
    }
}

/// The hidden fields every post carries: the filing's key and the form's token.
fn hidden(prepared: &FilingForm) -> Html {
    html! {
        <>
            <input type="hidden" name={form::KEY} value={prepared.key.clone()} />
            <input type="hidden" name="form_token" value={prepared.token.clone()} />
        </>
    }
}

/// What was typed, carried by the check page and the pages after it.
fn carried(prepared: &FilingForm) -> Html {
    html! {
        { for prepared.values.iter().map(|(name, value)| html! {
            <input type="hidden" name={name.clone()} value={value.clone()} />
        }) }
    }
}

fn action_button(action: Action, words: String, primary: bool) -> Html {
    let class = if primary {
        "button button--primary"
    } else {
        "button button--secondary"
    };
    html! {
        <button type="submit" {class} name={form::ACTION} value={action.token()}>{ words }</button>
    }
}

fn problem_words(i18n: &I18n, prepared: &FilingForm) -> String {
    let error = ClientError::Api {
        code: prepared.problem.unwrap_or(ErrorCode::InternalError),
        fields: Vec::new(),
        retry_after_secs: prepared.retry_after_secs,
        upstream_message: prepared.upstream_message.clone(),
    };
    error_text(i18n, &error)
}

/// The answer typed for a question, as the words of its error need it (a date's boxes).
fn typed_answer(i18n: &I18n, prepared: &FilingForm, question: &api::Attribute) -> Option<String> {
    match form::answer(&prepared.values, question, i18n.locale())? {
        api::AttributeAnswer::One(value) => Some(value),
        api::AttributeAnswer::Many(values) => values.into_iter().next(),
    }
}

fn error_words(
    i18n: &I18n,
    definition: &ServiceDefinition,
    prepared: &FilingForm,
    error: &FieldError,
) -> String {
    let question = error
        .field
        .attribute_code()
        .and_then(|code| definition.attributes.iter().find(|a| a.code == code));
    // Where the app's words point at what this form has not (the location button), the
    // form's own words.
    let own = format!(
        "nojs-field-error-{}-{}",
        error.field.as_str().replace('.', "-"),
        error.code.as_str()
    );
    if question.is_none() && i18n.has(&own) {
        return i18n.t(&own);
    }
    let answer = question.and_then(|q| typed_answer(i18n, prepared, q));
    field_error_words(i18n, error, question, answer.as_deref())
}

fn error_for(
    i18n: &I18n,
    definition: &ServiceDefinition,
    prepared: &FilingForm,
    fields: &[Field],
) -> Option<String> {
    prepared
        .errors
        .iter()
        .find(|e| fields.contains(&e.field))
        .map(|e| error_words(i18n, definition, prepared, e))
}

/// The form: every question, then description, place, photos (the app's), contact,
/// privacy; at the top what to fix, each a link to its field.
fn questions(
    i18n: &I18n,
    definition: &ServiceDefinition,
    prepared: &FilingForm,
    action: &str,
) -> Html {
    let lang = AttrValue::Static(i18n.locale().tag());
    let problems: Vec<FieldProblem> = prepared
        .errors
        .iter()
        .map(|e| {
            FieldProblem::on_page(
                steps::field_target(&e.field),
                error_words(i18n, definition, prepared, e),
            )
        })
        .collect();
    let optional = i18n.t("journey-optional");
    let label_of = |question: &api::Attribute| {
        if question.required {
            question.label.clone()
        } else {
            format!("{}{optional}", question.label)
        }
    };
    let question_fields = definition.questions().into_iter().map(|question| {
        let id = form::attribute_field(&question.code);
        let error = error_for(i18n, definition, prepared, &[Field::attribute(&question.code)]);
        let label = label_of(question);
        let field = match question.datatype {
            Datatype::SingleValueList | Datatype::MultiValueList => {
                let multiple = question.datatype == Datatype::MultiValueList;
                let choices = question
                    .values
                    .iter()
                    .map(|v| Choice {
                        value: v.key.clone(),
                        label: v.name.clone(),
                    })
                    .collect::<Vec<_>>();
                let hint = question
                    .hint
                    .clone()
                    .or_else(|| multiple.then(|| i18n.t("file-choose-all-hint")));
                html! {
                    <ChoiceGroup id={id.clone()} legend={html! { { label } }} {hint} {error} {choices}
                        selected={prepared.all(&id)} {multiple} onchange={Callback::noop()}
                        lang={Some(lang.clone())} />
                }
            }
            Datatype::Datetime => {
                let value = form::date_parts(&prepared.values, &question.code, i18n.locale()).to_answer();
                html! {
                    <DateTimeInput id={id.clone()} legend={html! { { label } }} {error}
                        lang={Some(lang.clone())} {value} onchange={Callback::noop()} />
                }
            }
            datatype => {
                let inputmode = (datatype == Datatype::Number).then_some(AttrValue::Static("decimal"));
                html! {
                    <TextField id={id.clone()} label={Some(AttrValue::from(label))}
                        hint={question.hint.clone()} {error} lang={Some(lang.clone())}
                        multiline={datatype == Datatype::Text} {inputmode}
                        value={prepared.one(&id)} oninput={Callback::noop()} />
                }
            }
        };
        html! { <div class="form-part" key={id}>{ field }</div> }
    });
    let consent_error = error_for(i18n, definition, prepared, &[Field::Consent]);
    html! {
        <>
            <ErrorSummary problems={problems} />
            <PageTitle title={i18n.t("nojs-file-heading")} />
            if prepared.expired {
                <div class="notice"><p>{ i18n.t("nojs-file-expired") }</p></div>
            }
            <p>{ i18n.t("nojs-file-intro") }</p>
            <form class="step-form" method="post" action={action.to_owned()} novalidate={true}>
                { hidden(prepared) }
                if !definition.questions().is_empty() {
                    <h2>{ i18n.t("nojs-file-questions-heading") }</h2>
                    { for question_fields }
                }
                <h2>{ i18n.t("file-description-heading") }</h2>
                <TextField id={form::DESCRIPTION} multiline=true
                    label={Some(AttrValue::from(i18n.t("nojs-file-description-label")))}
                    hint={Some(i18n.t_with("file-description-hint",
                        &[("min", api::validation::limits::DESCRIPTION_MIN_CHARS.into())]))}
                    error={error_for(i18n, definition, prepared, &[Field::Description])}
                    value={prepared.one(form::DESCRIPTION)} oninput={Callback::noop()} />
                <h2>{ i18n.t("file-location-heading") }</h2>
                <TextField id={form::ADDRESS} label={Some(AttrValue::from(i18n.t("file-address-label")))}
                    hint={Some(i18n.t("file-address-hint"))}
                    error={error_for(i18n, definition, prepared, &[Field::Address, Field::Location])}
                    autocomplete={Some(AttrValue::Static("street-address"))}
                    value={prepared.one(form::ADDRESS)} oninput={Callback::noop()} />
                <h2>{ i18n.t("nojs-file-photos-heading") }</h2>
                <p>{ i18n.t("nojs-file-photos-body") }</p>
                <h2>{ i18n.t("file-contact-heading") }</h2>
                <p>{ i18n.t("file-contact-intro") }</p>
                <p>{ i18n.t("file-contact-anonymous") }</p>
                <TextField id={form::CONTACT_NAME} label={Some(AttrValue::from(i18n.t("file-contact-name")))}
                    autocomplete={Some(AttrValue::Static("name"))}
                    error={error_for(i18n, definition, prepared, &[Field::ContactName])}
                    value={prepared.one(form::CONTACT_NAME)} oninput={Callback::noop()} />
                <TextField id={form::CONTACT_PHONE} label={Some(AttrValue::from(i18n.t("file-contact-phone")))}
                    hint={Some(i18n.t("file-contact-phone-hint"))}
                    input_type={AttrValue::Static("tel")} inputmode={Some(AttrValue::Static("tel"))}
                    autocomplete={Some(AttrValue::Static("tel"))}
                    error={error_for(i18n, definition, prepared, &[Field::ContactPhone])}
                    value={prepared.one(form::CONTACT_PHONE)} oninput={Callback::noop()} />
                <TextField id={form::CONTACT_EMAIL} label={Some(AttrValue::from(i18n.t("file-contact-email")))}
                    input_type={AttrValue::Static("email")} autocomplete={Some(AttrValue::Static("email"))}
                    error={error_for(i18n, definition, prepared, &[Field::ContactEmail])}
                    value={prepared.one(form::CONTACT_EMAIL)} oninput={Callback::noop()} />
                <h2>{ i18n.t("file-privacy-heading") }</h2>
                <ul class="plain-list">
                    <li>{ i18n.t("file-privacy-use") }</li>
                    <li>{ i18n.t("file-privacy-who") }</li>
                    <li>{ i18n.t("file-privacy-tracking") }</li>
                    <li>{ i18n.t("nojs-file-privacy-device") }</li>
                </ul>
                <div class={classes!("field", consent_error.as_ref().map(|_| "field--error"))}>
                    if let Some(error) = consent_error.clone() {
                        <p id="consent-error" class="field__error">
                            <span class="visually-hidden">{ i18n.t("journey-error-prefix") }</span>{ error }
                        </p>
                    }
                    <div class="choice">
                        <input class="choice__input" type="checkbox" id={form::CONSENT} name={form::CONSENT}
                            value={form::CONSENT_GIVEN}
                            aria-describedby={consent_error.as_ref().map(|_| "consent-error")}
                            aria-invalid={consent_error.as_ref().map(|_| "true")}
                            checked={prepared.one(form::CONSENT) == form::CONSENT_GIVEN} />
                        <label class="choice__label" for={form::CONSENT}>{ i18n.t("file-privacy-agree") }</label>
                    </div>
                </div>
                { action_button(Action::Check, i18n.t("file-continue"), true) }
            </form>
        </>
    }
}

/// The answers read back before sending.
fn check(i18n: &I18n, definition: &ServiceDefinition, prepared: &FilingForm, action: &str) -> Html {
    let lang = AttrValue::Static(i18n.locale().tag());
    let request = form::request(&prepared.values, definition, i18n.locale());
    let not_given = || html! { <span class="muted">{ i18n.t("file-not-given") }</span> };
    let row = |key: Html, value: Html| {
        html! {
            <div class="summary-list__row">
                <dt class="summary-list__key">{ key }</dt>
                <dd class="summary-list__value">{ value }</dd>
            </div>
        }
    };
    let question_rows = definition.questions().into_iter().map(|question| {
        let value = match request.attributes.get(&question.code) {
            None => not_given(),
            Some(answer) => {
                let values: Vec<String> = match answer {
                    api::AttributeAnswer::One(v) => vec![v.clone()],
                    api::AttributeAnswer::Many(vs) => vs.clone(),
                };
                if question.datatype.is_list() {
                    let names: Vec<String> = values
                        .iter()
                        .map(|v| {
                            question
                                .values
                                .iter()
                                .find(|o| &o.key == v)
                                .map_or_else(|| v.clone(), |o| o.name.clone())
                        })
                        .collect();
                    html! { <span lang={lang.clone()}>{ names.join(i18n.t("file-list-separator").as_str()) }</span> }
                } else if question.datatype == Datatype::Datetime {
                    let shown = api::validation::DateTimeParts::from_answer(&values[0])
                        .reading()
                        .map(|r| crate::components::display_time(&r.answer()))
                        .unwrap_or_else(|| i18n.t("file-datetime-unfinished"));
                    html! { { shown } }
                } else {
                    html! { { values[0].clone() } }
                }
            }
        };
        row(html! { <span lang={lang.clone()}>{ &question.label }</span> }, value)
    });
    let contact = match &request.contact {
        None => html! { { i18n.t("file-anonymous") } },
        Some(c) => html! {
            <>
                { for [&c.name, &c.phone, &c.email].into_iter().flatten().map(|part| html! {
                    <p class="summary-list__line">{ part }</p>
                }) }
            </>
        },
    };
    html! {
        <>
            <PageTitle title={i18n.t("file-check-heading")} />
            <dl class="summary-list">
                { for question_rows }
                { row(html! { { i18n.t("file-description-heading") } },
                      html! { <p class="summary-list__text">{ request.description.clone() }</p> }) }
                { row(html! { { i18n.t("file-location-heading") } },
                      html! { <p class="summary-list__line">{ request.location.address.clone().unwrap_or_default() }</p> }) }
                { row(html! { { i18n.t("file-photos-heading") } }, not_given()) }
                { row(html! { { i18n.t("file-contact-heading") } }, contact) }
                { row(html! { { i18n.t("file-privacy-heading") } }, html! { { i18n.t("file-privacy-agreed") } }) }
            </dl>
            <h2>{ i18n.t("file-send-heading") }</h2>
            <p>{ i18n.t("file-send-body") }</p>
            <form method="post" action={action.to_owned()}>
                { hidden(prepared) }
                { carried(prepared) }
                <div class="button-group">
                    { action_button(Action::Send, i18n.t("file-send-button"), true) }
                    { action_button(Action::Change, i18n.t("nojs-file-change"), false) }
                </div>
            </form>
        </>
    }
}

/// Not sent, or not known to be: the same key again finds the case if the city has it.
fn stopped(i18n: &I18n, prepared: &FilingForm, action: &str) -> Html {
    html! {
        <>
            <PageTitle title={i18n.t("sending-stopped-title")} />
            <div class="notice notice--error">
                <p>{ problem_words(i18n, prepared) }</p>
                <p>{ i18n.t("nojs-file-stopped-body") }</p>
            </div>
            <form method="post" action={action.to_owned()}>
                { hidden(prepared) }
                { carried(prepared) }
                <div class="button-group">
                    { action_button(Action::Send, i18n.t("sending-retry"), true) }
                    { action_button(Action::Change, i18n.t("nojs-file-change"), false) }
                </div>
            </form>
        </>
    }
}

/// Refused: the answers must change; or the city may have it and cannot say, so nothing
/// is sent again and the resident asks 12345.
fn refused(i18n: &I18n, prepared: &FilingForm, action: &str) -> Html {
    let unverifiable = prepared.problem == Some(ErrorCode::SubmissionUnverifiable);
    html! {
        <>
            <PageTitle title={i18n.t("sending-refused-title")} />
            <div class="notice notice--error">
                <p>{ problem_words(i18n, prepared) }</p>
                <p>{ i18n.t(if unverifiable { "nojs-file-refused-call" } else { "sending-refused-body" }) }</p>
            </div>
            if !unverifiable {
                <form method="post" action={action.to_owned()}>
                    { hidden(prepared) }
                    { carried(prepared) }
                    { action_button(Action::Change, i18n.t("nojs-file-change"), true) }
                </form>
            }
        </>
    }
}

fn forged(i18n: &I18n, code: &str) -> Html {
    html! {
        <>
            <PageTitle title={i18n.t("nojs-form-forged-title")} />
            <p>{ i18n.t("nojs-form-forged-body") }</p>
            <p class="link-line">
                <Link<Route> to={Route::Service { code: code.to_owned() }}>{ i18n.t("nojs-form-forged-link") }</Link<Route>>
            </p>
        </>
    }
}
