//! Filing (`POST requests`), reading a case (`GET requests/{id}` with `extensions=true`)
//! and the resident's extension actions (`POST requests/{id}/{action}`).

use std::time::Duration;

use api::{AttributeAnswer, Locale};
use serde::Deserialize;

use super::Open311;
use super::services::urlencode_segment;
use super::tolerant::{self, OneOrMany};
use crate::upstream::{CaseNote, CaseRecord, FiledCase, NewCase, ResidentAction, UpstreamError};

#[derive(Debug, Deserialize)]
struct CreatedEntry {
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    service_request_id: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    token: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RequestEntry {
    #[serde(deserialize_with = "tolerant::text")]
    service_request_id: String,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    status: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    status_notes: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    service_name: Option<String>,
    #[serde(default, deserialize_with = "tolerant::text")]
    service_code: String,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    agency_responsible: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    requested_datetime: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    updated_datetime: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    expected_datetime: Option<String>,
    #[serde(default)]
    extended_attributes: Option<Extended>,
    #[serde(default)]
    notes: OneOrMany<NoteEntry>,
}

#[derive(Debug, Default, Deserialize)]
struct Extended {
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    stage: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_i64")]
    rating: Option<i64>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    phone: Option<String>,
}

#[derive(Debug, Deserialize)]
struct NoteEntry {
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    datetime: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    description: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "tolerant::opt_text")]
    kind: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    stage: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    department: Option<String>,
}

impl RequestEntry {
    fn into_record(self) -> CaseRecord {
        let extended = self.extended_attributes.unwrap_or_default();
        let datetime = |text: Option<String>| text.and_then(|t| tolerant::normalize_datetime(&t));
        CaseRecord {
            id: self.service_request_id,
            service_code: self.service_code,
            service_name: self.service_name,
            closed: self
                .status
                .is_some_and(|s| s.trim().eq_ignore_ascii_case("closed")),
            status_notes: self.status_notes,
            agency_responsible: self.agency_responsible,
            requested_at: datetime(self.requested_datetime).unwrap_or_default(),
            updated_at: datetime(self.updated_datetime),
            expected_at: datetime(self.expected_datetime),
            stage: extended.stage,
            rating: extended
                .rating
                .and_then(|r| u8::try_from(r).ok())
                .filter(|r| (1..=5).contains(r)),
            phone: extended.phone,
            notes: self
                .notes
                .into_vec()
                .into_iter()
                .filter_map(|note| {
                    Some(CaseNote {
                        at: tolerant::normalize_datetime(note.datetime.as_deref()?)?,
                        stage: note.stage,
                        kind: note.kind,
                        department: note.department,
                        description: note.description,
                    })
                })
                .collect(),
        }
    }
}

/// The city's fixed fields (the profile's `extra_fields`, e.g. `jurisdiction_id`).
fn fixed_fields(client: &Open311) -> impl Iterator<Item = (String, String)> + '_ {
    client
        .profile
        .filing
        .extra_fields
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
}

/// The form field the city reads the street address from (standard `address_string`).
fn address_field(client: &Open311) -> &str {
    &client.profile.filing.address_field
}

fn filing_form(client: &Open311, case: &NewCase) -> Vec<(String, String)> {
    let mut form = client.api_key_pair();
    form.extend(fixed_fields(client));
    let address_key = address_field(client).to_owned();
    let mut push = |key: &str, value: &str| form.push((key.to_owned(), value.to_owned()));
    push("service_code", &case.service_code);
    push("description", case.description.trim());
    push("locale", case.locale.tag());
    push("channel", case.channel);
    if let Some(clerk) = &case.clerk_id {
        push("clerk_id", clerk);
    }
    if let Some(read_out) = case.consent_read_out {
        // Open311 has no field for it; servers ignore what they do not know.
        push("consent", &format!("read_out_{}", read_out.token()));
    }
    if let (Some(lat), Some(long)) = (case.location.lat, case.location.long) {
        push("lat", &lat.to_string());
        push("long", &long.to_string());
    }
    if let Some(address) = case
        .location
        .address
        .as_deref()
        .filter(|a| !a.trim().is_empty())
    {
        push(&address_key, address.trim());
    }
    for (code, answer) in &case.attributes {
        match answer {
            AttributeAnswer::One(value) => push(&format!("attribute[{code}]"), value),
            AttributeAnswer::Many(values) => {
                for value in values {
                    push(&format!("attribute[{code}][]"), value);
                }
            }
        }
    }
    for url in &case.media_urls {
        push("media_url", url);
    }
    if let Some(contact) = &case.contact {
        // The whole name goes in `first_name`: a Chinese name is not split, and
        // `last_name` stays out rather than hold a guess.
        for (key, value) in [
            ("first_name", &contact.name),
            ("phone", &contact.phone),
            ("email", &contact.email),
        ] {
            if let Some(value) = value.as_deref().filter(|v| !v.trim().is_empty()) {
                push(key, value.trim());
            }
        }
    }
    form
}

pub async fn file(client: &Open311, case: &NewCase) -> Result<FiledCase, UpstreamError> {
    let created: OneOrMany<CreatedEntry> = client
        .post_form("requests.json", &filing_form(client, case))
        .await?;
    let created = created
        .into_vec()
        .into_iter()
        .next()
        .ok_or_else(|| UpstreamError::Invalid("empty answer to POST requests".into()))?;
    if let Some(case_id) = created.service_request_id {
        return Ok(FiledCase { case_id });
    }
    let token = created
        .token
        .ok_or_else(|| UpstreamError::Invalid("neither id nor token".into()))?;
    resolve_token(client, &token).await
}

/// A batch service answers a token first; the id follows once the city has taken the case in.
async fn resolve_token(client: &Open311, token: &str) -> Result<FiledCase, UpstreamError> {
    let path = format!("tokens/{}.json", urlencode_segment(token));
    for wait in [0, 200, 500, 1000, 2000] {
        tokio::time::sleep(Duration::from_millis(wait)).await;
        let entries: OneOrMany<CreatedEntry> = client.get(&path, &[]).await?;
        if let Some(case_id) = entries
            .into_vec()
            .into_iter()
            .find_map(|e| e.service_request_id)
        {
            return Ok(FiledCase { case_id });
        }
    }
    Err(UpstreamError::Timeout)
}

fn first_record(entries: OneOrMany<RequestEntry>) -> Result<CaseRecord, UpstreamError> {
    entries
        .into_vec()
        .into_iter()
        .next()
        .map(RequestEntry::into_record)
        .ok_or(UpstreamError::NotFound)
}

pub async fn case(client: &Open311, id: &str, locale: Locale) -> Result<CaseRecord, UpstreamError> {
    let path = format!("requests/{}.json", urlencode_segment(id));
    let entries = client
        .get(&path, &[("extensions", "true"), ("locale", locale.tag())])
        .await?;
    first_record(entries)
}

pub async fn act(
    client: &Open311,
    id: &str,
    action: &ResidentAction,
    locale: Locale,
) -> Result<CaseRecord, UpstreamError> {
    let mut form = client.api_key_pair();
    form.extend(fixed_fields(client));
    form.push(("locale".into(), locale.tag().into()));
    form.push(("extensions".into(), "true".into()));
    match action {
        ResidentAction::AddInfo { text } => form.push(("description".into(), text.clone())),
        ResidentAction::Urge { note } => {
            if let Some(note) = note {
                form.push(("description".into(), note.clone()));
            }
        }
        ResidentAction::Withdraw { reason } => {
            if let Some(reason) = reason {
                form.push(("reason".into(), reason.clone()));
            }
        }
        ResidentAction::Rate { rating, comment } => {
            form.push(("rating".into(), rating.to_string()));
            if let Some(comment) = comment {
                form.push(("comment".into(), comment.clone()));
            }
        }
    }
    let path = format!(
        "requests/{}/{}.json",
        urlencode_segment(id),
        action.endpoint()
    );
    let entries = client.post_form(&path, &form).await?;
    first_record(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_geo_report_request_without_extensions_reads() {
        let json = r#"[{"service_request_id": 638344, "status": "closed",
            "status_notes": "Duplicate request.", "service_code": 6,
            "requested_datetime": "2010-04-14T06:37:38-08:00",
            "expected_datetime": null, "lat": "37.76"}]"#;
        let entries: OneOrMany<RequestEntry> = serde_json::from_str(json).unwrap();
        let record = first_record(entries).unwrap();
        assert_eq!(record.id, "638344");
        assert_eq!(record.service_code, "6");
        assert!(record.closed);
        assert_eq!(record.requested_at, "2010-04-14T22:37:38+08:00");
        assert_eq!(record.stage, None);
        assert!(record.notes.is_empty());
    }

    #[test]
    fn extension_notes_and_stage_are_read() {
        let json = r#"{"service_request_id": "20261128000001", "status": "open",
            "service_code": "noise", "requested_datetime": "2026-11-28T09:00:00+08:00",
            "extended_attributes": {"stage": "assigned", "rating": null},
            "notes": [{"datetime": "2026-11-28T09:00:00+08:00", "description": "已提交",
                       "type": "status_change", "stage": "submitted", "department": "12345"},
                      {"datetime": "bad", "description": "dropped"}]}"#;
        let entries: OneOrMany<RequestEntry> = serde_json::from_str(json).unwrap();
        let record = first_record(entries).unwrap();
        assert_eq!(record.stage.as_deref(), Some("assigned"));
        assert_eq!(
            record.notes.len(),
            1,
            "a note without a readable time is left out"
        );
        assert_eq!(record.notes[0].department.as_deref(), Some("12345"));
    }
}
