//! `POST /api/media`: the photo is the raw request body (`fetch(url, { method: "POST",
//! body: file })`), any Content-Type; the format is read from the bytes. Answers 201 with
//! `{ "id", "url" }`, where `url` is the absolute address to put in a request's
//! `media_urls`. `GET /media/{id}.jpg` serves the stored photo to anyone with its URL,
//! the city's system included.

use api::ErrorCode;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::Failure;
use crate::media::{self, MediaId, MediaStore, SaveError};
use crate::static_files::CACHE_IMMUTABLE;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StoredPhoto {
    pub id: String,
    pub url: String,
}

pub fn router(store: MediaStore) -> OpenApiRouter {
    let upload = OpenApiRouter::new()
        .routes(routes!(upload))
        .route_layer(DefaultBodyLimit::max(media::MAX_UPLOAD_BYTES));
    OpenApiRouter::new()
        .merge(upload)
        .routes(routes!(file))
        .with_state(store)
}

#[utoipa::path(post, path = "/api/media", tag = "filing",
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The photo's bytes: JPEG, PNG or WebP"),
    responses(
        (status = 201, description = "Stored without metadata; put `url` in a request's media_urls", body = StoredPhoto),
        (status = 413, description = "`payload_too_large`", body = api::ApiError),
        (status = 415, description = "`unsupported_media_type`", body = api::ApiError),
        (status = 422, description = "`image_too_large` or `image_unreadable`", body = api::ApiError),
        (status = 429, description = "`rate_limited`", body = api::ApiError)))]
async fn upload(
    State(store): State<MediaStore>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<StoredPhoto>), Failure> {
    let upload = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Failure::new(ErrorCode::PayloadTooLarge)
        } else {
            Failure::bad_request()
        }
    })?;
    let id = store.save(upload).await.map_err(refused)?;
    let photo = StoredPhoto {
        url: store.url(&id).into(),
        id: id.to_string(),
    };
    Ok((StatusCode::CREATED, Json(photo)))
}

#[utoipa::path(get, path = "/media/{file}", tag = "filing",
    params(("file" = String, Path, description = "`<id>.jpg` as answered by POST /api/media")),
    responses((status = 200, description = "The photo", content_type = "image/jpeg", body = Vec<u8>),
              (status = 404, description = "No such photo", body = api::ApiError)))]
async fn file(
    State(store): State<MediaStore>,
    file: Result<Path<String>, PathRejection>,
) -> Result<Response, Failure> {
    let Ok(Path(file)) = file else {
        return Err(Failure::not_found());
    };
    let id = MediaId::from_file_name(&file).ok_or_else(Failure::not_found)?;
    let jpeg = store.read(&id).await.map_err(|_| Failure::not_found())?;
    let headers = [
        (header::CONTENT_TYPE, "image/jpeg"),
        // A photo never changes under its id.
        (header::CACHE_CONTROL, CACHE_IMMUTABLE),
    ];
    Ok((headers, jpeg).into_response())
}

/// The photo's own fault is a 4xx; only our disk failing is not.
fn refused(error: SaveError) -> Failure {
    match error {
        SaveError::Photo(photo) => {
            // The kind only: a photo's content or name never reaches the logs.
            tracing::info!(code = photo.code().as_str(), "photo refused");
            Failure::new(photo.code())
        }
        SaveError::Busy => {
            tracing::info!("photo upload shed: decoding is at its limit");
            Failure::busy()
        }
        SaveError::Storage(error) => Failure::internal("cannot store a photo", error),
    }
}
