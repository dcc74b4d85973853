use api::{Locale, ServiceList};
use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;

use crate::AppState;
use crate::error::Failure;

#[derive(Debug, Deserialize)]
pub struct ServicesQuery {
    locale: Option<String>,
}

/// `GET /api/services?locale=`: the upstream's catalogue in the contract's shape.
pub async fn list(
    State(state): State<AppState>,
    Query(query): Query<ServicesQuery>,
) -> Result<Json<ServiceList>, Failure> {
    let locale = match query.locale.as_deref() {
        None | Some("") => Locale::default(),
        Some(tag) => Locale::from_tag(tag).ok_or_else(Failure::bad_request)?,
    };
    let services = state.upstream.services(locale).await?;
    Ok(Json(ServiceList { locale, services }))
}
