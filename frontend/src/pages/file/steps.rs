//! The filing flow's pages, one question each, in order: the service's own questions, then
//! what is common to every request.

use api::validation::validate_request;
use api::{Channel, Contact, Field, FieldError, Locale, Location, NewRequest, ServiceDefinition};

use crate::storage::drafts::Draft;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// One of the service's questions, by attribute code.
    Question(String),
    Description,
    Location,
    Photos,
    Contact,
    Privacy,
    /// At a service window: every step above on one page, for a clerk who asks the
    /// resident across the counter (the same checks, then the same check page).
    AllQuestions,
    Check,
}

const QUESTION_PREFIX: &str = "question-";

/// The step of an address (`/services/{code}/file/continue`) that stands for "where the
/// saved draft picks up" ([`resume_step`]): the flow's page works it out on arrival and
/// replaces the address with that step's own. "Continue" on the service page and on My
/// requests links here, so that the resident's app, which hands those addresses over to the
/// full app, carries neither this nor the contract's checks of a whole request (about 7 KB
/// brotli of its .wasm, issue 19).
pub const RESUME: &str = "continue";

impl Step {
    pub fn token(&self) -> String {
        match self {
            Step::Question(code) => format!("{QUESTION_PREFIX}{code}"),
            Step::Description => "description".into(),
            Step::Location => "location".into(),
            Step::Photos => "photos".into(),
            Step::Contact => "contact".into(),
            Step::Privacy => "privacy".into(),
            Step::AllQuestions => "all-questions".into(),
            Step::Check => "check".into(),
        }
    }

    pub fn parse(token: &str) -> Option<Step> {
        if let Some(code) = token.strip_prefix(QUESTION_PREFIX) {
            return Some(Step::Question(code.to_owned()));
        }
        Some(match token {
            "description" => Step::Description,
            "location" => Step::Location,
            "photos" => Step::Photos,
            "contact" => Step::Contact,
            "privacy" => Step::Privacy,
            "all-questions" => Step::AllQuestions,
            "check" => Step::Check,
            _ => return None,
        })
    }

    /// The step that asks for a field the contract names in its errors.
    pub fn for_field(field: &Field) -> Option<Step> {
        Some(match field {
            Field::Attribute(attribute) => Step::Question(attribute.code().to_owned()),
            Field::Description => Step::Description,
            Field::Address | Field::Location => Step::Location,
            Field::Media => Step::Photos,
            Field::Consent | Field::ConsentReadOut => Step::Privacy,
            Field::ContactName | Field::ContactPhone | Field::ContactEmail => Step::Contact,
            Field::ServiceCode | Field::Text | Field::Note | Field::Rating | Field::Comment => {
                return None;
            }
        })
    }
}

/// Every page of the flow for this service, in order.
pub fn steps(definition: &ServiceDefinition) -> Vec<Step> {
    definition
        .questions()
        .into_iter()
        .map(|a| Step::Question(a.code.clone()))
        .chain([
            Step::Description,
            Step::Location,
            Step::Photos,
            Step::Contact,
            Step::Privacy,
            Step::Check,
        ])
        .collect()
}

/// Where filing starts: the first question, or at a service window the one-page form.
pub fn first_step(definition: &ServiceDefinition) -> Step {
    if crate::window_mode::active() {
        return Step::AllQuestions;
    }
    steps(definition).remove(0)
}

/// Whether `step` is a page of filing for this service here.
pub fn offered(definition: &ServiceDefinition, step: &Step) -> bool {
    match step {
        Step::AllQuestions => crate::window_mode::active(),
        step => steps(definition).contains(step),
    }
}

/// The step before and after `step` (none before the first; the check page last).
pub fn neighbours(definition: &ServiceDefinition, step: &Step) -> (Option<Step>, Option<Step>) {
    if *step == Step::AllQuestions {
        return (None, Some(Step::Check));
    }
    let all = steps(definition);
    let Some(index) = all.iter().position(|s| s == step) else {
        return (None, None);
    };
    (
        index.checked_sub(1).map(|i| all[i].clone()),
        all.get(index + 1).cloned(),
    )
}

/// Where a resident picks a draft up ("continue"): the first page that still needs an
/// answer, or the page after the last one answered; the check page only when nothing is
/// left to do.
pub fn resume_step(
    definition: &ServiceDefinition,
    draft: &Draft,
    contact: Option<Contact>,
    locale: Locale,
) -> Step {
    let all = steps(definition);
    let answered = |step: &Step| match step {
        Step::Question(code) => !draft.values(code).is_empty(),
        Step::Description => !draft.description.trim().is_empty(),
        Step::Location => !draft.address.trim().is_empty() || draft.position.is_some(),
        Step::Photos => !draft.photos.is_empty(),
        Step::Contact => contact.is_some(),
        Step::Privacy => draft.consent,
        Step::AllQuestions | Step::Check => false,
    };
    let after_last_answered = all.iter().rposition(answered).map_or(0, |index| index + 1);
    let request = request(draft, contact.clone(), locale, definition);
    let first_needed = all_errors(&request, definition)
        .iter()
        .filter_map(|e| Step::for_field(&e.field))
        .filter_map(|step| all.iter().position(|s| *s == step))
        .min();
    let index = first_needed.map_or(after_last_answered, |i| i.min(after_last_answered));
    match all.get(index) {
        // At a window every question is on one page: that page, while any is left.
        Some(_) if crate::window_mode::active() => Step::AllQuestions,
        Some(step) => step.clone(),
        None => Step::Check,
    }
}

/// The id of the control a field's error links to.
pub fn field_target(field: &Field) -> String {
    match field {
        Field::Address | Field::Location => "address".into(),
        Field::Media => "photos".into(),
        f => f.as_str().replace('.', "-"),
    }
}

/// The request the draft and contact details make, as it would be sent.
pub fn request(
    draft: &Draft,
    contact: Option<Contact>,
    locale: Locale,
    definition: &ServiceDefinition,
) -> NewRequest {
    // Only answers to the service's current questions: a draft kept across a change of
    // the definition must not carry answers the BFF would refuse as unknown.
    let attributes = draft
        .attributes
        .iter()
        .filter(|(code, _)| {
            definition
                .attributes
                .iter()
                .any(|a| a.variable && &a.code == *code)
        })
        .map(|(code, answer)| (code.clone(), answer.clone()))
        .collect();
    let address = draft.address.trim();
    NewRequest {
        service_code: draft.service_code.clone(),
        description: draft.description.trim().to_owned(),
        location: Location {
            address: (!address.is_empty()).then(|| address.to_owned()),
            lat: draft.position.map(|p| p.0),
            long: draft.position.map(|p| p.1),
        },
        attributes,
        media_urls: draft.photos.iter().map(|p| p.url.clone()).collect(),
        contact,
        consent: draft.consent,
        consent_read_out: draft.consent_read_out,
        locale,
    }
}

/// The contract's errors that belong on this step.
pub fn errors_for(
    step: &Step,
    request: &NewRequest,
    definition: &ServiceDefinition,
) -> Vec<FieldError> {
    all_errors(request, definition)
        .into_iter()
        .filter(|e| *step == Step::AllQuestions || Step::for_field(&e.field).as_ref() == Some(step))
        .collect()
}

/// Every error of the request, as the BFF will find them where it is filed.
pub fn all_errors(request: &NewRequest, definition: &ServiceDefinition) -> Vec<FieldError> {
    let channel = if crate::window_mode::active() {
        Channel::Window
    } else {
        Channel::Web
    };
    validate_request(request, definition, channel)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use api::{Attribute, AttributeAnswer, Datatype, FieldErrorCode};

    use super::*;

    fn attribute(code: &str, order: i64, variable: bool, required: bool) -> Attribute {
        Attribute {
            code: code.into(),
            label: code.into(),
            hint: None,
            datatype: Datatype::String,
            required,
            variable,
            order,
            values: Vec::new(),
        }
    }

    fn definition() -> ServiceDefinition {
        ServiceDefinition {
            code: "svc".into(),
            name: "Service".into(),
            description: String::new(),
            category: None,
            kind: None,
            time_limit_days: None,
            attributes: vec![
                attribute("second", 3, true, false),
                attribute("notice", 1, false, false),
                attribute("first", 2, true, true),
            ],
        }
    }

    #[test]
    fn questions_come_first_in_order_and_notices_are_not_asked() {
        let tokens: Vec<String> = steps(&definition()).iter().map(Step::token).collect();
        assert_eq!(
            tokens,
            vec![
                "question-first",
                "question-second",
                "description",
                "location",
                "photos",
                "contact",
                "privacy",
                "check"
            ]
        );
        for token in tokens {
            assert_eq!(Step::parse(&token).unwrap().token(), token);
        }
        assert_eq!(
            neighbours(&definition(), &Step::Description),
            (Some(Step::Question("second".into())), Some(Step::Location))
        );
    }

    /// A draft with nothing answered (`Draft::new` needs the browser's clock and randomness).
    fn blank_draft() -> Draft {
        Draft {
            service_code: "svc".into(),
            idempotency_key: "k".into(),
            description: String::new(),
            address: String::new(),
            position: None,
            attributes: BTreeMap::new(),
            photos: Vec::new(),
            consent: false,
            consent_read_out: None,
            updated_at: 0.0,
            definition: None,
        }
    }

    #[test]
    fn each_step_shows_only_its_own_errors() {
        let definition = definition();
        let mut draft = blank_draft();
        let sent = request(&draft, None, Locale::ZhCn, &definition);
        let first = errors_for(&Step::Question("first".into()), &sent, &definition);
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].code, FieldErrorCode::Required);
        assert!(errors_for(&Step::Question("second".into()), &sent, &definition).is_empty());
        assert_eq!(
            errors_for(&Step::Location, &sent, &definition)[0].field,
            "address"
        );
        assert_eq!(
            errors_for(&Step::Privacy, &sent, &definition)[0].field,
            "consent"
        );

        draft
            .attributes
            .insert("gone".into(), AttributeAnswer::One("x".into()));
        draft
            .attributes
            .insert("first".into(), AttributeAnswer::One("x".into()));
        let sent = request(&draft, None, Locale::ZhCn, &definition);
        assert_eq!(
            sent.attributes.len(),
            1,
            "answers to old questions are left out"
        );
    }

    #[test]
    fn a_draft_is_picked_up_where_it_needs_the_resident() {
        let definition = definition();
        let mut draft = blank_draft();
        let resume = |draft: &Draft| resume_step(&definition, draft, None, Locale::ZhCn);
        assert_eq!(resume(&draft), Step::Question("first".into()));
        draft
            .attributes
            .insert("first".into(), AttributeAnswer::One("x".into()));
        assert_eq!(resume(&draft), Step::Question("second".into()));
        draft.description = "楼上夜间装修噪音".into();
        assert_eq!(resume(&draft), Step::Location, "the optional one skipped");
        draft.address = "人民路 1 号".into();
        assert_eq!(resume(&draft), Step::Photos);
        draft.consent = true;
        assert_eq!(resume(&draft), Step::Check);
        draft.attributes.clear();
        assert_eq!(
            resume(&draft),
            Step::Question("first".into()),
            "a gap comes first"
        );
    }

    #[test]
    fn errors_link_to_their_controls() {
        assert_eq!(
            field_target(&Field::attribute("noise_source")),
            "attribute-noise_source"
        );
        assert_eq!(field_target(&Field::Location), "address");
        assert_eq!(field_target(&Field::ContactName), "contact-name");
        assert_eq!(Step::for_field(&Field::ContactPhone), Some(Step::Contact));
    }
}
