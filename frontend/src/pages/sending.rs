use api::ErrorCode;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api_client::ClientError;
use crate::app::Route;
use crate::components::{ErrorSummary, PageTitle, error_text};
use crate::hooks::{Delivery, Loadable, use_announcer, use_definition, use_outbox};
use crate::i18n::{I18n, use_i18n};
use crate::pages::file::problems_on_pages;
use crate::pages::file::steps::Step;
use crate::storage::{drafts, my_requests, outbox};

#[derive(Properties, PartialEq)]
pub struct SendingProps {
    /// The submission's idempotency key.
    pub submission: String,
}

/// `/sending/{key}`: what is happening to a submission, in plain words, until the BFF
/// confirms it; then the receipt.
#[function_component]
pub fn Sending(props: &SendingProps) -> Html {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let navigator = use_navigator();
    let outbox_state = use_outbox();
    let delivery = outbox_state.state.delivery(&props.submission).cloned();
    let queued = outbox::find(&props.submission);
    let sent_before = my_requests::find_by_key(&props.submission);
    {
        // Sent: on to the receipt, in place of this page in the history.
        let case_id = match (&delivery, &sent_before) {
            (Some(Delivery::Sent(receipt)), _) => Some(receipt.case_id.clone()),
            (_, Some(saved)) => Some(saved.case_id.clone()),
            _ => None,
        };
        use_effect_with(case_id, move |case_id| {
            if let (Some(id), Some(navigator)) = (case_id, navigator) {
                navigator.replace(&Route::Receipt { id: id.clone() });
            }
        });
    }
    {
        let words = delivery.as_ref().map(|d| say(&i18n, d));
        use_effect_with(words, move |words| {
            if let Some(words) = words {
                announcer.announce_polite(words.clone());
            }
        });
    }
    let retry = {
        let outbox_state = outbox_state.clone();
        Callback::from(move |_: MouseEvent| outbox_state.retry_now())
    };
    let stop = {
        let outbox_state = outbox_state.clone();
        let submission = props.submission.clone();
        let version = use_state(|| 0u32);
        Callback::from(move |_: MouseEvent| {
            outbox_state.cancel(&submission);
            version.set(*version + 1);
        })
    };
    let service_code = queued
        .as_ref()
        .map(|e| e.request.service_code.clone())
        .or_else(|| {
            drafts::list()
                .into_iter()
                .find(|d| d.idempotency_key == props.submission)
                .map(|d| d.service_code)
        });
    let body = match (&delivery, &queued) {
        (Some(Delivery::Refused(error)), _) => html! {
            <>
                <PageTitle title={i18n.t("sending-refused-title")} />
                if let Some(code) = service_code.clone() {
                    <RefusedFields {code} error={error.clone()} />
                }
                <div class="notice notice--error">
                    <p>{ error_text(&i18n, error) }</p>
                    <p>{ i18n.t(where_kept_key(refusal_advice(error))) }</p>
                </div>
                if let (Some(code), true) = (service_code.clone(), refusal_is_fixable(error)) {
                    <Link<Route> to={Route::FileStep { code, step: Step::Check.token() }} classes="button button--primary">
                        { i18n.t("sending-check-answers") }
                    </Link<Route>>
                }
            </>
        },
        (Some(Delivery::Stopped(error)), Some(_)) => html! {
            <>
                <PageTitle title={i18n.t("sending-stopped-title")} />
                <div class="notice notice--error">
                    <p>{ error_text(&i18n, error) }</p>
                    <p>{ i18n.t(where_kept_key("sending-stopped-body")) }</p>
                </div>
                <div class="button-group">
                    <button type="button" class="button button--primary" onclick={retry.clone()}>{ i18n.t("sending-retry") }</button>
                    <button type="button" class="button button--secondary" onclick={stop.clone()}>{ i18n.t("sending-stop") }</button>
                </div>
            </>
        },
        (Some(Delivery::Sent(_)), _) => {
            html! { <PageTitle title={i18n.t("sending-done-title")} /> }
        }
        (delivery, Some(_)) => {
            let waiting = !matches!(delivery, None | Some(Delivery::Sending));
            html! {
                <>
                    <PageTitle title={i18n.t(if waiting { "sending-waiting-title" } else { "sending-title" })} />
                    <div class="notice" aria-busy={(!waiting).then_some("true")}>
                        <p>{ delivery.as_ref().map_or_else(|| i18n.t("sending-now"), |d| say(&i18n, d)) }</p>
                    </div>
                    <p>{ i18n.t(where_kept_key("sending-kept")) }</p>
                    if waiting {
                        <div class="button-group">
                            <button type="button" class="button button--primary" onclick={retry}>{ i18n.t("sending-retry") }</button>
                            <button type="button" class="button button--secondary" onclick={stop}>{ i18n.t("sending-stop") }</button>
                        </div>
                    }
                </>
            }
        }
        (_, None) => html! {
            <>
                <PageTitle title={i18n.t("sending-nothing-title")} />
                <p>{ i18n.t("sending-nothing-body") }</p>
                if let Some(code) = service_code.clone() {
                    <p>
                        <Link<Route> to={Route::FileStep { code, step: Step::Check.token() }} classes="button button--primary">
                            { i18n.t("sending-check-answers") }
                        </Link<Route>>
                    </p>
                }
                <p class="link-line">
                    <Link<Route> to={Route::MyRequests}>{ i18n.t("my-requests-title") }</Link<Route>>
                </p>
            </>
        },
    };
    html! { <>{ body }</> }
}

/// The state of a submission in one sentence.
fn say(i18n: &I18n, delivery: &Delivery) -> String {
    match delivery {
        Delivery::Sending => i18n.t("sending-now"),
        Delivery::Offline => i18n.t(where_kept_key("sending-offline")),
        Delivery::Retrying { error, in_secs } => format!(
            "{} {}",
            error_text(i18n, error),
            i18n.t_with("sending-retry-in", &[("seconds", (*in_secs).into())])
        ),
        Delivery::Refused(error) | Delivery::Stopped(error) => error_text(i18n, error),
        Delivery::Sent(_) => i18n.t("sending-done-title"),
    }
}

/// Whether changing the answers can get a refused request through; otherwise the resident
/// is sent to the hotline, draft kept.
fn refusal_is_fixable(error: &ClientError) -> bool {
    error.code() != Some(ErrorCode::SubmissionUnverifiable)
}

/// What to do about a refusal, in one sentence.
/// Words that say where the request is kept: on the resident's phone, or, at a service
/// window, on the page alone (nothing of a resident is stored on the counter's computer).
fn where_kept_key(on_a_phone: &'static str) -> &'static str {
    if !crate::window_mode::active() {
        return on_a_phone;
    }
    match on_a_phone {
        "sending-offline" => "window-sending-offline",
        "sending-kept" => "window-sending-kept",
        "sending-stopped-body" => "window-sending-stopped-body",
        "sending-refused-call" => "window-sending-refused-call",
        other => other,
    }
}

fn refusal_advice(error: &ClientError) -> &'static str {
    if refusal_is_fixable(error) {
        "sending-refused-body"
    } else {
        "sending-refused-call"
    }
}

#[derive(Properties, PartialEq)]
struct RefusedFieldsProps {
    code: String,
    error: ClientError,
}

/// The fields the BFF refused, each linking to the page that asks for it.
#[function_component]
fn RefusedFields(props: &RefusedFieldsProps) -> Html {
    let i18n = use_i18n();
    let (definition, _) = use_definition(&props.code);
    match definition {
        Loadable::Loaded(definition) if !props.error.fields().is_empty() => html! {
            <ErrorSummary problems={problems_on_pages(&i18n, &definition, props.error.fields())} />
        },
        _ => Html::default(),
    }
}
