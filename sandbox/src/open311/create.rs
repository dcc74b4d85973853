//! `POST requests`: filing a request (form-encoded, `api_key` required).

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::{attributes, check_api_key, form_params};
use crate::Sandbox;
use crate::cases::{self, NewCase};
use crate::catalogue::{self, ServiceType};
use crate::clock;
use crate::doc::Doc;
use crate::error::Open311Error;
use crate::format::Format;
use crate::params::{Params, shorten};
use crate::wording;
use crate::working_days::add_working_days;

pub const MAX_DESCRIPTION_CHARS: usize = 4000;
pub const MAX_FIELD_CHARS: usize = 200;
pub const MAX_URL_CHARS: usize = 2048;
pub const MAX_PHOTOS: usize = 9;
pub const CHANNELS: [&str; 3] = ["web", "window", "phone"];

/// Longest `Idempotency-Key` kept.
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 255;

pub async fn create(
    sandbox: Sandbox,
    query: Option<String>,
    headers: HeaderMap,
    body: Bytes,
    format: Format,
) -> Response {
    format.reply(
        "service_requests",
        create_doc(&sandbox, query, &headers, &body).await,
    )
}

/// The `Idempotency-Key` header, which the sandbox honours (GeoReport v2 has none; a city's
/// server may well ignore it): a POST repeating a key answers the first one's case.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, Open311Error> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value.to_str().map(str::trim).unwrap_or("");
    if key.is_empty() || key.len() > MAX_IDEMPOTENCY_KEY_CHARS {
        return Err(Open311Error::bad_request(format!(
            "Idempotency-Key must be 1 to {MAX_IDEMPOTENCY_KEY_CHARS} visible ASCII characters"
        )));
    }
    Ok(Some(key.to_owned()))
}

async fn create_doc(
    sandbox: &Sandbox,
    query: Option<String>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Doc, Open311Error> {
    let idempotency_key = idempotency_key(headers)?;
    let params = form_params(query.as_deref(), body);
    check_api_key(sandbox, &params)?;
    let locale = params.locale()?;
    let service_code = params
        .get("service_code")
        .ok_or_else(|| Open311Error::bad_request("service_code is required"))?
        .to_owned();
    let plain = sandbox.plain().is_some();
    let mut new = read_case(&params, plain).map_err(|e| plain_refusal(plain, &service_code, e))?;
    // A plain city keeps no submission tokens: the header means nothing to it.
    new.idempotency_key = if plain { None } else { idempotency_key };
    let account_id: Doc = params.get("account_id").map(str::to_owned).into();
    let (id, token, service) = sandbox
        .db()
        .call(move |conn| {
            let service = catalogue::service(conn, &service_code, locale)?.ok_or_else(|| {
                Open311Error::bad_request(format!(
                    "service_code '{}' not found",
                    shorten(&service_code)
                ))
            })?;
            if let Some(key) = &new.idempotency_key
                && let Some((id, token, code)) = cases::by_idempotency_key(conn, key)?
            {
                // The first POST's case, whatever this one says: no second case.
                let service = catalogue::service(conn, &code, locale)?
                    .ok_or_else(|| Open311Error::bad_request("service_code not found"))?;
                return Ok((id, token, service));
            }
            // A plain city asks nothing it has not published.
            if !plain || super::services::plain_has_definition(&service) {
                let definition = catalogue::service_attributes(conn, &service_code, locale)?;
                new.attributes = attributes::validate(&definition, &params)?;
            }
            new.service_code = service_code;
            new.requested_at = clock::now();
            new.due_at = if plain {
                // As some real servers do: the due date is the filing moment, not a promise.
                new.requested_at
            } else {
                add_working_days(clock::to_beijing(new.requested_at), service.time_limit_days)
                    .timestamp()
            };
            let style = if plain {
                cases::IdStyle::Letters
            } else {
                cases::IdStyle::CaseNumber
            };
            let (id, token) = cases::insert(conn, &new, style)?;
            Ok((id, token, service))
        })
        .await?;
    tracing::info!(service_code = %service.code, service_request_id = %id, "request filed");
    let notice = wording::service_notice(service.time_limit_days, locale);
    let receipt = match service.service_type {
        ServiceType::Realtime => Doc::obj([
            ("service_request_id", id.into()),
            ("service_notice", notice.into()),
            ("account_id", account_id),
        ]),
        // Batch services answer a token, as the spec says; the id is there as well
        // because the sandbox knows it at once.
        ServiceType::Batch => Doc::obj([
            ("token", token.into()),
            ("service_request_id", id.into()),
            ("service_notice", notice.into()),
            ("account_id", account_id),
        ]),
    };
    Ok(Doc::list([receipt]))
}

fn text_field(params: &Params, name: &str, max: usize) -> Result<Option<String>, Open311Error> {
    match params.get(name) {
        None => Ok(None),
        Some(value) if value.chars().count() > max => Err(Open311Error::bad_request(format!(
            "{name} must be at most {max} characters"
        ))),
        Some(value) => Ok(Some(value.to_owned())),
    }
}

fn coordinate(params: &Params, name: &str, limit: f64) -> Result<Option<f64>, Open311Error> {
    params
        .get(name)
        .map(|value| {
            value
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && v.abs() <= limit)
                .ok_or_else(|| {
                    Open311Error::bad_request(format!(
                        "{name} must be a WGS84 coordinate between -{limit} and {limit}"
                    ))
                })
        })
        .transpose()
}

/// Reads the media URLs (`media_url`, repeatable): http(s) only.
pub fn media_urls(params: &Params) -> Result<Vec<String>, Open311Error> {
    let urls: Vec<String> = params
        .iter()
        .filter(|(k, _)| *k == "media_url" || *k == "media_url[]")
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect();
    if urls.len() > MAX_PHOTOS {
        return Err(Open311Error::bad_request(format!(
            "at most {MAX_PHOTOS} media_url values are accepted"
        )));
    }
    for url in &urls {
        let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
        if !scheme_ok || url.len() > MAX_URL_CHARS || url.contains(char::is_whitespace) {
            return Err(Open311Error::bad_request(
                "media_url must be an http or https URL",
            ));
        }
    }
    Ok(urls)
}

/// A quirk of real servers, kept in plain mode: the streetlight service's back office
/// refuses a report it cannot place with HTTP 500, the reason still in the error array.
fn plain_refusal(plain: bool, service_code: &str, error: Open311Error) -> Open311Error {
    if plain && service_code == "streetlight-out" && error.status == StatusCode::BAD_REQUEST {
        return Open311Error::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("Streetlight report not accepted: {}", error.description),
        );
    }
    error
}

/// Everything of the form but the service and its attributes. A plain city reads the
/// address from `address` (as its answers spell it), not the standard `address_string`.
fn read_case(params: &Params, plain: bool) -> Result<NewCase, Open311Error> {
    let lat = coordinate(params, "lat", 90.0)?;
    let long = coordinate(params, "long", 180.0)?;
    if lat.is_some() != long.is_some() {
        return Err(Open311Error::bad_request(
            "lat and long must be given together",
        ));
    }
    let address_field = if plain { "address" } else { "address_string" };
    let address = text_field(params, address_field, MAX_FIELD_CHARS)?;
    let address_id = text_field(params, "address_id", MAX_FIELD_CHARS)?;
    if lat.is_none() && address.is_none() && address_id.is_none() {
        return Err(Open311Error::bad_request(format!(
            "a location is required: lat and long, {address_field} or address_id"
        )));
    }
    let email = text_field(params, "email", MAX_FIELD_CHARS)?;
    if let Some(email) = &email {
        let valid = email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.contains('@')
        });
        if !valid {
            return Err(Open311Error::bad_request("email is not a valid address"));
        }
    }
    let phone = text_field(params, "phone", 32)?;
    if let Some(phone) = &phone {
        let valid = phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'))
            && phone.chars().filter(char::is_ascii_digit).count() >= 3;
        if !valid {
            return Err(Open311Error::bad_request(
                "phone must be a telephone number",
            ));
        }
    }
    let channel = params.get("channel").unwrap_or("web").to_owned();
    if !CHANNELS.contains(&channel.as_str()) {
        return Err(Open311Error::bad_request(
            "channel must be web, window or phone",
        ));
    }
    let clerk_id = text_field(params, "clerk_id", 64)?;
    if channel == "window" && clerk_id.is_none() {
        return Err(Open311Error::bad_request(
            "clerk_id is required when channel is window",
        ));
    }
    Ok(NewCase {
        description: text_field(params, "description", MAX_DESCRIPTION_CHARS)?,
        lat,
        long,
        address,
        address_id,
        zipcode: text_field(params, "zipcode", 16)?,
        media_urls: media_urls(params)?,
        email,
        device_id: text_field(params, "device_id", MAX_FIELD_CHARS)?,
        account_id: text_field(params, "account_id", MAX_FIELD_CHARS)?,
        first_name: text_field(params, "first_name", MAX_FIELD_CHARS)?,
        last_name: text_field(params, "last_name", MAX_FIELD_CHARS)?,
        phone,
        clerk_id: if channel == "window" { clerk_id } else { None },
        channel,
        ..NewCase::default()
    })
}
