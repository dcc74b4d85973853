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
pub async fn list(
    State(state): State<AppState>,
    Query(query): Query<LocaleQuery>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let cached = state.catalogue.list(query.locale()?).await?;
    Ok(conditional(cached, &headers))
}

/// `GET /api/services/{code}?locale=`: one service with its questions.
pub async fn definition(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<LocaleQuery>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let (cached, _) = state.catalogue.definition(&code, query.locale()?).await?;
    Ok(conditional(cached, &headers))
}
