//! `GET tokens/{token}`: the id of the request a batch service's token stands for.

use axum::extract::{Path, State};
use axum::response::Response;

use crate::Sandbox;
use crate::cases;
use crate::doc::Doc;
use crate::error::Open311Error;
use crate::format::Format;

pub async fn resolve(State(sandbox): State<Sandbox>, Path(file): Path<String>) -> Response {
    let Some((token, format)) = Format::split(&file) else {
        return Format::Json.error(&Open311Error::not_found("unknown format"));
    };
    let token = token.to_owned();
    let outcome = sandbox
        .db()
        .call(move |conn| {
            let id = cases::id_for_token(conn, &token)?
                .ok_or_else(|| Open311Error::not_found("token not found"))?;
            Ok(Doc::list([Doc::obj([
                ("service_request_id", id.into()),
                ("token", token.into()),
            ])]))
        })
        .await;
    format.reply("service_requests", outcome)
}
