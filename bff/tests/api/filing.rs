use std::sync::Arc;

use api::Receipt;
use serde_json::Value;

use crate::helpers::{noise_complaint, spawn_app, spawn_with};

#[tokio::test]
async fn a_complaint_is_filed_with_a_receipt_that_opens_the_case() {
    let app = spawn_app().await;
    let receipt = app.file("device-key-1").await;
    assert_eq!(receipt.service_code, "noise-nuisance");
    assert_eq!(receipt.query_code.len(), 8);
    let due = receipt.due_date.expect("the sandbox gives a due date");
    assert_eq!(due.len(), 10, "YYYY-MM-DD: {due}");
    let response = app.case(&receipt.case_id, &receipt.query_code).await;
    assert_eq!(response.status(), 200);
    let view: api::CaseView = response.json().await.unwrap();
    assert_eq!(view.case_id, receipt.case_id);
    assert_eq!(view.stage, api::Stage::Submitted);
}

#[tokio::test]
async fn the_same_key_and_body_answers_the_same_case_once() {
    let app = spawn_app().await;
    let first = app.file("device-key-2").await;
    let again = app
        .post_request(
            Some("device-key-2"),
            &noise_complaint("楼下烧烤店每晚音响很吵"),
        )
        .await;
    assert_eq!(again.status(), 200, "a replay is not a new case");
    let again: Receipt = again.json().await.unwrap();
    assert_eq!(again, first);
    assert_eq!(app.upstream_case_count().await, 1);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_refused() {
    let app = spawn_app().await;
    app.file("device-key-3").await;
    let other = app
        .post_request(
            Some("device-key-3"),
            &noise_complaint("另一件完全不同的事情"),
        )
        .await;
    assert_eq!(other.status(), 422);
    let body: Value = other.json().await.unwrap();
    assert_eq!(body["code"], "idempotency_key_reused");
    assert_eq!(app.upstream_case_count().await, 1);
}

#[tokio::test]
async fn twenty_concurrent_retries_make_one_case() {
    let app = Arc::new(spawn_app().await);
    let attempts = (0..20).map(|_| {
        let app = app.clone();
        tokio::spawn(async move {
            let response = app
                .post_request(
                    Some("device-key-4"),
                    &noise_complaint("楼下烧烤店每晚音响很吵"),
                )
                .await;
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap())
        })
    });
    let mut ids = std::collections::BTreeSet::new();
    for attempt in attempts {
        let (status, body) = attempt.await.unwrap();
        assert!(status == 201 || status == 200, "{status} {body}");
        ids.insert(body["case_id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), 1, "every retry got the same case");
    assert_eq!(app.upstream_case_count().await, 1);
}

#[tokio::test]
async fn a_restart_remembers_the_key() {
    let data = tempfile::TempDir::new().unwrap();
    let dir = data.path().to_path_buf();
    let first = {
        let dir = dir.clone();
        spawn_with(move |config| config.data_dir = dir).await
    };
    let receipt = first.file("device-key-5").await;
    drop(first);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let second = spawn_with(move |config| config.data_dir = dir).await;
    let again = second
        .post_request(
            Some("device-key-5"),
            &noise_complaint("楼下烧烤店每晚音响很吵"),
        )
        .await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Receipt>().await.unwrap(), receipt);
    assert_eq!(second.upstream_case_count().await, 1);
    let view = second.case(&receipt.case_id, &receipt.query_code).await;
    assert_eq!(view.status(), 200, "query codes survive a restart");
}

#[tokio::test]
async fn a_missing_key_is_a_clear_400() {
    let app = spawn_app().await;
    let response = app
        .post_request(None, &noise_complaint("楼下烧烤店每晚音响很吵"))
        .await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "idempotency_key_missing");
    assert_eq!(app.upstream_case_count().await, 0);
}

#[tokio::test]
async fn invalid_answers_name_each_field_and_reach_nobody() {
    let app = spawn_app().await;
    let mut body = noise_complaint("短");
    body["attributes"] = serde_json::json!({"noise_source": "aliens"});
    body["contact"]["phone"] = "12345".into();
    body["consent"] = false.into();
    let response = app.post_request(Some("device-key-6"), &body).await;
    assert_eq!(response.status(), 422);
    let error: api::ApiError = response.json().await.unwrap();
    assert_eq!(error.code, api::ErrorCode::ValidationFailed);
    let fields: Vec<(&str, api::FieldErrorCode)> = error
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.code))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("description", api::FieldErrorCode::TooShort),
            ("attribute.noise_source", api::FieldErrorCode::NotAnOption),
            ("contact.phone", api::FieldErrorCode::InvalidPhone),
            ("consent", api::FieldErrorCode::ConsentRequired),
        ]
    );
    let mut unknown = noise_complaint("楼下烧烤店每晚音响很吵");
    unknown["service_code"] = "no-such-service".into();
    let response = app.post_request(Some("device-key-7"), &unknown).await;
    assert_eq!(response.status(), 422);
    let response = app
        .client
        .post(app.at("/api/requests"))
        .header("Idempotency-Key", "device-key-8")
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(app.upstream_case_count().await, 0);
}
