//! The resident's workflow actions, an extension in the GeoReport v2 style:
//! `POST requests/{id}/info|urge|withdraw|rating.{json,xml}`, form-encoded, `api_key`
//! required. Each answers the case as `GET requests/{id}?extensions=true` does;
//! an action the case's stage does not allow answers 409.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;

use super::create::{MAX_DESCRIPTION_CHARS, media_urls};
use super::requests::case_doc;
use super::{check_api_key, form_params};
use crate::Sandbox;
use crate::cases;
use crate::clock;
use crate::doc::Doc;
use crate::error::Open311Error;
use crate::format::Format;
use crate::params::Params;
use crate::workflow::Action;

pub const MAX_COMMENT_CHARS: usize = 500;

pub async fn act(
    State(sandbox): State<Sandbox>,
    Path((id, file)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let Some((name, format)) = Format::split(&file) else {
        return Format::Json.error(&Open311Error::not_found("unknown format"));
    };
    let name = name.to_owned();
    format.reply(
        "service_requests",
        act_doc(&sandbox, id, &name, query, &body).await,
    )
}

async fn act_doc(
    sandbox: &Sandbox,
    id: String,
    name: &str,
    query: Option<String>,
    body: &[u8],
) -> Result<Doc, Open311Error> {
    let params = form_params(query.as_deref(), body);
    check_api_key(sandbox, &params)?;
    let action = read_action(name, &params)?;
    let locale = params.locale()?;
    sandbox
        .db()
        .call(move |conn| {
            cases::apply(conn, &id, &action, clock::now())?
                .ok_or_else(|| Open311Error::not_found("service_request_id not found"))?;
            tracing::info!(service_request_id = %id, action = action.name(), "resident action");
            case_doc(conn, &id, locale, true, true)
        })
        .await
}

fn limited(params: &Params, name: &str, max: usize) -> Result<Option<String>, Open311Error> {
    match params.get(name) {
        Some(v) if v.chars().count() > max => Err(Open311Error::bad_request(format!(
            "{name} must be at most {max} characters"
        ))),
        v => Ok(v.map(str::to_owned)),
    }
}

fn read_action(name: &str, params: &Params) -> Result<Action, Open311Error> {
    match name {
        "info" => Ok(Action::AddInfo {
            description: limited(params, "description", MAX_DESCRIPTION_CHARS)?
                .ok_or_else(|| Open311Error::bad_request("description is required"))?,
            photos: media_urls(params)?,
        }),
        "urge" => Ok(Action::Urge),
        "withdraw" => Ok(Action::Withdraw {
            reason: limited(params, "reason", MAX_COMMENT_CHARS)?,
        }),
        "rating" => {
            let rating = params
                .get("rating")
                .and_then(|r| r.parse::<u8>().ok())
                .filter(|r| (1..=5).contains(r))
                .ok_or_else(|| {
                    Open311Error::bad_request("rating must be a whole number from 1 to 5")
                })?;
            Ok(Action::Rate {
                rating,
                comment: limited(params, "comment", MAX_COMMENT_CHARS)?,
            })
        }
        _ => Err(Open311Error::not_found(
            "no such action: use info, urge, withdraw or rating",
        )),
    }
}
