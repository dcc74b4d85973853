//! A plain GeoReport v2 city, as real third-party servers are: the real BFF against the
//! real sandbox in plain mode (`--sandbox-plain`), with the shipped profile
//! (`docs/profiles/plain-sandbox.toml`) or without one (the standard).

use std::path::PathBuf;

use api::CaseAction;
use serde_json::{Value, json};

use crate::helpers::{TestApp, noise_complaint, spawn_with};

fn plain_profile() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/profiles/plain-sandbox.toml")
}

/// The BFF with the embedded sandbox in plain mode and the plain sandbox's profile.
async fn plain_city() -> TestApp {
    spawn_with(|config| {
        config.sandbox_plain = true;
        config.upstream_profile = Some(plain_profile());
    })
    .await
}

/// The same plain city, but the BFF told nothing about it (the standard profile).
async fn plain_city_without_profile() -> TestApp {
    spawn_with(|config| config.sandbox_plain = true).await
}

fn streetlight_with_address_only() -> Value {
    json!({
        "service_code": "streetlight-out",
        "description": "小区门口的路灯一直不亮",
        "location": {"address": "人民路 100 号门口"},
        "attributes": {},
        "consent": true,
        "locale": "zh-CN"
    })
}

#[tokio::test]
async fn the_whole_catalogue_of_a_paged_city_is_listed_and_each_service_opens() {
    let app = plain_city().await;
    let list: api::ServiceList = app.get_json("/api/services?locale=en").await;
    let services = list.services;
    let seeded = sandbox_catalogue_size(&app).await;
    assert!(seeded > 8, "the plain sandbox pages its catalogue by 8");
    assert_eq!(services.len(), seeded, "every page was followed");
    let last = services.last().unwrap();
    let definition = app
        .client
        .get(app.at(&format!("/api/services/{}", last.code)))
        .send()
        .await
        .unwrap();
    assert_eq!(
        definition.status(),
        200,
        "a service from the last page opens"
    );
    assert!(
        services.iter().all(|s| s.time_limit_days.is_none()),
        "a plain city publishes no time limits"
    );
}

/// The catalogue as the sandbox holds it (the full sandbox's own count, one page).
async fn sandbox_catalogue_size(app: &TestApp) -> usize {
    let url = format!("{}services.json", app.sandbox_url.as_ref().unwrap());
    let first = reqwest::get(url).await.unwrap();
    first.headers()["x-result-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn the_address_reaches_a_city_that_reads_it_under_its_own_name() {
    let app = plain_city().await;
    let receipt = app.file("plain-address").await;
    let url = format!(
        "{}requests/{}.json",
        app.sandbox_url.as_ref().unwrap(),
        receipt.case_id
    );
    let cases: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    assert_eq!(cases[0]["address"], "人民路 100 号 3 栋");
}

#[tokio::test]
async fn a_city_without_online_actions_offers_none_and_says_how_instead() {
    for app in [plain_city().await, plain_city_without_profile().await] {
        // Coordinates: the city without its profile would not read the address.
        let mut complaint = noise_complaint("楼下烧烤店每晚音响很吵");
        complaint["location"] = json!({"lat": 31.2304, "long": 121.4737});
        let response = app.post_request(Some("plain-actions"), &complaint).await;
        assert_eq!(response.status(), 201);
        let receipt: api::Receipt = response.json().await.unwrap();
        let view: api::CaseView = app
            .case(&receipt.case_id, &receipt.query_code)
            .await
            .json()
            .await
            .unwrap();
        assert!(view.actions.is_empty(), "nothing offered online: {view:?}");
        assert!(view.offline_actions.contains(&CaseAction::AddInfo));
        assert!(view.offline_actions.contains(&CaseAction::Withdraw));
        let info = app
            .client
            .post(app.at(&format!("/api/cases/{}/info", receipt.case_id)))
            .json(&json!({"code": receipt.query_code, "text": "补充：晚上十点以后最吵"}))
            .send()
            .await
            .unwrap();
        assert_eq!(info.status(), 409);
        let body: Value = info.json().await.unwrap();
        assert_eq!(
            body["code"], "action_not_allowed",
            "never 'your case was not found'"
        );
    }
}

#[tokio::test]
async fn a_refusal_answered_with_500_tells_the_resident_the_citys_reason() {
    // Without the profile the address goes as `address_string`, which this city does not
    // read: it refuses the streetlight report with HTTP 500 and says why.
    let app = plain_city_without_profile().await;
    let response = app
        .post_request(Some("plain-refused"), &streetlight_with_address_only())
        .await;
    assert_eq!(response.status(), 422, "not 502 upstream_unavailable");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "upstream_rejected");
    let message = body["upstream_message"].as_str().unwrap();
    assert!(
        message.contains("Streetlight report not accepted"),
        "{message}"
    );
    assert!(!message.contains('<'));
    assert_eq!(
        body["fields"],
        json!([{"field": "location", "code": "refused_by_city"}])
    );
    assert_eq!(app.upstream_case_count().await, 0, "no case was made");

    // With the profile the same report reaches the city whole.
    let app = plain_city().await;
    let response = app
        .post_request(Some("plain-accepted"), &streetlight_with_address_only())
        .await;
    assert_eq!(response.status(), 201);
}

#[tokio::test]
async fn a_case_number_of_letters_is_found_however_it_is_typed() {
    let app = plain_city().await;
    let receipt = app.file("plain-id").await;
    assert_eq!(receipt.case_id.len(), 8);
    assert!(
        receipt
            .case_id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    );
    assert!(
        receipt.case_id.chars().any(|c| c.is_ascii_lowercase()),
        "not a number (may rarely be all digits: run again)"
    );
    let typed = format!(" {} ", receipt.case_id.to_uppercase());
    let found = app.case(&typed, &receipt.query_code).await;
    assert_eq!(found.status(), 200);
    let view: api::CaseView = found.json().await.unwrap();
    assert_eq!(view.case_id, receipt.case_id);
}

#[tokio::test]
async fn a_due_date_at_the_filing_moment_is_not_published_and_urging_is_not_offered() {
    let app = plain_city().await;
    let receipt = app.file("plain-due").await;
    let view: api::CaseView = app
        .case(&receipt.case_id, &receipt.query_code)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view.due, None, "the city gave no time limit");
    assert!(!view.actions.contains(&CaseAction::Urge));
    assert!(!view.offline_actions.contains(&CaseAction::Urge));
}

#[tokio::test]
async fn the_full_sandbox_still_offers_its_actions_online() {
    let app = spawn_with(|_| {}).await;
    let receipt = app
        .post_request(
            Some("full-actions"),
            &noise_complaint("楼下烧烤店每晚音响很吵"),
        )
        .await
        .json::<api::Receipt>()
        .await
        .unwrap();
    let view: api::CaseView = app
        .case(&receipt.case_id, &receipt.query_code)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        view.actions.contains(&CaseAction::AddInfo),
        "learned by probe"
    );
    assert!(view.offline_actions.is_empty());
}
