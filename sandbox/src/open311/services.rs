//! `GET services` and `GET services/{service_code}`: the catalogue and its definitions.

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;

use crate::Sandbox;
use crate::catalogue::{self, Attribute, Service};
use crate::doc::Doc;
use crate::error::ApiError;
use crate::format::Format;
use crate::params::Params;

pub async fn list(sandbox: Sandbox, query: Option<String>, format: Format) -> Response {
    format.reply("services", list_doc(&sandbox, query).await)
}

async fn list_doc(sandbox: &Sandbox, query: Option<String>) -> Result<Doc, ApiError> {
    let locale = Params::from_query(query.as_deref()).locale()?;
    let services = sandbox
        .db()
        .call(move |conn| Ok(catalogue::services(conn, locale)?))
        .await?;
    Ok(Doc::list(services.iter().map(service_doc)))
}

/// A GeoReport v2 service, plus two extensions a plain client passes over:
/// `time_limit_days` (办理时限, in working days) and, for the services residents use most,
/// `common_rank` (1 = the most used).
pub fn service_doc(service: &Service) -> Doc {
    let mut fields = vec![
        ("service_code", service.code.clone().into()),
        ("service_name", service.name.clone().into()),
        ("description", service.description.clone().into()),
        ("metadata", service.has_attributes.into()),
        ("type", service.service_type.as_str().into()),
        ("keywords", service.keywords.clone().into()),
        ("group", service.group.clone().into()),
        ("time_limit_days", service.time_limit_days.into()),
    ];
    if let Some(rank) = service.common_rank {
        fields.push(("common_rank", rank.into()));
    }
    Doc::Obj(fields)
}

pub async fn definition(
    State(sandbox): State<Sandbox>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some((code, format)) = Format::split(&file) else {
        return Format::Json.error(&ApiError::not_found("unknown format"));
    };
    let code = code.to_owned();
    format.reply(
        "service_definition",
        definition_doc(&sandbox, code, query).await,
    )
}

async fn definition_doc(
    sandbox: &Sandbox,
    code: String,
    query: Option<String>,
) -> Result<Doc, ApiError> {
    let locale = Params::from_query(query.as_deref()).locale()?;
    let (service, attributes) = sandbox
        .db()
        .call(move |conn| {
            let service = catalogue::service(conn, &code, locale)?;
            let attributes = catalogue::service_attributes(conn, &code, locale)?;
            Ok((service, attributes))
        })
        .await?;
    let service = service.ok_or_else(|| ApiError::not_found("service_code not found"))?;
    Ok(Doc::obj([
        ("service_code", service.code.into()),
        (
            "attributes",
            Doc::list(attributes.iter().map(attribute_doc)),
        ),
        // Extension, as in the service list: the time limit in working days.
        ("time_limit_days", service.time_limit_days.into()),
    ]))
}

fn attribute_doc(attribute: &Attribute) -> Doc {
    let mut fields = vec![
        ("variable", attribute.variable.into()),
        ("code", attribute.code.clone().into()),
        ("datatype", attribute.datatype.as_str().into()),
        ("required", attribute.required.into()),
        (
            "datatype_description",
            attribute.datatype_description.clone().into(),
        ),
        ("order", attribute.order.into()),
        ("description", attribute.description.clone().into()),
    ];
    if attribute.datatype.is_list() {
        let values = attribute.values.iter().map(|(key, name)| {
            Doc::obj([("key", key.clone().into()), ("name", name.clone().into())])
        });
        fields.push(("values", Doc::list(values)));
    }
    Doc::Obj(fields)
}
