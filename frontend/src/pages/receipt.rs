use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{CopyButton, PageTitle};
use crate::filing_form::ServedReceipt;
use crate::i18n::{I18n, use_i18n};
use crate::page_start::{use_device_ready, use_page_start};
use crate::storage::{self, my_requests};

#[derive(Properties, PartialEq)]
pub struct ReceiptProps {
    pub id: String,
}

/// `/receipt/{id}`: the confirmation. What to keep (case number and query code), by when
/// the case is due, and what happens next. Read from "My requests" on this device, or,
/// after the no-JavaScript form filed it, from what the server read from its case cookie.
#[function_component]
pub fn Receipt(props: &ReceiptProps) -> Html {
    let i18n = use_i18n();
    let start = use_page_start();
    let served = start.receipt.clone().filter(|r| r.case_id == props.id);
    // Once the app runs, a receipt the form filed joins "My requests" on this device, as
    // the app's own filings do; at a service window nothing of a resident is kept.
    let ready = use_device_ready();
    let kept_here = use_state(|| false);
    {
        let kept_here = kept_here.clone();
        use_effect_with((ready, served.clone()), move |(ready, served)| {
            if let Some(served) = served.as_ref().filter(|_| *ready) {
                if !crate::window_mode::active() {
                    remember(served);
                }
                kept_here.set(my_requests::find(&served.case_id).is_some());
            }
        });
    }
    if let Some(served) = &served {
        return served_receipt(&i18n, served, *kept_here);
    }
    let Some(saved) = my_requests::find(&props.id) else {
        return html! {
            <>
                <PageTitle title={i18n.t("receipt-missing-title")} />
                <p>{ i18n.t("receipt-missing-body") }</p>
                <Link<Route> to={Route::Track} classes="button button--primary">{ i18n.t("track-title") }</Link<Route>>
            </>
        };
    };
    html! {
        <>
            <div class="panel">
                <PageTitle title={i18n.t("receipt-title")} />
                <p class="panel__service">{ &saved.service_name }</p>
            </div>
            <dl class="receipt">
                <div class="receipt__row">
                    <dt>{ i18n.t("receipt-case-number") }</dt>
                    <dd>
                        <span class="receipt__value" id="receipt-case-id">{ &saved.case_id }</span>
                        <CopyButton text={saved.case_id.clone()} label={i18n.t("receipt-copy-case-number")}
                            done={i18n.t("receipt-case-number-copied")} />
                    </dd>
                </div>
                <div class="receipt__row">
                    <dt>{ i18n.t("receipt-query-code") }</dt>
                    <dd>
                        <span class="receipt__value" id="receipt-query-code">{ &saved.query_code }</span>
                        <CopyButton text={saved.query_code.clone()} label={i18n.t("receipt-copy-query-code")}
                            done={i18n.t("receipt-query-code-copied")} />
                    </dd>
                </div>
                <div class="receipt__row">
                    <dt>{ i18n.t("receipt-due-date") }</dt>
                    <dd>{ saved.due_date.clone().unwrap_or_else(|| i18n.t("receipt-due-date-unknown")) }</dd>
                </div>
            </dl>
            { what_happens_next(&i18n) }
            <p>{ i18n.t("receipt-saved") }</p>
            <div class="button-group">
                <Link<Route> to={Route::Case { id: saved.case_id.clone() }} classes="button button--primary">
                    { i18n.t("receipt-track") }
                </Link<Route>>
                <Link<Route> to={Route::MyRequests} classes="button button--secondary">{ i18n.t("my-requests-title") }</Link<Route>>
            </div>
        </>
    }
}

/// A receipt the form filed, kept in "My requests" (once: a reload changes nothing).
fn remember(served: &ServedReceipt) {
    if my_requests::find(&served.case_id).is_some() {
        return;
    }
    my_requests::add(my_requests::SavedCase {
        case_id: served.case_id.clone(),
        query_code: served.query_code.clone(),
        service_code: served.service_code.clone().unwrap_or_default(),
        service_name: served.service_name.clone().unwrap_or_default(),
        due_date: served.due_date.clone(),
        filed_at: storage::now_ms(),
        sent_with_key: None,
    });
}

/// The receipt the server rendered after the form filed the request (issue 19 item 3): the
/// same facts, without the buttons that need JavaScript (copying), and saying truly where
/// it is kept: nowhere on this device once the browser closes, unless the app runs and
/// keeps it in "My requests" (`kept_here`, said in a status the server sends empty, so the
/// hydrated page is the server's).
fn served_receipt(i18n: &I18n, served: &ServedReceipt, kept_here: bool) -> Html {
    html! {
        <>
            <div class="panel">
                <PageTitle title={i18n.t("receipt-title")} />
                if let Some(name) = served.service_name.clone() {
                    <p class="panel__service">{ name }</p>
                }
            </div>
            <dl class="receipt">
                <div class="receipt__row">
                    <dt>{ i18n.t("receipt-case-number") }</dt>
                    <dd><span class="receipt__value" id="receipt-case-id">{ &served.case_id }</span></dd>
                </div>
                <div class="receipt__row">
                    <dt>{ i18n.t("receipt-query-code") }</dt>
                    <dd><span class="receipt__value" id="receipt-query-code">{ &served.query_code }</span></dd>
                </div>
                <div class="receipt__row">
                    <dt>{ i18n.t("receipt-due-date") }</dt>
                    <dd>{ served.due_date.clone().unwrap_or_else(|| i18n.t("receipt-due-date-unknown")) }</dd>
                </div>
            </dl>
            { what_happens_next(i18n) }
            <p>{ i18n.t("nojs-receipt-kept") }</p>
            <p role="status" aria-live="polite">
                if kept_here {
                    { i18n.t("receipt-saved") }
                }
            </p>
            <div class="button-group">
                <Link<Route> to={Route::Case { id: served.case_id.clone() }} classes="button button--primary">
                    { i18n.t("receipt-track") }
                </Link<Route>>
            </div>
        </>
    }
}

/// What every receipt says after the numbers, whoever drew it (the app or the server).
fn what_happens_next(i18n: &I18n) -> Html {
    html! {
        <>
            <p>{ i18n.t("receipt-keep") }</p>
            <h2>{ i18n.t("receipt-next-heading") }</h2>
            <ol class="plain-list plain-list--numbered">
                <li>{ i18n.t("receipt-next-accept") }</li>
                <li>{ i18n.t("receipt-next-department") }</li>
                <li>{ i18n.t("receipt-next-answer") }</li>
                <li>{ i18n.t("receipt-next-rate") }</li>
            </ol>
        </>
    }
}
