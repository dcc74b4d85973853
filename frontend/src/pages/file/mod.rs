//! `/services/{code}/file/{step}`: filing a request, one question per page, built from the
//! service's definition; the draft is saved on this device at every keystroke.

mod check;
mod contact;
mod description;
mod location;
mod photos;
mod privacy;
mod question;
pub mod steps;

pub use check::problems_on_pages;

use std::rc::Rc;

use api::{Field, FieldError, ServiceDefinition};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::{FlowQuery, Route};
use crate::components::page_title::PartOfPage;
use crate::components::{
    BackLink, ErrorSummary, FieldProblem, Loading, PageTitle, Problem, field_error_words,
};
use crate::hooks::{Loadable, use_definition};
use crate::i18n::{I18n, use_i18n};
use crate::storage::drafts::{self, Draft};
use crate::storage::{contact as contact_store, outbox};
use steps::Step;

/// A change to the draft, applied to its latest state (photo uploads finish late).
#[derive(Clone)]
pub struct DraftChange(Rc<dyn Fn(&mut Draft)>);

impl DraftChange {
    pub fn new(change: impl Fn(&mut Draft) + 'static) -> DraftChange {
        DraftChange(Rc::new(change))
    }
}

#[derive(PartialEq)]
struct DraftState(Draft);

impl Reducible for DraftState {
    type Action = DraftChange;

    fn reduce(self: Rc<Self>, change: DraftChange) -> Rc<Self> {
        let mut draft = self.0.clone();
        (change.0)(&mut draft);
        if draft.is_started() {
            drafts::save(&draft);
        }
        Rc::new(DraftState(draft))
    }
}

/// What every step page is given.
#[derive(Properties, Clone, PartialEq)]
pub struct StepProps {
    pub definition: Rc<ServiceDefinition>,
    pub draft: Draft,
    pub change: Callback<DraftChange>,
    /// The contract's errors on this step, once the resident tried to continue.
    pub errors: Vec<FieldError>,
    /// The draft as it was when those errors were found: their words stay as they were
    /// until the next try (a changing summary would take focus at every keystroke).
    pub checked: Option<Draft>,
}

impl StepProps {
    pub fn error_for(&self, i18n: &I18n, fields: &[Field]) -> Option<String> {
        self.errors
            .iter()
            .find(|e| fields.contains(&e.field))
            .map(|e| {
                let draft = self.checked.as_ref().unwrap_or(&self.draft);
                field_error_text(i18n, &self.definition, Some(draft), e)
            })
    }
}

/// The words of a field's error, naming the question (by its own label when it is one of
/// the service's) and what to do.
pub fn field_error_text(
    i18n: &I18n,
    definition: &ServiceDefinition,
    draft: Option<&Draft>,
    error: &FieldError,
) -> String {
    let question = error
        .field
        .attribute_code()
        .and_then(|code| definition.attributes.iter().find(|a| a.code == code));
    let answer = question
        .zip(draft)
        .and_then(|(q, draft)| draft.values(&q.code).into_iter().next());
    field_error_words(i18n, error, question, answer.as_deref())
}

/// The language of the government system's words on the page (the one asked for).
pub fn data_lang(i18n: &I18n) -> AttrValue {
    AttrValue::Static(i18n.locale().tag())
}

#[derive(Properties, PartialEq)]
pub struct FileStepProps {
    pub code: String,
    pub step: String,
}

#[function_component]
pub fn FileStep(props: &FileStepProps) -> Html {
    let i18n = use_i18n();
    let (definition, retry) = use_definition(&props.code);
    match definition {
        Loadable::Loading => html! { <Loading /> },
        Loadable::Failed(error) => html! {
            <>
                <PageTitle title={i18n.t("journey-problem-title")} />
                <Problem {error} {retry} />
            </>
        },
        Loadable::Loaded(definition) if props.step == steps::RESUME => {
            html! { <Resume {definition} /> }
        }
        Loadable::Loaded(definition) => {
            match Step::parse(&props.step).filter(|step| steps::offered(&definition, step)) {
                Some(step) => html! { <StepPage {definition} {step} /> },
                None => html! {
                    <>
                        <PageTitle title={i18n.t("not-found-heading")} />
                        <p>{ i18n.t("not-found-body") }</p>
                    </>
                },
            }
        }
    }
}

#[derive(Properties, PartialEq)]
struct ResumeProps {
    definition: Rc<ServiceDefinition>,
}

/// `/services/{code}/file/continue` ([`steps::RESUME`]): the address of the step where this
/// device's draft picks up (the first step when there is none), put in its place, so that
/// Back returns to the page "Continue" was on.
#[function_component]
fn Resume(props: &ResumeProps) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let definition = props.definition.clone();
    let locale = i18n.locale();
    use_effect_with((), move |()| {
        let step = match drafts::load(&definition.code) {
            Some(draft) => {
                let contact = contact_store::normalized(&contact_store::load().0);
                steps::resume_step(&definition, &draft, contact, locale)
            }
            None => steps::first_step(&definition),
        };
        if let Some(navigator) = navigator {
            navigator.replace(&Route::FileStep {
                code: definition.code.clone(),
                step: step.token(),
            });
        }
    });
    html! { <Loading /> }
}

#[derive(Properties, PartialEq)]
struct StepPageProps {
    definition: Rc<ServiceDefinition>,
    step: Step,
}

#[function_component]
fn StepPage(props: &StepPageProps) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let from_check = use_location()
        .and_then(|l| l.query::<FlowQuery>().ok())
        .is_some_and(|q| q.from.as_deref() == Some("check"));
    let definition = props.definition.clone();
    let code = definition.code.clone();
    let draft = use_reducer({
        let code = code.clone();
        move || DraftState(drafts::load_or_new(&code))
    });
    let errors = use_state(Vec::<FieldError>::new);
    let checked = use_state(|| None::<Draft>);
    {
        // Keep the questions with the draft, so that it can be finished offline.
        let draft = draft.clone();
        let definition = definition.clone();
        use_effect_with((), move |()| {
            if draft.0.definition.as_ref() != Some(&*definition) {
                let definition = (*definition).clone();
                draft.dispatch(DraftChange::new(move |d| {
                    d.definition = Some(definition.clone())
                }));
            }
        });
    }
    {
        // Nothing is kept at a window: leaving the page with answers given is asked first.
        // A resident's own phone keeps the draft at every keystroke and offers it again.
        let started = draft.0.is_started();
        use_effect_with(started, move |started| {
            let guard = (*started && crate::window_mode::active()).then(warn_before_leaving);
            move || drop(guard)
        });
    }
    let change = {
        let draft = draft.clone();
        Callback::from(move |change: DraftChange| draft.dispatch(change))
    };
    let route_of = |step: &Step| Route::FileStep {
        code: code.clone(),
        step: step.token(),
    };
    if outbox::find(&draft.0.idempotency_key).is_some() {
        return html! {
            <>
                <PageTitle title={i18n.t("file-being-sent-title")} />
                <p>{ i18n.t("file-being-sent-body") }</p>
                <Link<Route> to={Route::Sending { key: draft.0.idempotency_key.clone() }} classes="button button--primary">
                    { i18n.t("file-being-sent-link") }
                </Link<Route>>
            </>
        };
    }
    let step_props = StepProps {
        definition: definition.clone(),
        draft: draft.0.clone(),
        change,
        errors: (*errors).clone(),
        checked: (*checked).clone(),
    };
    if props.step == Step::Check {
        return html! { <check::CheckStep ..step_props /> };
    }
    let (previous, next) = steps::neighbours(&definition, &props.step);
    let back = if from_check {
        route_of(&Step::Check)
    } else {
        previous
            .as_ref()
            .map_or_else(|| Route::Service { code: code.clone() }, route_of)
    };
    let onsubmit = {
        let errors = errors.clone();
        let checked = checked.clone();
        let draft = draft.clone();
        let definition = definition.clone();
        let step = props.step.clone();
        let navigator = navigator.clone();
        let locale = i18n.locale();
        let target = if from_check {
            Some(Step::Check)
        } else {
            next.clone()
        };
        let code = code.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let contact = contact_store::normalized(&contact_store::load().0);
            let request = steps::request(&draft.0, contact, locale, &definition);
            let found = steps::errors_for(&step, &request, &definition);
            if !found.is_empty() {
                errors.set(found);
                checked.set(Some(draft.0.clone()));
                return;
            }
            errors.set(Vec::new());
            if let (Some(navigator), Some(target)) = (&navigator, &target) {
                navigator.push(&Route::FileStep {
                    code: code.clone(),
                    step: target.token(),
                });
            }
        })
    };
    let problems: Vec<FieldProblem> = errors
        .iter()
        .map(|e| {
            FieldProblem::on_page(
                steps::field_target(&e.field),
                field_error_text(&i18n, &definition, checked.as_ref().or(Some(&draft.0)), e),
            )
        })
        .collect();
    let content = match &props.step {
        Step::Question(code) => {
            html! { <question::QuestionStep code={code.clone()} step={step_props.clone()} /> }
        }
        Step::Description => description::description_step(&i18n, &step_props),
        Step::Location => html! { <location::LocationStep ..step_props.clone() /> },
        Step::Photos => html! { <photos::PhotosStep ..step_props.clone() /> },
        Step::Contact => html! { <contact::ContactStep ..step_props.clone() /> },
        Step::Privacy => html! { <privacy::PrivacyStep ..step_props.clone() /> },
        Step::AllQuestions => all_questions(&i18n, &step_props),
        Step::Check => Html::default(),
    };
    html! {
        <>
            <BackLink to={back} />
            <p class="caption" lang={data_lang(&i18n)}>{ &definition.name }</p>
            <ErrorSummary problems={problems} />
            <form class="step-form" novalidate={true} {onsubmit}>
                { content }
                <button type="submit" class="button button--primary">{ i18n.t("file-continue") }</button>
            </form>
            <p class="saved-note">{ i18n.t(if crate::window_mode::active() { "window-file-not-saved-note" } else { "file-saved-note" }) }</p>
        </>
    }
}

/// The service window's one-page form: the page's own heading, then every step's content
/// as a part of it (each step's heading an `<h2>`), in the order of the one-question pages.
fn all_questions(i18n: &I18n, props: &StepProps) -> Html {
    let parts = steps::steps(&props.definition)
        .into_iter()
        .filter(|step| *step != Step::Check)
        .map(|step| {
            let content = match &step {
                Step::Question(code) => {
                    html! { <question::QuestionStep code={code.clone()} step={props.clone()} /> }
                }
                Step::Description => description::description_step(i18n, props),
                Step::Location => html! { <location::LocationStep ..props.clone() /> },
                Step::Photos => html! { <photos::PhotosStep ..props.clone() /> },
                Step::Contact => html! { <contact::ContactStep ..props.clone() /> },
                Step::Privacy => html! { <privacy::PrivacyStep ..props.clone() /> },
                Step::AllQuestions | Step::Check => Html::default(),
            };
            html! { <section class="form-part" key={step.token()}>{ content }</section> }
        });
    html! {
        <>
            <PageTitle title={i18n.t("window-file-all-heading")} />
            <p>{ i18n.t("window-file-all-intro") }</p>
            <ContextProvider<PartOfPage> context={PartOfPage}>
                { for parts }
            </ContextProvider<PartOfPage>>
        </>
    }
}

/// The browser's own "leave this page?" question.
fn warn_before_leaving() -> gloo::events::EventListener {
    use wasm_bindgen::JsCast;
    gloo::events::EventListener::new_with_options(
        &gloo::utils::window(),
        "beforeunload",
        gloo::events::EventListenerOptions::enable_prevent_default(),
        |event| {
            event.prevent_default();
            if let Some(event) = event.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                event.set_return_value("leave");
            }
        },
    )
}
