//! Error words that name the thing to fix and how (GOV.UK's error-message guidance):
//! "Describe what happened in at least 5 characters", "Choose an answer to “Where the
//! noise comes from”", never a bare "Enter this information".

use api::validation::{DateTimeParts, limits};
use api::{Attribute, Datatype, Field, FieldError};

use crate::i18n::I18n;

/// The most a field may hold, for its "too long" words (from the contract's limits).
fn max_of(field: &Field) -> usize {
    match field {
        Field::Description => limits::DESCRIPTION_MAX_CHARS,
        Field::Address => limits::ADDRESS_MAX_CHARS,
        Field::ContactName => limits::NAME_MAX_CHARS,
        Field::ContactEmail => limits::EMAIL_MAX_CHARS,
        Field::Media => limits::MEDIA_MAX_COUNT,
        Field::Text | Field::Note => limits::INFO_MAX_CHARS,
        Field::Comment => limits::COMMENT_MAX_CHARS,
        _ => limits::ATTRIBUTE_MAX_CHARS,
    }
}

/// The words for `error`. `question` is the city's question when the field is one of its
/// answers (its label names it), `answer` what was given (a date's boxes say what is
/// missing).
pub fn field_error_words(
    i18n: &I18n,
    error: &FieldError,
    question: Option<&Attribute>,
    answer: Option<&str>,
) -> String {
    let code = error.code.as_str();
    let max = max_of(&error.field);
    let (subjects, label): (Vec<String>, String) = match question {
        Some(question) => {
            let kind = match question.datatype {
                d if d.is_list() => Some("attribute-list"),
                Datatype::Datetime => Some("attribute-datetime"),
                _ => None,
            };
            let subjects = kind
                .into_iter()
                .chain(["attribute"])
                .map(str::to_owned)
                .collect();
            (subjects, question.label.clone())
        }
        None => {
            let subject = error.field.as_str().replace('.', "-");
            (
                vec![subject.clone()],
                i18n.t(&format!("field-name-{subject}")),
            )
        }
    };
    let args = |extra: Vec<(&'static str, String)>| {
        let mut args: Vec<(&str, crate::i18n::Arg<'static>)> = vec![
            ("label", label.clone().into()),
            ("min", limits::DESCRIPTION_MIN_CHARS.into()),
            ("max", max.into()),
        ];
        args.extend(extra.into_iter().map(|(k, v)| (k, v.into())));
        args
    };
    if question.is_some_and(|q| q.datatype == Datatype::Datetime)
        && error.code == api::FieldErrorCode::NotADatetime
    {
        let missing = answer.map(|a| DateTimeParts::from_answer(a).missing());
        if let Some(missing) = missing.filter(|m| !m.is_empty()) {
            let names: Vec<String> = missing
                .iter()
                .map(|p| i18n.t(&format!("date-part-{}-missing", p.token())))
                .collect();
            return i18n.t_with(
                "field-error-attribute-datetime-missing",
                &args(vec![(
                    "parts",
                    names.join(i18n.t("file-list-separator").as_str()),
                )]),
            );
        }
    }
    let key = subjects
        .iter()
        .map(|subject| format!("field-error-{subject}-{code}"))
        .find(|key| i18n.has(key))
        .unwrap_or_else(|| format!("field-error-{code}"));
    i18n.t_with(&key, &args(Vec::new()))
}
