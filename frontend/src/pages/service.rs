use std::rc::Rc;

use api::ServiceDefinition;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{Loading, PageTitle, Problem};
use crate::hooks::{Loadable, use_definition};
use crate::i18n::{I18n, use_i18n};
use crate::page_start::use_device_ready;
use crate::pages::file::steps;
use crate::storage::drafts;

#[derive(Properties, PartialEq)]
pub struct ServiceProps {
    pub code: String,
}

/// `/services/{code}`: what the service does, what to have ready, how long it takes, that
/// a service window can help, and the way in.
#[function_component]
pub fn Service(props: &ServiceProps) -> Html {
    let i18n = use_i18n();
    let (definition, retry) = use_definition(&props.code);
    match definition {
        Loadable::Loading => html! { <Loading /> },
        Loadable::Failed(error) => html! {
            <>
                <PageTitle title={i18n.t("journey-problem-title")} />
                <Problem {error} {retry} />
                <p class="link-line"><Link<Route> to={Route::Services}>{ i18n.t("service-all-link") }</Link<Route>></p>
            </>
        },
        Loadable::Loaded(definition) => html! { <ServiceDetails {definition} /> },
    }
}

#[derive(Properties, PartialEq)]
struct ServiceDetailsProps {
    definition: Rc<ServiceDefinition>,
}

#[function_component]
fn ServiceDetails(props: &ServiceDetailsProps) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let definition = &props.definition;
    let lang = AttrValue::Static(i18n.locale().tag());
    // A draft kept on the device, read once the page runs in the browser (never while the
    // server renders or the browser hydrates: both show the way in for a fresh start).
    let ready = use_device_ready();
    let saved_draft = {
        let code = definition.code.clone();
        move || drafts::load(&code).filter(drafts::Draft::is_started)
    };
    let draft = use_state({
        let saved_draft = saved_draft.clone();
        move || if ready { saved_draft() } else { None }
    });
    {
        let draft = draft.clone();
        use_effect_with(ready, move |ready| {
            if *ready && draft.is_none() {
                draft.set(saved_draft());
            }
        });
    }
    let first = Route::FileStep {
        code: definition.code.clone(),
        step: steps::first_step(definition).token(),
    };
    let start_again = {
        let draft = draft.clone();
        let code = definition.code.clone();
        let first = first.clone();
        let navigator = navigator.clone();
        Callback::from(move |_: MouseEvent| {
            drafts::remove(&code);
            draft.set(None);
            if let Some(navigator) = &navigator {
                navigator.push(&first);
            }
        })
    };
    let notices = definition.attributes.iter().filter(|a| !a.variable);
    let questions = definition.questions();
    let at_window = crate::window_mode::active();
    html! {
        <>
            <PageTitle title={definition.name.clone()} lang={Some(lang.clone())} />
            if let Some(kind) = definition.kind {
                <p class="service-card__kind">{ i18n.t(&format!("kind-{}", kind.token())) }</p>
            }
            <p class="lead" lang={lang.clone()}>{ &definition.description }</p>
            { for notices.map(|notice| html! {
                <div class="notice" lang={lang.clone()}><p>{ &notice.label }</p></div>
            }) }

            <h2>{ i18n.t("service-ready-heading") }</h2>
            <p>{ i18n.t(if at_window { "window-service-ready-intro" } else { "service-ready-intro" }) }</p>
            <ul class="plain-list">
                { for questions.iter().map(|q| html! {
                    <li>
                        <span lang={lang.clone()}>{ &q.label }</span>
                        if !q.required { <span class="optional">{ i18n.t("journey-optional") }</span> }
                    </li>
                }) }
                <li>{ i18n.t("service-ready-description") }</li>
                <li>{ i18n.t(if at_window { "window-service-ready-location" } else { "service-ready-location" }) }</li>
                <li>{ i18n.t("service-ready-photos") }</li>
                <li>{ i18n.t(if at_window { "window-service-ready-contact" } else { "service-ready-contact" }) }</li>
            </ul>

            <h2>{ i18n.t("service-time-heading") }</h2>
            if let Some(days) = definition.time_limit_days {
                <p class="service-time-limit">{ i18n.t_with("service-time-limit", &[("days", days.into())]) }</p>
                <p>{ i18n.t("service-time-body") }</p>
            } else {
                <p>{ i18n.t("service-time-unpublished") }</p>
            }

            // At the window itself, "you can also go to a window" is no news.
            if !at_window {
                <h2>{ i18n.t("service-window-heading") }</h2>
                <p>{ i18n.t("service-window-body") }</p>
            }

            { start(&i18n, navigator, &draft, first, start_again) }
        </>
    }
}

fn start(
    i18n: &I18n,
    navigator: Option<Navigator>,
    draft: &Option<drafts::Draft>,
    first: Route,
    start_again: Callback<MouseEvent>,
) -> Html {
    match draft {
        // Without JavaScript the link opens the one-page form the server answers
        // (`/services/{code}/request`); the app, once running, takes the click into its
        // own steps (drafts, the outbox, photos). A click that asks for a new tab or
        // window is left to the browser.
        None => {
            let Route::FileStep { code, .. } = &first else {
                return Html::default();
            };
            let href = crate::filing_form::path(code);
            let onclick = Callback::from(move |event: MouseEvent| {
                if event.button() != 0
                    || event.ctrl_key()
                    || event.meta_key()
                    || event.shift_key()
                    || event.alt_key()
                {
                    return;
                }
                event.prevent_default();
                if let Some(navigator) = &navigator {
                    navigator.push(&first);
                }
            });
            html! {
                <p class="start">
                    <a {href} class="button button--primary button--start" {onclick}>
                        { i18n.t("service-start") }<span class="button--start__arrow" aria-hidden="true">{ "›" }</span>
                    </a>
                </p>
            }
        }
        Some(draft) => {
            // The flow's page works out where the draft picks up.
            let resume = Route::FileStep {
                code: draft.service_code.clone(),
                step: steps::RESUME.into(),
            };
            html! {
                <div class="notice">
                    <h2>{ i18n.t("service-draft-heading") }</h2>
                    <p>{ i18n.t(if crate::window_mode::active() { "window-service-draft-body" } else { "service-draft-body" }) }</p>
                    <div class="button-group">
                        <Link<Route> to={resume} classes="button button--primary">{ i18n.t("service-draft-continue") }</Link<Route>>
                        <button type="button" class="button button--secondary" onclick={start_again}>
                            { i18n.t("service-draft-start-again") }
                        </button>
                    </div>
                </div>
            }
        }
    }
}
