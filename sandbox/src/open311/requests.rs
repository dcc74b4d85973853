//! `GET requests` (with the spec's filters, a 90-day default window, at most 1000 per
//! page) and `GET requests/{service_request_id}`.

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;

use super::check_api_key;
use crate::Sandbox;
use crate::cases::{self, Filter, Names, request_doc};
use crate::clock;
use crate::doc::Doc;
use crate::error::Open311Error;
use crate::format::Format;
use crate::params::{Params, shorten};
use crate::stage::Stage;

/// The longest span `start_date`..`end_date` may cover, and the default window.
pub const WINDOW_SECS: i64 = 90 * 24 * 3600;
/// The spec's default and largest page.
pub const MAX_PAGE_SIZE: u32 = 1000;

pub async fn list(sandbox: Sandbox, query: Option<String>, format: Format) -> Response {
    format.reply("service_requests", list_doc(&sandbox, query).await)
}

async fn list_doc(sandbox: &Sandbox, query: Option<String>) -> Result<Doc, Open311Error> {
    let params = Params::from_query(query.as_deref());
    let locale = params.locale()?;
    // A plain city knows no extensions and passes the flag over.
    let extensions = params.flag("extensions")? && sandbox.plain().is_none();
    let filter = filter(&params, clock::now())?;
    sandbox
        .db()
        .call(move |conn| {
            let names = Names::load(conn, locale)?;
            let mut docs = Vec::new();
            for case in cases::list(conn, &filter)? {
                let events = cases::events(conn, case.seq)?;
                docs.push(request_doc(&case, &events, &names, extensions, false));
            }
            Ok(Doc::List(docs))
        })
        .await
}

fn date_param(params: &Params, name: &str) -> Result<Option<i64>, Open311Error> {
    params
        .get(name)
        .map(|value| {
            clock::parse_datetime(value)
                .map(|dt| dt.timestamp())
                .ok_or_else(|| {
                    Open311Error::bad_request(format!(
                        "{name} must be an ISO 8601 date-time such as 2025-06-01T00:00:00+08:00 (got '{}')",
                        shorten(value)
                    ))
                })
        })
        .transpose()
}

fn number_param(params: &Params, name: &str, default: u32, max: u32) -> Result<u32, Open311Error> {
    match params.get(name) {
        None => Ok(default),
        Some(value) => value
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                Open311Error::bad_request(format!("{name} must be a whole number from 1 to {max}"))
            }),
    }
}

/// Reads the spec's filters. `service_request_id` overrides all the others.
fn filter(params: &Params, now: i64) -> Result<Filter, Open311Error> {
    let page = number_param(params, "page", 1, u32::MAX)?;
    let page_size = number_param(params, "page_size", MAX_PAGE_SIZE, MAX_PAGE_SIZE)?;
    let mut filter = Filter {
        limit: page_size,
        offset: u64::from(page - 1) * u64::from(page_size),
        ..Filter::default()
    };
    let ids = params.list("service_request_id");
    if !ids.is_empty() {
        filter.ids = Some(ids.into_iter().map(str::to_owned).collect());
        return Ok(filter);
    }
    filter.service_codes = params
        .list("service_code")
        .into_iter()
        .map(str::to_owned)
        .collect();
    let statuses = params.list("status");
    if !statuses.is_empty() {
        if let Some(bad) = statuses.iter().find(|s| !matches!(**s, "open" | "closed")) {
            return Err(Open311Error::bad_request(format!(
                "status must be open or closed (got '{}')",
                shorten(bad)
            )));
        }
        filter.stages = Some(
            Stage::ALL
                .into_iter()
                .filter(|stage| statuses.contains(&stage.status()))
                .collect(),
        );
    }
    let start = date_param(params, "start_date")?;
    let end = date_param(params, "end_date")?;
    let (from, to) = match (start, end) {
        (None, None) => (now - WINDOW_SECS, None),
        (Some(start), None) => (start, Some(start + WINDOW_SECS)),
        (None, Some(end)) => (end - WINDOW_SECS, Some(end)),
        (Some(start), Some(end)) => {
            if end < start {
                return Err(Open311Error::bad_request(
                    "end_date must not be before start_date",
                ));
            }
            if end - start > WINDOW_SECS {
                return Err(Open311Error::bad_request(
                    "start_date and end_date may not span more than 90 days",
                ));
            }
            (start, Some(end))
        }
    };
    filter.from = Some(from);
    filter.to = to;
    Ok(filter)
}

pub async fn one(
    State(sandbox): State<Sandbox>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some((id, format)) = Format::split(&file) else {
        return Format::Json.error(&Open311Error::not_found("unknown format"));
    };
    let id = id.to_owned();
    format.reply("service_requests", one_doc(&sandbox, id, query).await)
}

async fn one_doc(
    sandbox: &Sandbox,
    id: String,
    query: Option<String>,
) -> Result<Doc, Open311Error> {
    let params = Params::from_query(query.as_deref());
    let locale = params.locale()?;
    // A plain city knows no extensions and passes the flag over.
    let extensions = params.flag("extensions")? && sandbox.plain().is_none();
    let for_the_city = params.get("api_key").is_some() && check_api_key(sandbox, &params).is_ok();
    sandbox
        .db()
        .call(move |conn| case_doc(conn, &id, locale, extensions, for_the_city))
        .await
}

/// `[request]` for case `id`, or 404.
pub fn case_doc(
    conn: &rusqlite::Connection,
    id: &str,
    locale: crate::locale::Locale,
    extensions: bool,
    for_the_city: bool,
) -> Result<Doc, Open311Error> {
    let case = cases::load(conn, id)?
        .ok_or_else(|| Open311Error::not_found("service_request_id not found"))?;
    let names = Names::load(conn, locale)?;
    let events = cases::events(conn, case.seq)?;
    Ok(Doc::list([request_doc(
        &case,
        &events,
        &names,
        extensions,
        for_the_city,
    )]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(query: &str) -> Params {
        Params::from_query(Some(query))
    }

    #[test]
    fn default_window_is_the_last_90_days() {
        let f = filter(&params(""), 100 * 86_400).unwrap();
        assert_eq!((f.from, f.to), (Some(10 * 86_400), None));
        assert_eq!((f.limit, f.offset), (1000, 0));
    }

    #[test]
    fn ids_override_everything_else() {
        let f = filter(&params("service_request_id=1,2&status=open"), 0).unwrap();
        assert_eq!(f.ids, Some(vec!["1".to_owned(), "2".to_owned()]));
        assert_eq!(f.stages, None);
    }

    #[test]
    fn spans_beyond_90_days_and_bad_values_are_refused() {
        assert!(filter(&params("start_date=2025-01-01&end_date=2025-06-01"), 0).is_err());
        assert!(filter(&params("start_date=2025-06-01&end_date=2025-01-01"), 0).is_err());
        assert!(filter(&params("status=pending"), 0).is_err());
        assert!(filter(&params("page=0"), 0).is_err());
        assert!(filter(&params("page_size=1001"), 0).is_err());
        let f = filter(&params("page=3&page_size=20"), 0).unwrap();
        assert_eq!((f.limit, f.offset), (20, 40));
    }
}
