use std::sync::OnceLock;

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::path::ParameterIn;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::{OpenApi, Ref, RefOr};

/// The document's frame; the paths come from the router (see `routes::documented`).
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Huiyin BFF",
        description = "The resident app's API: the 12345 service catalogue, filing, tracking and live progress; and the service window's, where a signed-in clerk files and follows cases on a resident's behalf."
    ),
    components(schemas(
        api::ApiError,
        api::ErrorCode,
        api::FieldError,
        api::FieldErrorCode,
        api::AddInfo,
        api::CaseNote,
        api::Rating,
        api::ConsentReadOut,
        api::Receipt
    ))
)]
pub struct ApiDoc;

static DOCUMENT: OnceLock<String> = OnceLock::new();

/// Keeps the finished document (the same for every app in this process), with the answers
/// that layers rather than handlers give added to every operation they apply to.
pub fn publish(document: &utoipa::openapi::OpenApi) {
    let mut document = document.clone();
    add_shared_answers(&mut document);
    let _ = DOCUMENT.set(document.to_json().expect("the document serializes"));
}

/// Operations that call the city's system, and so may answer its failures.
const REACHES_THE_CITY: &[&str] = &[
    api::paths::SERVICES,
    api::paths::SERVICE,
    api::paths::REQUESTS,
    api::paths::CASE,
    api::paths::CASE_ACTION,
    api::paths::CLERK_REQUESTS,
    api::paths::CLERK_CASE,
    api::paths::CLERK_CASE_ACTION,
];

/// Operations that use the BFF's own stores (the idempotency keys, the photos, the clerks'
/// accounts and sessions), and so may answer their failure.
const USES_OUR_STORES: &[&str] = &[
    api::paths::REQUESTS,
    api::paths::MEDIA,
    api::paths::CLERK_SIGN_IN,
    api::paths::CLERK_SIGN_OUT,
    api::paths::CLERK_SESSION,
    api::paths::CLERK_REQUESTS,
    api::paths::CLERK_CASE,
    api::paths::CLERK_CASE_ACTION,
    api::paths::CLERK_CASE_QR,
];

/// The answers no handler writes but a route can still give: the load shedding (every
/// route but `/healthz`), the per-client rate limit (`/api/*`), axum's refusal of a path,
/// query or body it cannot read, the body limit, the BFF's own faults and the city's failures. Written here
/// once, so no annotation can forget them (schemathesis found four routes that did).
fn add_shared_answers(document: &mut OpenApi) {
    for (path, item) in document.paths.paths.iter_mut() {
        let under_api = path == "/api" || path.starts_with("/api/");
        let operations = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for operation in operations.into_iter().flatten() {
            let takes_input = operation.request_body.is_some()
                || operation.parameters.iter().flatten().any(|parameter| {
                    matches!(parameter, RefOr::T(p) if matches!(p.parameter_in, ParameterIn::Path | ParameterIn::Query))
                });
            let mut add = |status: &str, text: &str| {
                let responses = &mut operation.responses.responses;
                match responses.get_mut(status) {
                    Some(RefOr::T(response)) => {
                        if !response.description.contains(text) {
                            response.description = format!("{}; {text}", response.description);
                        }
                    }
                    Some(RefOr::Ref(_)) => {}
                    None => {
                        responses.insert(status.to_owned(), RefOr::T(error_answer(text)));
                    }
                }
            };
            if path != api::paths::HEALTHZ {
                add(
                    "503",
                    "`server_busy` with `Retry-After`: too many requests in progress",
                );
            }
            if under_api {
                add("429", "`rate_limited` with `Retry-After`");
            }
            if under_api && takes_input {
                add(
                    "400",
                    "`bad_request`: a path, query or body that cannot be read",
                );
            }
            if under_api && operation.request_body.is_some() {
                add("413", "`payload_too_large`");
            }
            if USES_OUR_STORES.contains(&path.as_str()) {
                add(
                    "500",
                    "`internal_error`: a fault of the BFF's own (its database or disk), not of the city system",
                );
            }
            if REACHES_THE_CITY.contains(&path.as_str()) {
                add(
                    "502",
                    "The city system failed: `upstream_unavailable` or `upstream_invalid`",
                );
                add(
                    "504",
                    "`upstream_timeout`: the city system did not answer in time",
                );
            }
        }
    }
}

/// The answers both filing routes give (the resident's `POST /api/requests` and the
/// window's `POST /api/clerk/requests`), as `filing::file` decides them; each route adds
/// its own.
pub struct FilingAnswers;

impl utoipa::IntoResponses for FilingAnswers {
    fn responses() -> std::collections::BTreeMap<String, RefOr<Response>> {
        let receipt = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("Receipt")))
                        .build(),
                )
                .build()
        };
        [
            ("201", receipt("Filed")),
            (
                "200",
                receipt("Filed before with this key and body: the same receipt"),
            ),
            (
                "409",
                error_answer(
                    "`submission_in_progress`: another attempt with this key is acting now; `Retry-After` says when to ask again",
                ),
            ),
            (
                "503",
                error_answer(
                    "`submission_unconfirmed`: the city system may have the case; it is checked before anything is filed again. Retry the same key after `Retry-After`",
                ),
            ),
            (
                "504",
                error_answer("The city system did not answer in time"),
            ),
        ]
        .into_iter()
        .map(|(status, answer)| (status.to_owned(), RefOr::T(answer)))
        .collect()
    }
}

fn error_answer(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ApiError")))
                .build(),
        )
        .build()
}

/// `GET /api/openapi.json`: this document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "operations",
    responses((status = 200, description = "The OpenAPI 3.1 document of these routes", body = serde_json::Value)))]
pub async fn document() -> axum::response::Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.get().cloned().unwrap_or_default(),
    )
        .into_response()
}
