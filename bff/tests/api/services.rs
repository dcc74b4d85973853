use api::{Locale, ServiceKind, ServiceList};
use serde_json::Value;

use crate::helpers::spawn_app;

async fn sandbox_catalogue(sandbox: &str, locale: Locale) -> Vec<Value> {
    let url = format!("{sandbox}services.json?locale={}", locale.tag());
    reqwest::get(url).await.unwrap().json().await.unwrap()
}

#[tokio::test]
async fn services_are_the_sandbox_catalogue_fetched_over_http() {
    let app = spawn_app().await;
    let sandbox = app.sandbox_url.clone().unwrap();
    for locale in Locale::ALL {
        let response = app
            .client
            .get(app.at("/api/services"))
            .query(&[("locale", locale.tag())])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let list: ServiceList = response.json().await.unwrap();
        assert_eq!(list.locale, locale);
        let upstream = sandbox_catalogue(&sandbox, locale).await;
        let names: Vec<&str> = list.services.iter().map(|s| s.name.as_str()).collect();
        let upstream_names: Vec<&str> = upstream
            .iter()
            .map(|s| s["service_name"].as_str().unwrap())
            .collect();
        assert_eq!(names, upstream_names, "{locale}");
        assert!(list.services.len() >= 12, "{locale}: at least 12 services");
    }
}

#[tokio::test]
async fn the_catalogue_spans_every_request_kind_and_applications() {
    let app = spawn_app().await;
    let list: ServiceList = app.get_json("/api/services").await;
    assert_eq!(list.locale, Locale::ZhCn, "zh-CN is the default");
    for kind in ServiceKind::ALL {
        assert!(
            list.services.iter().any(|s| s.kind == Some(kind)),
            "no {kind:?} service"
        );
    }
    assert!(list.services.iter().all(|s| s.category.is_some()));
}

#[tokio::test]
async fn time_limits_and_the_most_used_services_come_through_from_the_sandbox() {
    let app = spawn_app().await;
    let list: ServiceList = app.get_json("/api/services").await;
    assert!(list.services.iter().all(|s| s.time_limit_days.is_some()));
    let noise = list
        .services
        .iter()
        .find(|s| s.code == "noise-nuisance")
        .unwrap();
    assert_eq!(noise.common_rank, Some(1));
    assert_eq!(noise.time_limit_days, Some(13));
    let definition: api::ServiceDefinition = app.get_json("/api/services/housing-fund").await;
    assert_eq!(definition.time_limit_days, Some(3));
}

#[tokio::test]
async fn languages_differ() {
    let app = spawn_app().await;
    let mut first_names = Vec::new();
    for locale in Locale::ALL {
        let list: ServiceList = app
            .client
            .get(app.at("/api/services"))
            .query(&[("locale", locale.tag())])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        first_names.push(list.services[0].name.clone());
    }
    assert_ne!(first_names[0], first_names[2], "zh-CN and en differ");
}

#[tokio::test]
async fn an_unknown_locale_is_a_clear_400() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.at("/api/services?locale=fr"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "bad_request");
}

#[tokio::test]
async fn the_catalogue_revalidates_with_an_etag() {
    let app = spawn_app().await;
    let first = app
        .client
        .get(app.at("/api/services"))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = app
        .client
        .get(app.at("/api/services"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());
    let other_language = app
        .client
        .get(app.at("/api/services?locale=en"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(
        other_language.status(),
        200,
        "another language is another version"
    );
}

#[tokio::test]
async fn a_definition_carries_every_question_in_order() {
    let app = spawn_app().await;
    let definition: api::ServiceDefinition =
        app.get_json("/api/services/noise-nuisance?locale=en").await;
    assert_eq!(definition.name, "Noise nuisance complaint");
    assert_eq!(definition.kind, Some(ServiceKind::Complaint));
    let codes: Vec<&str> = definition
        .attributes
        .iter()
        .map(|a| a.code.as_str())
        .collect();
    assert_eq!(codes, vec!["noise_source", "time_of_day", "started_at"]);
    assert!(definition.attributes[0].required);
    assert_eq!(definition.attributes[0].values.len(), 5);
    let unknown = app
        .client
        .get(app.at("/api/services/no-such-service"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn the_catalogue_is_compressed_for_browsers_that_accept_it() {
    use std::io::Read;

    let app = spawn_app().await;
    let plain = app
        .client
        .get(app.at("/api/services?locale=en"))
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.bytes().await.unwrap();
    let compressed = app
        .client
        .get(app.at("/api/services?locale=en"))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(compressed.status(), 200);
    assert_eq!(compressed.headers()["content-encoding"], "gzip");
    assert!(compressed.headers()["etag"].to_str().unwrap().len() > 2);
    let compressed = compressed.bytes().await.unwrap();
    assert!(
        compressed.len() * 2 < plain.len(),
        "{} bytes gzip, {} plain",
        compressed.len(),
        plain.len()
    );
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&compressed[..])
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, plain);
}

#[tokio::test]
async fn live_progress_is_never_compressed() {
    // A compressor would hold the events back until its buffer fills.
    let app = spawn_app().await;
    let receipt = app.file("uncompressed-events").await;
    let response = app
        .client
        .get(app.at(&format!("/api/cases/{}/events", receipt.case_id)))
        .query(&[("code", receipt.query_code.as_str())])
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    assert!(response.headers().get("content-encoding").is_none());
}
