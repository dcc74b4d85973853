//! A case as GeoReport v2 shows it, with the `extensions=true` extras: the workflow
//! stage in `extended_attributes` and one entry of `notes` per event.
//! Residents' names, phones, emails and attribute answers are never shown.

use std::collections::HashMap;

use rusqlite::Connection;

use super::{Case, Event};
use crate::catalogue::{self, Service};
use crate::clock::rfc3339;
use crate::doc::Doc;
use crate::locale::Locale;
use crate::stage::Stage;
use crate::wording;

/// Service and department names in one locale, looked up once per answer.
pub struct Names {
    pub locale: Locale,
    services: HashMap<String, Service>,
    departments: HashMap<String, String>,
}

impl Names {
    pub fn load(conn: &Connection, locale: Locale) -> rusqlite::Result<Names> {
        Ok(Names {
            locale,
            services: catalogue::services(conn, locale)?
                .into_iter()
                .map(|s| (s.code.clone(), s))
                .collect(),
            departments: catalogue::departments(conn, locale)?
                .into_iter()
                .map(|d| (d.code, d.name))
                .collect(),
        })
    }

    pub fn department(&self, code: &str) -> String {
        self.departments
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }

    fn event_description(&self, event: &Event) -> String {
        match &event.note {
            Some(note) => note.clone(),
            None => wording::event_note(
                event.event_type,
                event.stage,
                &self.department(&event.department),
                self.locale,
            ),
        }
    }
}

/// One entry of `GET requests`; `extensions` adds `extended_attributes` and `notes`.
///
/// `for_the_city`: the reader gave a valid `api_key` (the city's own systems, such as the
/// resident app's backend); only then does `extended_attributes` carry the resident's
/// `phone`, which a public reader of GeoReport never gets.
pub fn request_doc(
    case: &Case,
    events: &[Event],
    names: &Names,
    extensions: bool,
    for_the_city: bool,
) -> Doc {
    let service = names.services.get(&case.service_code);
    let status_notes = events
        .iter()
        .rev()
        .find(|e| e.event_type.is_official())
        .map(|e| names.event_description(e));
    let mut fields = vec![
        ("service_request_id", case.id.clone().into()),
        ("status", case.stage.status().into()),
        ("status_notes", status_notes.into()),
        ("service_name", service.map(|s| s.name.clone()).into()),
        ("service_code", case.service_code.clone().into()),
        ("description", case.description.clone().into()),
        (
            "agency_responsible",
            names.department(&case.department).into(),
        ),
        (
            "service_notice",
            service
                .map(|s| wording::service_notice(s.time_limit_days, names.locale))
                .into(),
        ),
        ("requested_datetime", rfc3339(case.requested_at).into()),
        ("updated_datetime", rfc3339(case.updated_at).into()),
        ("expected_datetime", rfc3339(case.due_at).into()),
        ("address", case.address.clone().into()),
        ("address_id", case.address_id.clone().into()),
        ("zipcode", case.zipcode.clone().into()),
        ("lat", case.lat.into()),
        ("long", case.long.into()),
        ("media_url", case.media_urls.first().cloned().into()),
    ];
    if extensions {
        fields.push((
            "extended_attributes",
            extended_attributes(case, for_the_city),
        ));
        fields.push((
            "notes",
            Doc::list(events.iter().map(|event| {
                Doc::obj([
                    ("datetime", rfc3339(event.at).into()),
                    ("description", names.event_description(event).into()),
                    ("type", event.event_type.as_str().into()),
                    ("stage", event.stage.as_str().into()),
                    ("department", names.department(&event.department).into()),
                ])
            })),
        ));
    }
    Doc::Obj(fields)
}

fn extended_attributes(case: &Case, for_the_city: bool) -> Doc {
    let mut fields = vec![("channel", case.channel.clone().into())];
    if for_the_city && let Some(phone) = &case.phone {
        fields.push(("phone", phone.clone().into()));
    }
    if let Some(clerk_id) = &case.clerk_id {
        fields.push(("clerk_id", clerk_id.clone().into()));
    }
    fields.push((
        "photos",
        Doc::list(case.media_urls.iter().map(|url| url.clone().into())),
    ));
    fields.push(("stage", case.stage.as_str().into()));
    fields.push(("due_date", rfc3339(case.due_at).into()));
    if case.stage == Stage::Rated {
        fields.push(("rating", case.rating.map(u32::from).into()));
        if let Some(comment) = &case.rating_comment {
            fields.push(("rating_comment", comment.clone().into()));
        }
    }
    Doc::Obj(fields)
}
