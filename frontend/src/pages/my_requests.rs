use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::PageTitle;
use crate::hooks::{use_announcer, use_outbox};
use crate::i18n::use_i18n;
use crate::page_start::{use_device_ready, use_page_start};
use crate::pages::file::steps;
use crate::storage::{self, contact, drafts, my_requests, outbox};

/// `/my-requests`: everything the journeys keep on this device, and one place to clear it.
#[function_component]
pub fn MyRequests() -> Html {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let _outbox = use_outbox();
    // Bumped after every change, so the lists are read again from storage.
    let version = use_state(|| 0u32);
    let confirming = use_state(|| false);
    // The device's lists, once the page runs in the browser: the server (and the first,
    // hydrating frame) show the page as for a device that keeps nothing.
    let ready = use_device_ready();
    let (cases, drafts, pending, remembered) = if ready {
        (
            my_requests::list(),
            drafts::list(),
            outbox::list(),
            contact::is_remembered(),
        )
    } else {
        Default::default()
    };
    // The cases this browser filed or looked up without the app (its session cookie, read
    // by the server): in the first frame as on the server, then after the device's own.
    let start = use_page_start();
    let browser_cases: Vec<String> = start
        .browser_cases
        .iter()
        .filter(|id| !cases.iter().any(|saved| &saved.case_id == *id))
        .cloned()
        .collect();
    let refresh = {
        let version = version.clone();
        move || version.set(*version + 1)
    };
    let nothing = cases.is_empty() && drafts.is_empty() && pending.is_empty() && !remembered;
    let clear = {
        let confirming = confirming.clone();
        let refresh = refresh.clone();
        let announcer = announcer.clone();
        let i18n = i18n.clone();
        Callback::from(move |_: MouseEvent| {
            if !*confirming {
                confirming.set(true);
                return;
            }
            storage::clear_everything();
            confirming.set(false);
            refresh();
            announcer.announce_polite(i18n.t("my-requests-cleared"));
        })
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let forget_contact = {
        let refresh = refresh.clone();
        let announcer = announcer.clone();
        let i18n = i18n.clone();
        Callback::from(move |_: MouseEvent| {
            contact::forget();
            refresh();
            announcer.announce_polite(i18n.t("my-requests-contact-forgotten"));
        })
    };
    html! {
        <>
            <PageTitle title={i18n.t("my-requests-title")} />
            <p class="lead">{ i18n.t("my-requests-intro") }</p>

            <h2>{ i18n.t("my-requests-cases-heading") }</h2>
            if cases.is_empty() && browser_cases.is_empty() {
                <p>{ i18n.t("my-requests-no-cases") }</p>
            } else {
                <ul class="item-list">
                    { for cases.iter().map(|case| {
                        let id = case.case_id.clone();
                        let refresh = refresh.clone();
                        let remove = Callback::from(move |_: MouseEvent| {
                            my_requests::remove(&id);
                            refresh();
                        });
                        html! {
                            <li class="item">
                                <Link<Route> to={Route::Case { id: case.case_id.clone() }}>
                                    { i18n.t_with("my-requests-case-link", &[("id", case.case_id.clone().into())]) }
                                </Link<Route>>
                                <p class="item__meta">{ &case.service_name }</p>
                                <button type="button" class="button button--secondary button--small" onclick={remove}>
                                    { i18n.t_with("my-requests-case-remove", &[("id", case.case_id.clone().into())]) }
                                </button>
                            </li>
                        }
                    }) }
                    { for browser_cases.iter().map(|id| html! {
                        // A page load, not the app's own step: the server holds the code.
                        <li class="item">
                            <a href={Route::Case { id: id.clone() }.to_path()}>
                                { i18n.t_with("my-requests-case-link", &[("id", id.clone().into())]) }
                            </a>
                            <p class="item__meta">{ i18n.t("my-requests-browser-case-note") }</p>
                        </li>
                    }) }
                </ul>
            }

            if !pending.is_empty() {
                <h2>{ i18n.t("my-requests-pending-heading") }</h2>
                <ul class="item-list">
                    { for pending.iter().map(|entry| html! {
                        <li class="item">
                            <Link<Route> to={Route::Sending { key: entry.key.clone() }}>{ &entry.service_name }</Link<Route>>
                            <p class="item__meta">{ i18n.t("my-requests-pending-note") }</p>
                        </li>
                    }) }
                </ul>
            }

            if !drafts.is_empty() {
                <h2>{ i18n.t("my-requests-drafts-heading") }</h2>
                <ul class="item-list">
                    { for drafts.iter().map(|draft| {
                        let name = draft.service_name().map_or_else(|| draft.service_code.clone(), str::to_owned);
                        let code = draft.service_code.clone();
                        let refresh = refresh.clone();
                        let delete = Callback::from(move |_: MouseEvent| {
                            drafts::remove(&code);
                            refresh();
                        });
                        html! {
                            <li class="item">
                                <Link<Route> to={Route::FileStep { code: draft.service_code.clone(), step: steps::RESUME.into() }}>
                                    { i18n.t_with("my-requests-draft-link", &[("service", name.clone().into())]) }
                                </Link<Route>>
                                <button type="button" class="button button--secondary button--small" onclick={delete}>
                                    { i18n.t_with("my-requests-draft-delete", &[("service", name.into())]) }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }

            if remembered {
                <h2>{ i18n.t("my-requests-contact-heading") }</h2>
                <p>{ i18n.t("my-requests-contact-body") }</p>
                <button type="button" class="button button--secondary" onclick={forget_contact}>
                    { i18n.t("my-requests-contact-forget") }
                </button>
            }

            <h2>{ i18n.t("my-requests-clear-heading") }</h2>
            if nothing {
                <p>{ i18n.t("my-requests-nothing") }</p>
            } else {
                <p>{ i18n.t("my-requests-clear-body") }</p>
                if *confirming {
                    <p class="notice notice--warning" role="alert">{ i18n.t("my-requests-clear-confirm") }</p>
                    <div class="button-group">
                        <button type="button" class="button button--warning" onclick={clear}>{ i18n.t("my-requests-clear-yes") }</button>
                        <button type="button" class="button button--secondary" onclick={cancel}>{ i18n.t("my-requests-clear-no") }</button>
                    </div>
                } else {
                    <button type="button" class="button button--warning" onclick={clear}>{ i18n.t("my-requests-clear") }</button>
                }
            }
        </>
    }
}
