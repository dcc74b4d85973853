use std::rc::Rc;

use api::{CaseAction, CaseView};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api_client::{self, ClientError};
use crate::app::Route;
use crate::components::{
    CaseActions, CaseLookup, CaseTimeline, DueStatusLine, ErrorSummary, FieldProblem, Loading,
    PageTitle, Problem, error_text, field_error_words, stage_name,
};
use crate::hooks::{live_case, use_announcer};
use crate::i18n::{I18n, use_i18n};
use crate::page_start::{ActionAnswer, CasePageStart, use_device_ready, use_page_start};
use crate::storage::case_codes;

#[derive(Properties, PartialEq)]
pub struct CaseProps {
    pub id: String,
}

#[derive(Clone, PartialEq)]
enum CaseState {
    /// No query code on this device for the case: ask for it.
    NeedCode,
    Loading,
    Loaded(Rc<CaseView>),
    Failed(ClientError),
}

/// `/cases/{id}`: the timeline, whether the case is on time, the answer, and the actions
/// that apply. The query code comes from "My requests" or from a lookup in this tab, never
/// from the address. New events arrive live and are said in the polite live region.
#[function_component]
pub fn Case(props: &CaseProps) -> Html {
    let i18n = use_i18n();
    let announcer = use_announcer();
    // The query code kept on this device, read once the page runs in the browser: the
    // server (and the hydrating frame) cannot know it, and ask for it.
    let ready = use_device_ready();
    // What the server prepared for this case (its view read with the code in this
    // browser's cookie, or what a form posted without JavaScript answered): used by the
    // server's render and the hydrating frame alike, not by a page reached inside the app.
    let start = use_page_start();
    // Taken when the page is first drawn and kept: the hydrated app must go on drawing
    // what the server drew once `ready` turns true.
    let served = use_state(|| (!ready).then(|| start.case_page.clone()).flatten());
    let prepared: Option<CasePageStart> = (*served).clone().filter(|page| page.case_id == props.id);
    let prepared_view = prepared
        .as_ref()
        .and_then(|page| page.case.clone())
        .filter(|case| case.view.case_id == props.id);
    let code = use_state(|| {
        if let Some(case) = &prepared_view {
            Some(case.code.clone())
        } else if ready {
            case_codes::code_for(&props.id)
        } else {
            None
        }
    });
    {
        // Kept in this tab as a lookup in the app would, so the case still opens after a
        // page reached inside the app.
        let remembered = prepared_view.clone();
        use_effect_with((), move |()| {
            if let Some(case) = remembered {
                case_codes::remember(&case.view.case_id, &case.code);
            }
        });
    }
    {
        let (code, id) = (code.clone(), props.id.clone());
        use_effect_with(ready, move |ready| {
            if *ready && code.is_none() {
                let saved = case_codes::code_for(&id);
                if saved.is_some() {
                    code.set(saved);
                }
            }
        });
    }
    let state = use_state(|| {
        if let Some(case) = &prepared_view {
            CaseState::Loaded(Rc::new(case.view.clone()))
        } else if let Some(failure) = prepared.as_ref().and_then(|page| page.failure.clone()) {
            CaseState::Failed(crate::api_client::from_api_error(failure))
        } else if code.is_some() {
            CaseState::Loading
        } else {
            CaseState::NeedCode
        }
    });
    let attempt = use_state(|| 0u32);
    // The latest view, for comparing what a live update brings.
    let latest = use_mut_ref(|| prepared_view.as_ref().map(|case| case.view.clone()));
    // The server's view is the first one: no second fetch for it (live updates still start).
    let fetched_already = use_mut_ref(|| prepared_view.is_some());
    // At a service window the clerk's lookup brings the resident's phone masked (live
    // updates come without it), so the clerk can confirm the case is the resident's.
    let phone = use_state(|| None::<String>);
    {
        let (state, latest, phone) = (state.clone(), latest.clone(), phone.clone());
        let fetched_already = fetched_already.clone();
        let id = props.id.clone();
        let i18n = i18n.clone();
        let announcer = announcer.clone();
        use_effect_with(
            ((*code).clone(), i18n.locale(), *attempt),
            move |(code, locale, _)| {
                let mut live = None;
                if let Some(code) = code.clone() {
                    let locale = *locale;
                    let changed = {
                        let (state, latest) = (state.clone(), latest.clone());
                        Callback::from(move |view: CaseView| {
                            if let Some(words) = news(&i18n, latest.borrow().as_ref(), &view) {
                                announcer.announce_polite(words);
                            }
                            *latest.borrow_mut() = Some(view.clone());
                            state.set(CaseState::Loaded(Rc::new(view)));
                        })
                    };
                    let first = {
                        let (state, latest, id, code) =
                            (state.clone(), latest.clone(), id.clone(), code.clone());
                        async move {
                            match api_client::case(&id, &code, locale).await {
                                Ok(view) => {
                                    if view.phone_masked.is_some() {
                                        phone.set(view.phone_masked.clone());
                                    }
                                    *latest.borrow_mut() = Some(view.clone());
                                    state.set(CaseState::Loaded(Rc::new(view)));
                                }
                                Err(error) => state.set(CaseState::Failed(error)),
                            }
                        }
                    };
                    if latest.borrow().is_none() {
                        state.set(CaseState::Loading);
                    }
                    if !std::mem::take(&mut *fetched_already.borrow_mut()) {
                        wasm_bindgen_futures::spawn_local(first);
                    }
                    live = Some(live_case::follow(&id, &code, locale, changed));
                }
                move || drop(live)
            },
        );
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1))
    };
    let found = {
        let (code, id) = (code.clone(), props.id.clone());
        Callback::from(move |_: CaseView| code.set(case_codes::code_for(&id)))
    };
    let updated = {
        let (state, latest) = (state.clone(), latest.clone());
        Callback::from(move |view: CaseView| {
            *latest.borrow_mut() = Some(view.clone());
            state.set(CaseState::Loaded(Rc::new(view)));
        })
    };
    // The action just done, confirmed in a banner that takes focus (so it is said once).
    // The count tells one "added information" from the next, so each takes focus.
    let confirmation = use_state(|| None::<(CaseAction, u32)>);
    // The action a form posted without JavaScript did (post/redirect/get), said once.
    let served_done = use_state(|| prepared.as_ref().and_then(|page| page.done));
    let banner = use_node_ref();
    {
        let banner = banner.clone();
        use_effect_with(*confirmation, move |done| {
            if done.is_some()
                && let Some(element) = banner.cast::<web_sys::HtmlElement>()
            {
                let _ = element.focus();
            }
        });
    }
    let done = {
        let (confirmation, served_done) = (confirmation.clone(), served_done.clone());
        Callback::from(move |action: CaseAction| {
            served_done.set(None);
            let count = confirmation.map_or(0, |(_, count)| count + 1);
            confirmation.set(Some((action, count)));
        })
    };
    let title = i18n.t_with("case-title", &[("id", props.id.clone().into())]);
    // The number is one unbreakable piece in the heading ("诉求 2026120200000 4" split in
    // two reads as two numbers); CSS sizes it to fit the narrowest screen.
    let heading = html! {
        <>
            { i18n.t("case-title-before-number") }
            <span class="case-number">{ props.id.clone() }</span>
        </>
    };
    let form_token = start
        .case_page
        .as_ref()
        .map(|page| page.form_token.clone())
        .unwrap_or_default();
    let answer = prepared.as_ref().and_then(|page| page.action.clone());
    let problems = answer
        .as_ref()
        .map(|answer| answer_problems(&i18n, answer))
        .unwrap_or_default();
    let refused = prepared.as_ref().is_some_and(|page| page.refused);
    let top = html! {
        <>
            if refused {
                <div class="notice notice--error" role="alert"><p>{ i18n.t("case-form-refused") }</p></div>
            }
            <ErrorSummary problems={problems} />
        </>
    };
    match &*state {
        CaseState::NeedCode => html! {
            <>
                { top.clone() }
                <PageTitle title={title.clone()}>{ heading.clone() }</PageTitle>
                <p>{ i18n.t("case-need-code") }</p>
                <CaseLookup case_id={Some(props.id.clone())} {found} />
            </>
        },
        CaseState::Loading => html! { <Loading /> },
        CaseState::Failed(error) => html! {
            <>
                { top.clone() }
                <PageTitle title={title.clone()}>{ heading.clone() }</PageTitle>
                <Problem error={error.clone()} {retry} />
                <p class="link-line"><Link<Route> to={Route::Track}>{ i18n.t("track-title") }</Link<Route>></p>
            </>
        },
        CaseState::Loaded(view) => html! {
            <>
                if let Some(action) = *served_done {
                    <div class="notification-banner notification-banner--success" role="region"
                        aria-labelledby="confirmation-heading">
                        <div role="status">
                            <p class="notification-banner__title">{ i18n.t("case-done-title") }</p>
                            <h2 id="confirmation-heading" class="notification-banner__heading">
                                { i18n.t(&format!("case-{}-done", action.token())) }
                            </h2>
                        </div>
                    </div>
                }
                { top }
                if let Some((action, _)) = *confirmation {
                    <div class="notification-banner notification-banner--success" role="region"
                        aria-labelledby="confirmation-heading" tabindex="-1" ref={banner.clone()}>
                        <p class="notification-banner__title">{ i18n.t("case-done-title") }</p>
                        <h2 id="confirmation-heading" class="notification-banner__heading">
                            { i18n.t(&format!("case-{}-done", action.token())) }
                        </h2>
                    </div>
                }
                <PageTitle title={title}>{ heading.clone() }</PageTitle>
                <p class="caption" lang={i18n.locale().tag()}>
                    { view.service_name.clone().unwrap_or_else(|| view.service_code.clone()) }
                </p>
                <p class="case-stage">
                    { i18n.t("case-stage-now") }{ " " }<strong>{ stage_name(&i18n, view.stage) }</strong>
                    if let Some(department) = &view.department {
                        { " · " }<span lang={i18n.locale().tag()}>{ department }</span>
                    }
                </p>
                if let Some(phone) = &*phone {
                    <p class="case-phone">{ i18n.t_with("window-case-phone", &[("phone", phone.clone().into())]) }</p>
                }
                <DueStatusLine due={view.due.clone()} closed={view.closed} />
                if let Some(answer) = &view.answer {
                    <section class="answer" aria-labelledby="answer-heading">
                        <h2 id="answer-heading">{ i18n.t("case-answer-heading") }</h2>
                        <p lang={i18n.locale().tag()}>{ answer }</p>
                        if let Some(rating) = view.rating {
                            <p>{ i18n.t_with("case-rated", &[("rating", rating.into())]) }</p>
                        }
                    </section>
                }
                <h2>{ i18n.t("case-timeline-heading") }</h2>
                <p class="hint">{ i18n.t("case-live-note") }</p>
                <CaseTimeline view={(**view).clone()} />
                <CaseActions view={(**view).clone()} code={(*code).clone().unwrap_or_default()} {updated} {done}
                    {form_token} {answer} />
            </>
        },
    }
}

/// What to fix in an action's form posted without JavaScript: each field in error, or
/// what the case or the city answered, pointing at the action's form.
fn answer_problems(i18n: &I18n, answer: &ActionAnswer) -> Vec<FieldProblem> {
    let token = answer.action.token();
    let mut problems = Vec::new();
    if answer.expired {
        problems.push(FieldProblem::on_page(
            format!("action-{token}-heading"),
            i18n.t("case-form-expired"),
        ));
    }
    let Some(error) = &answer.error else {
        return problems;
    };
    if error.fields.is_empty() {
        let error = crate::api_client::from_api_error(error.clone());
        problems.push(FieldProblem::on_page(
            "actions-heading".into(),
            error_text(i18n, &error),
        ));
    }
    for field in &error.fields {
        problems.push(FieldProblem::on_page(
            crate::components::action_field_id(answer.action, &field.field),
            field_error_words(i18n, field, None, None),
        ));
    }
    problems
}

/// What a live update brings, in one sentence; nothing when nothing changed.
fn news(i18n: &I18n, before: Option<&CaseView>, after: &CaseView) -> Option<String> {
    let before = before?;
    if after.events.len() <= before.events.len() && after.stage == before.stage {
        return None;
    }
    let stage = stage_name(i18n, after.stage);
    Some(match &after.department {
        Some(department) => i18n.t_with(
            "case-news-department",
            &[
                ("stage", stage.into()),
                ("department", department.clone().into()),
            ],
        ),
        None => i18n.t_with("case-news", &[("stage", stage.into())]),
    })
}
