//! `GET services` and `GET services/{service_code}`: the catalogue and its definitions.

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;

use crate::Sandbox;
use crate::catalogue::{self, Attribute, Service};
use crate::doc::Doc;
use crate::error::Open311Error;
use crate::format::Format;
use crate::params::Params;

pub async fn list(
    sandbox: Sandbox,
    query: Option<String>,
    format: Format,
    host: Option<String>,
) -> Response {
    let Some(plain) = sandbox.plain().cloned() else {
        return format.reply("services", list_doc(&sandbox, query).await);
    };
    match plain_page(&sandbox, query, plain.services_page_size).await {
        Err(error) => format.error(&error),
        Ok(page) => {
            let mut response = format.render(axum::http::StatusCode::OK, "services", &page.doc);
            let headers = response.headers_mut();
            headers.insert("X-Result-Count", page.total.into());
            if let Some(next) = page.next
                && let Ok(value) = axum::http::HeaderValue::from_str(&format!(
                    "http://{}/services.{}?page={next}{}",
                    host.as_deref().unwrap_or("127.0.0.1"),
                    format.ext(),
                    page.locale_query,
                ))
            {
                headers.insert("X-Next-Page-URL", value);
            }
            response
        }
    }
}

async fn list_doc(sandbox: &Sandbox, query: Option<String>) -> Result<Doc, Open311Error> {
    let locale = Params::from_query(query.as_deref()).locale()?;
    let services = sandbox
        .db()
        .call(move |conn| Ok(catalogue::services(conn, locale)?))
        .await?;
    Ok(Doc::list(services.iter().map(service_doc)))
}

/// One page of the catalogue as a plain server sends it.
struct Page {
    doc: Doc,
    total: usize,
    next: Option<usize>,
    locale_query: String,
}

async fn plain_page(
    sandbox: &Sandbox,
    query: Option<String>,
    page_size: u32,
) -> Result<Page, Open311Error> {
    let params = Params::from_query(query.as_deref());
    let locale = params.locale()?;
    let page = match params.get("page") {
        None => 1,
        Some(value) => value
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| Open311Error::bad_request("page must be a whole number from 1"))?,
    };
    let locale_query = params
        .get("locale")
        .map(|_| format!("&locale={}", locale.tag()))
        .unwrap_or_default();
    let services = sandbox
        .db()
        .call(move |conn| Ok(catalogue::services(conn, locale)?))
        .await?;
    let size = page_size as usize;
    let total = services.len();
    let start = (page - 1).saturating_mul(size).min(total);
    let end = start.saturating_add(size).min(total);
    Ok(Page {
        doc: Doc::list(services[start..end].iter().map(plain_service_doc)),
        total,
        next: (end < total).then_some(page + 1),
        locale_query,
    })
}

/// A service as GeoReport v2 has it and nothing more.
fn plain_service_doc(service: &Service) -> Doc {
    Doc::obj([
        ("service_code", service.code.clone().into()),
        ("service_name", service.name.clone().into()),
        ("description", service.description.clone().into()),
        ("metadata", plain_has_definition(service).into()),
        ("type", service.service_type.as_str().into()),
        ("keywords", service.keywords.clone().into()),
        ("group", service.group.clone().into()),
    ])
}

/// Whether a service publishes its questions in plain mode. Some say `metadata: false`
/// although the full sandbox asks questions there, as real catalogues mix both; the server
/// then asks nothing a client cannot know.
pub fn plain_has_definition(service: &Service) -> bool {
    service.has_attributes && !PLAIN_WITHOUT_DEFINITION.contains(&service.code.as_str())
}

/// Services that in plain mode say `metadata: false` and answer 404 for their definition.
pub const PLAIN_WITHOUT_DEFINITION: &[&str] = &["street-vending"];

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
        return Format::Json.error(&Open311Error::not_found("unknown format"));
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
) -> Result<Doc, Open311Error> {
    let locale = Params::from_query(query.as_deref()).locale()?;
    let (service, attributes) = sandbox
        .db()
        .call(move |conn| {
            let service = catalogue::service(conn, &code, locale)?;
            let attributes = catalogue::service_attributes(conn, &code, locale)?;
            Ok((service, attributes))
        })
        .await?;
    let service = service.ok_or_else(|| Open311Error::not_found("service_code not found"))?;
    if sandbox.plain().is_some() {
        if !plain_has_definition(&service) {
            return Err(Open311Error::not_found(
                "service_code has no definition (metadata is false)",
            ));
        }
        return Ok(Doc::obj([
            ("service_code", service.code.into()),
            (
                "attributes",
                Doc::list(attributes.iter().map(attribute_doc)),
            ),
        ]));
    }
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
