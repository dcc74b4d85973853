//! The government side's admin API: `Authorization: Bearer <admin_token>`, JSON bodies.
//!
//! `POST admin/requests/{id}/{accept|not-accept|assign|start|request-info|escalate|answer}`
//! answers the case as `GET requests/{id}.json?extensions=true` does; so does
//! `POST admin/requests/{id}/set-due` {due}, which changes the case's due date (办理时限)
//! as a supervisor who extends or shortens it does, and is how a test makes a case overdue.
//! `GET admin/departments` lists the departments cases can be assigned to.
//! Without an admin token configured, every admin route answers 404.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use serde_json::Value;

use crate::Sandbox;
use crate::cases;
use crate::catalogue;
use crate::clock;
use crate::doc::Doc;
use crate::error::Open311Error;
use crate::format::Format;
use crate::open311::requests::case_doc;
use crate::params::{Params, shorten};
use crate::workflow::Action;

pub const MAX_NOTE_CHARS: usize = 4000;

fn authorize(sandbox: &Sandbox, headers: &HeaderMap) -> Result<(), Open311Error> {
    let Some(expected) = sandbox
        .config()
        .admin_token
        .as_deref()
        .filter(|t| !t.is_empty())
    else {
        return Err(Open311Error::not_found("the admin API is not enabled"));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            value
                .strip_prefix("Bearer ")
                .or_else(|| value.strip_prefix("bearer "))
        })
        .map(str::trim)
        .ok_or_else(|| {
            Open311Error::unauthorized("Authorization: Bearer <admin token> is required")
        })?;
    if crate::secret_eq(expected, given) {
        Ok(())
    } else {
        Err(Open311Error::forbidden("the admin token is not valid"))
    }
}

pub async fn departments(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let outcome = async {
        authorize(&sandbox, &headers)?;
        let locale = Params::from_query(query.as_deref()).locale()?;
        let departments = sandbox
            .db()
            .call(move |conn| Ok(catalogue::departments(conn, locale)?))
            .await?;
        Ok(Doc::list(departments.into_iter().map(|d| {
            Doc::obj([("code", d.code.into()), ("name", d.name.into())])
        })))
    }
    .await;
    Format::Json.reply("departments", outcome)
}

pub async fn act(
    State(sandbox): State<Sandbox>,
    Path((id, action)): Path<(String, String)>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let outcome = async {
        authorize(&sandbox, &headers)?;
        let locale = Params::from_query(query.as_deref()).locale()?;
        let body = read_body(&body)?;
        if action == "set-due" {
            let due_at = read_due(&body)?;
            return sandbox
                .db()
                .call(move |conn| {
                    cases::set_due(conn, &id, due_at, clock::now())?
                        .ok_or_else(|| Open311Error::not_found("service_request_id not found"))?;
                    tracing::info!(service_request_id = %id, action = "set-due", "admin action");
                    case_doc(conn, &id, locale, true, true)
                })
                .await;
        }
        let action = read_action(&action, &body)?;
        sandbox
            .db()
            .call(move |conn| {
                let action = resolve_departments(conn, action)?;
                cases::apply(conn, &id, &action, clock::now())?
                    .ok_or_else(|| Open311Error::not_found("service_request_id not found"))?;
                tracing::info!(service_request_id = %id, action = action.name(), "admin action");
                case_doc(conn, &id, locale, true, true)
            })
            .await
    }
    .await;
    Format::Json.reply("service_requests", outcome)
}

fn read_body(body: &[u8]) -> Result<serde_json::Map<String, Value>, Open311Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::Map::new());
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Open311Error::bad_request("the body must be a JSON object")),
    }
}

fn text(body: &serde_json::Map<String, Value>, name: &str) -> Result<Option<String>, Open311Error> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) if s.chars().count() > MAX_NOTE_CHARS => {
            Err(Open311Error::bad_request(format!(
                "{name} must be at most {MAX_NOTE_CHARS} characters"
            )))
        }
        Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
        Some(_) => Err(Open311Error::bad_request(format!(
            "{name} must be a string"
        ))),
    }
}

fn required(body: &serde_json::Map<String, Value>, name: &str) -> Result<String, Open311Error> {
    text(body, name)?.ok_or_else(|| Open311Error::bad_request(format!("{name} is required")))
}

/// `due`: an ISO 8601 date-time, as `expected_datetime` is written.
fn read_due(body: &serde_json::Map<String, Value>) -> Result<i64, Open311Error> {
    let due = required(body, "due")?;
    clock::parse_datetime(&due)
        .map(|at| at.timestamp())
        .ok_or_else(|| Open311Error::bad_request("due must be an ISO 8601 date-time"))
}

fn read_action(name: &str, body: &serde_json::Map<String, Value>) -> Result<Action, Open311Error> {
    Ok(match name {
        "accept" => Action::Accept,
        "not-accept" => Action::NotAccept {
            reason: required(body, "reason")?,
        },
        "assign" => Action::Assign {
            department: required(body, "department")?,
        },
        "start" => Action::Start,
        "request-info" => Action::RequestInfo {
            note: required(body, "note")?,
        },
        "escalate" => Action::Escalate {
            note: text(body, "note")?,
        },
        "answer" => Action::Answer {
            answer: Some(required(body, "answer")?),
            department: text(body, "department")?,
        },
        _ => {
            return Err(Open311Error::not_found(
                "no such action: use accept, not-accept, assign, start, request-info, escalate, answer or set-due",
            ));
        }
    })
}

/// Replaces a department given by name with its code; an unknown one is a 400.
fn resolve_departments(
    conn: &rusqlite::Connection,
    action: Action,
) -> Result<Action, Open311Error> {
    let resolve = |given: &str| -> Result<String, Open311Error> {
        catalogue::resolve_department(conn, given)?.ok_or_else(|| {
            Open311Error::bad_request(format!("unknown department '{}'", shorten(given)))
        })
    };
    Ok(match action {
        Action::Assign { department } => Action::Assign {
            department: resolve(&department)?,
        },
        Action::Answer {
            answer,
            department: Some(department),
        } => Action::Answer {
            answer,
            department: Some(resolve(&department)?),
        },
        other => other,
    })
}
