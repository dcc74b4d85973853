//! Plain mode (`--plain`): the sandbox as a GeoReport v2 city without our extensions, so
//! that the BFF is tested against servers as they really are.

use serde_json::Value;

use crate::helpers::{API_KEY, TestApp, assert_spec_error, spawn_with};

async fn plain() -> TestApp {
    spawn_with(|config| config.plain = Some(sandbox::PlainMode::default())).await
}

#[tokio::test]
async fn a_client_follows_the_catalogue_page_by_page() {
    let app = plain().await;
    let mut url = app.url("/services.json?locale=en");
    let mut seen: Vec<Value> = Vec::new();
    let mut total = None;
    for _ in 0..10 {
        let response = app.client.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 200);
        total = Some(
            response.headers()["x-result-count"]
                .to_str()
                .unwrap()
                .to_owned(),
        );
        let next = response
            .headers()
            .get("x-next-page-url")
            .map(|v| v.to_str().unwrap().to_owned());
        let page: Vec<Value> = response.json().await.unwrap();
        assert!(page.len() <= 8);
        seen.extend(page);
        match next {
            Some(next) => {
                assert!(next.contains("locale=en"), "the language is kept: {next}");
                url = next;
            }
            None => break,
        }
    }
    assert_eq!(seen.len().to_string(), total.unwrap());
    assert!(seen.len() > 8);
    assert!(seen.iter().all(|s| s.get("time_limit_days").is_none()));
    let vending = seen
        .iter()
        .find(|s| s["service_code"] == "street-vending")
        .unwrap();
    assert_eq!(vending["metadata"], false);
    assert_spec_error(
        &app.get_json("/services/street-vending.json", 404).await,
        404,
    );
}

#[tokio::test]
async fn a_plain_case_has_a_letter_id_no_extensions_and_no_resident_actions() {
    let app = plain().await;
    let id = app.file("noise-nuisance", &[]).await;
    assert_eq!(id.len(), 8);
    assert!(
        id.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    );
    let case = app.case(&id).await;
    assert!(case.get("extended_attributes").is_none());
    assert!(case.get("notes").is_none());
    assert_eq!(
        case["expected_datetime"], case["requested_datetime"],
        "the due date is the filing moment, as some servers set it"
    );
    let (status, body) = app
        .post_form(
            &format!("/requests/{id}/urge.json"),
            &[("api_key", API_KEY)],
        )
        .await;
    assert_eq!(status, 404);
    assert_spec_error(&body, 404);
}

#[tokio::test]
async fn the_address_is_read_from_address_and_a_streetlight_it_cannot_place_is_a_500_with_a_reason()
{
    let app = plain().await;
    let form = [
        ("api_key", API_KEY),
        ("service_code", "streetlight-out"),
        ("address_string", "人民路 1 号"),
    ];
    let (status, body) = app.post_form("/requests.json", &form).await;
    assert_eq!(status, 500);
    assert_spec_error(&body, 500);
    assert!(body[0]["description"].as_str().unwrap().contains("address"));
    let form = [
        ("api_key", API_KEY),
        ("service_code", "streetlight-out"),
        ("address", "人民路 1 号"),
    ];
    let (status, body) = app.post_form("/requests.json", &form).await;
    assert_eq!(status, 200, "{body}");
}
