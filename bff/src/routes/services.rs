use api::Locale;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::AppState;
use crate::catalogue::Cached;
use crate::error::Failure;

#[derive(Debug, Deserialize)]
pub struct LocaleQuery {
    locale: Option<String>,
}

impl LocaleQuery {
    pub fn locale(&self) -> Result<Locale, Failure> {
        match self.locale.as_deref() {
            None | Some("") => Ok(Locale::default()),
            Some(tag) => Locale::from_tag(tag).ok_or_else(Failure::bad_request),
        }
    }
}

/// 304 when the browser already has this version, else the JSON with its ETag.
fn conditional(cached: Cached, headers: &HeaderMap) -> Response {
    let etag = HeaderValue::from_str(&cached.etag).expect("hex etag");
    let cache_control = HeaderValue::from_static("no-cache");
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == cached.etag));
    if matches {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag), (header::CACHE_CONTROL, cache_control)],
        )
            .into_response();
    }
    (
        [
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache_control),
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
        ],
        cached.body,
    )
        .into_response()
}

/// `GET /api/services?locale=`: the upstream's catalogue in the contract's shape.
#[utoipa::path(get, path = "/api/services", tag = "catalogue",
    params(("locale" = Option<api::Locale>, Query, description = "zh-CN (default), zh-TW or en")),
    responses(
        (status = 200, description = "The catalogue, with an ETag", body = api::ServiceList),
        (status = 304, description = "Not modified since the If-None-Match ETag"),
        (status = 400, description = "Malformed query", body = api::ApiError), (status = 502, description = "The city system failed: `upstream_unavailable` or `upstream_invalid`", body = api::ApiError), (status = 504, description = "The city system did not answer in time", body = api::ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    Query(query): Query<LocaleQuery>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let cached = state.catalogue.list(query.locale()?).await?;
    Ok(conditional(cached, &headers))
}

/// `GET /api/services/{code}?locale=`: one service with its questions.
#[utoipa::path(get, path = "/api/services/{code}", tag = "catalogue",
    params(("code" = String, Path, description = "The service's code"),
           ("locale" = Option<api::Locale>, Query, description = "zh-CN (default), zh-TW or en")),
    responses(
        (status = 200, description = "The definition, with an ETag", body = api::ServiceDefinition),
        (status = 304, description = "Not modified since the If-None-Match ETag"),
        (status = 404, description = "No such service", body = api::ApiError),
        (status = 400, description = "Malformed query", body = api::ApiError), (status = 502, description = "The city system failed: `upstream_unavailable` or `upstream_invalid`", body = api::ApiError), (status = 504, description = "The city system did not answer in time", body = api::ApiError)))]
pub async fn definition(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<LocaleQuery>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let (cached, _) = state.catalogue.definition(&code, query.locale()?).await?;
    Ok(conditional(cached, &headers))
}
