use api::{CaseAction, CaseView, Stage};
use serde_json::{Value, json};

use crate::helpers::{PHONE, spawn_app, spawn_with};

#[tokio::test]
async fn a_wrong_code_and_an_unknown_case_answer_the_same() {
    let app = spawn_app().await;
    let receipt = app.file("k-1").await;
    let wrong = app.case(&receipt.case_id, "AAAAAAAA").await;
    let unknown = app.case("99999999999999", &receipt.query_code).await;
    assert_eq!(wrong.status(), 404);
    assert_eq!(unknown.status(), 404);
    let wrong: Value = wrong.json().await.unwrap();
    let unknown: Value = unknown.json().await.unwrap();
    assert_eq!(wrong, unknown);
    assert_eq!(wrong, json!({"code": "case_not_found"}));
}

#[tokio::test]
async fn wrong_codes_are_limited_per_case_with_a_retry_after() {
    let app = spawn_with(|config| config.guesses_per_case = 3).await;
    let receipt = app.file("k-2").await;
    for _ in 0..3 {
        assert_eq!(app.case(&receipt.case_id, "AAAAAAAA").await.status(), 404);
    }
    let locked = app.case(&receipt.case_id, &receipt.query_code).await;
    assert_eq!(
        locked.status(),
        429,
        "even the right code waits once locked"
    );
    let retry_after: u64 = locked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after > 0);
    let body: Value = locked.json().await.unwrap();
    assert_eq!(body["code"], "too_many_attempts");
    assert_eq!(body["retry_after_secs"], retry_after);
}

#[tokio::test]
async fn the_case_never_shows_the_residents_contact_details_in_clear() {
    let app = spawn_app().await;
    let receipt = app.file("k-3").await;
    let body = app
        .case(&receipt.case_id, &receipt.query_code)
        .await
        .text()
        .await
        .unwrap();
    for secret in [PHONE, "小明", "wang@example.cn", "人民路"] {
        assert!(!body.contains(secret), "{secret} in {body}");
    }
}

async fn act(
    app: &crate::helpers::TestApp,
    id: &str,
    action: &str,
    body: Value,
) -> reqwest::Response {
    app.client
        .post(app.at(&format!("/api/cases/{id}/{action}")))
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn actions_apply_where_the_stage_allows_them() {
    let app = spawn_app().await;
    let receipt = app.file("k-4").await;
    let (id, code) = (receipt.case_id.as_str(), receipt.query_code.as_str());

    let early = act(&app, id, "rating", json!({"code": code, "rating": 5})).await;
    assert_eq!(early.status(), 409, "no rating before an answer");
    assert_eq!(
        early.json::<Value>().await.unwrap()["code"],
        "action_not_allowed"
    );

    let info = act(
        &app,
        id,
        "info",
        json!({"code": code, "text": "每晚十点以后最吵"}),
    )
    .await;
    assert_eq!(info.status(), 200);
    let view: CaseView = info.json().await.unwrap();
    assert!(view.actions.contains(&CaseAction::Withdraw));

    app.admin(id, "accept", json!({})).await;
    app.admin(id, "assign", json!({"department": "ecology-environment"}))
        .await;
    app.admin(id, "answer", json!({"answer": "已约谈商户，音响已拆除。"}))
        .await;
    let view: CaseView = app.case(id, code).await.json().await.unwrap();
    assert_eq!(view.stage, Stage::Answered);
    assert_eq!(view.answer.as_deref(), Some("已约谈商户，音响已拆除。"));
    assert_eq!(view.actions, vec![CaseAction::Rate]);

    let late = act(&app, id, "withdraw", json!({"code": code})).await;
    assert_eq!(late.status(), 409, "no withdrawal after the answer");
    let bad = act(&app, id, "rating", json!({"code": code, "rating": 9})).await;
    assert_eq!(bad.status(), 422);
    let rated = act(
        &app,
        id,
        "rating",
        json!({"code": code, "rating": 4, "comment": "很快"}),
    )
    .await;
    assert_eq!(rated.status(), 200);
    let view: CaseView = rated.json().await.unwrap();
    assert_eq!(view.stage, Stage::Rated);
    assert_eq!(view.rating, Some(4));
    let wrong = act(&app, id, "rating", json!({"code": "AAAAAAAA", "rating": 4})).await;
    assert_eq!(wrong.status(), 404);
}

#[tokio::test]
async fn withdrawing_before_an_answer_closes_the_case() {
    let app = spawn_app().await;
    let receipt = app.file("k-5").await;
    let response = act(
        &app,
        &receipt.case_id,
        "withdraw",
        json!({"code": receipt.query_code, "note": "已自行解决"}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let view: CaseView = response.json().await.unwrap();
    assert_eq!(view.stage, Stage::Withdrawn);
    assert!(view.closed);
    assert!(view.actions.is_empty());
}
