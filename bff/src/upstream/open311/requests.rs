//! Filing (`POST requests`), reading a case (`GET requests/{id}` with `extensions=true`)
//! and the resident's extension actions (`POST requests/{id}/{action}`).

use std::time::Duration;

use api::{AttributeAnswer, Locale};
use serde::Deserialize;

use super::Open311;
use super::services::urlencode_segment;
use super::tolerant::{self, OneOrMany};
use crate::upstream::{CaseNote, CaseRecord, CityFiling, FiledCase, ResidentAction, UpstreamError};

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

fn filing_form(client: &Open311, case: &CityFiling) -> Vec<(String, String)> {
    let mut form = client.api_key_pair();
    form.extend(fixed_fields(client));
    let address_key = address_field(client).to_owned();
    let mut push = |key: &str, value: &str| form.push((key.to_owned(), value.to_owned()));
    push("service_code", &case.service_code);
    push("description", case.description.trim());
    push("locale", case.locale.tag());
    push("channel", case.channel);
    // GeoReport v2's own field for "which submission is this": the token, so that a search
    // on a server that shows it can tell this attempt's case from a look-alike.
    if !case.submission_token.is_empty() {
        push("device_id", &case.submission_token);
    }
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

pub async fn file(client: &Open311, case: &CityFiling) -> Result<FiledCase, UpstreamError> {
    let created: OneOrMany<CreatedEntry> = client
        .post_form(
            "requests.json",
            &filing_form(client, case),
            Some(case.submission_token.as_str()).filter(|t| !t.is_empty()),
        )
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

/// A case as `GET requests` lists it: enough to tell whether it is the one an attempt sent.
#[derive(Debug, Deserialize)]
struct ListedEntry {
    #[serde(deserialize_with = "tolerant::text")]
    service_request_id: String,
    #[serde(default, deserialize_with = "tolerant::text")]
    service_code: String,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    description: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    address: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    lat: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    long: Option<String>,
    #[serde(default, deserialize_with = "tolerant::opt_text")]
    device_id: Option<String>,
}

/// Servers' clocks and ours differ; a case is searched for this much either side.
const CLOCK_SLACK_SECS: i64 = 10 * 60;

fn same_coordinate(listed: Option<&str>, sent: Option<f64>) -> bool {
    match (listed.and_then(|l| l.trim().parse::<f64>().ok()), sent) {
        (Some(listed), Some(sent)) => (listed - sent).abs() < 1e-6,
        (None, None) => true,
        _ => false,
    }
}

/// Whether a listed case is what this attempt sent: the same service, the exact
/// description and location, and the token where the server shows `device_id`.
fn is_the_attempt(entry: &ListedEntry, case: &CityFiling) -> bool {
    let sent_address = case
        .location
        .address
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    let address_matches = match sent_address {
        Some(sent) => entry.address.as_deref().map(str::trim) == Some(sent),
        None => true,
    };
    let coordinates_match = match (case.location.lat, case.location.long) {
        (Some(lat), Some(long)) => {
            same_coordinate(entry.lat.as_deref(), Some(lat))
                && same_coordinate(entry.long.as_deref(), Some(long))
        }
        _ => true,
    };
    entry.service_code == case.service_code
        && entry.description.as_deref().map(str::trim) == Some(case.description.trim())
        && address_matches
        && coordinates_match
        && entry
            .device_id
            .as_deref()
            .is_none_or(|device| device == case.submission_token)
}

/// GeoReport v2 `GET requests` for the service between the first POST (less the clock
/// slack) and now (plus it), kept to the cases this attempt sent.
pub async fn find_filed(
    client: &Open311,
    case: &CityFiling,
    first_sent_at: i64,
) -> Result<Vec<FiledCase>, UpstreamError> {
    let at = |secs: i64| {
        chrono::DateTime::from_timestamp(secs, 0)
            .unwrap_or_default()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    let now = chrono::Utc::now().timestamp();
    let (start, end) = (
        at(first_sent_at - CLOCK_SLACK_SECS),
        at(now + CLOCK_SLACK_SECS),
    );
    let query = [
        ("service_code", case.service_code.as_str()),
        ("start_date", start.as_str()),
        ("end_date", end.as_str()),
    ];
    let listed: OneOrMany<ListedEntry> = client.get("requests.json", &query).await?;
    Ok(listed
        .into_vec()
        .into_iter()
        .filter(|entry| is_the_attempt(entry, case))
        .map(|entry| FiledCase {
            case_id: entry.service_request_id,
        })
        .collect())
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
    // With the key, as the city's own client: the upstream may then add the resident's
    // phone, which the BFF masks for a clerk and never gives a resident's page.
    let key = client.api_key_pair();
    let mut query: Vec<(&str, &str)> = vec![("extensions", "true"), ("locale", locale.tag())];
    query.extend(
        key.iter()
            .map(|(name, value)| (name.as_str(), value.as_str())),
    );
    let entries = client.get(&path, &query).await?;
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
    let entries = client.post_form(&path, &form, None).await?;
    first_record(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent() -> CityFiling {
        CityFiling {
            service_code: "noise".into(),
            description: " 楼下烧烤店每晚音响很吵 ".into(),
            location: api::Location {
                lat: Some(31.2304),
                long: Some(121.4737),
                address: Some("人民路 100 号".into()),
            },
            attributes: Default::default(),
            media_urls: Vec::new(),
            contact: None,
            channel: "web",
            clerk_id: None,
            consent_read_out: None,
            locale: Locale::ZhCn,
            submission_token: "t0k3n".into(),
        }
    }

    fn listed(json: &str) -> ListedEntry {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_search_matches_only_the_exact_words_and_place_that_were_sent() {
        let case = sent();
        let same = r#"{"service_request_id": 7, "service_code": "noise",
            "description": "楼下烧烤店每晚音响很吵", "address": "人民路 100 号",
            "lat": 31.2304, "long": "121.4737"}"#;
        assert!(is_the_attempt(&listed(same), &case));
        for other in [
            same.replace("每晚", "每天"),
            same.replace("100 号", "101 号"),
            same.replace("31.2304", "31.2305"),
            same.replace(r#""service_code": "noise""#, r#""service_code": "litter""#),
            same.replace(r#""long": "121.4737""#, r#""device_id": "another""#),
        ] {
            assert!(!is_the_attempt(&listed(&other), &case), "{other}");
        }
        let with_token = same.replace(r#""lat""#, r#""device_id": "t0k3n", "lat""#);
        assert!(is_the_attempt(&listed(&with_token), &case));
    }

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
