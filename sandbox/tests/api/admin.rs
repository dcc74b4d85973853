//! The admin API's door: bearer token, JSON bodies, and the stage machine's refusals.

use serde_json::json;

use crate::helpers::{ADMIN_TOKEN, assert_spec_error, spawn_app, spawn_with};

#[tokio::test]
async fn admin_needs_the_bearer_token() {
    let app = spawn_app().await;
    let id = app.file("noise-nuisance", &[]).await;
    let url = app.url(&format!("/admin/requests/{id}/accept"));

    let response = app.client.post(&url).send().await.unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    assert_spec_error(&response.json().await.unwrap(), 401);

    let response = app
        .client
        .post(&url)
        .bearer_auth("guess")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_spec_error(&response.json().await.unwrap(), 403);

    let response = app
        .client
        .post(&url)
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    let departments = app
        .client
        .get(app.url("/admin/departments?locale=en"))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(departments.status(), 200);
    let departments: serde_json::Value = departments.json().await.unwrap();
    assert!(departments.as_array().unwrap().len() >= 10);
    assert!(
        departments
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "civil-affairs" && d["name"] == "District Civil Affairs Bureau")
    );
}

#[tokio::test]
async fn admin_is_off_without_a_token() {
    let app = spawn_with(|config| config.admin_token = None).await;
    let id = app.file("noise-nuisance", &[]).await;
    let response = app
        .client
        .post(app.url(&format!("/admin/requests/{id}/accept")))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn admin_actions_follow_the_stage_machine() {
    let app = spawn_app().await;
    let id = app.file("noise-nuisance", &[]).await;

    for (action, body) in [
        ("start", json!({})),
        ("answer", json!({"answer": "x"})),
        ("assign", json!({"department": "housing"})),
    ] {
        let (status, body) = app.admin(&id, action, body).await;
        assert_eq!(status, 409, "{action} before acceptance: {body}");
        assert_spec_error(&body, 409);
        assert!(
            body[0]["description"]
                .as_str()
                .unwrap()
                .contains("submitted")
        );
    }
    assert_eq!(app.admin(&id, "accept", json!({})).await.0, 200);
    assert_eq!(
        app.admin(&id, "accept", json!({})).await.0,
        409,
        "accepted twice"
    );
    assert_eq!(
        app.admin(&id, "not-accept", json!({"reason": "x"})).await.0,
        409,
        "refused after acceptance"
    );

    let (status, body) = app
        .admin(&id, "assign", json!({"department": "mars-office"}))
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body[0]["description"]
            .as_str()
            .unwrap()
            .contains("department")
    );
    assert_eq!(
        app.admin(&id, "assign", json!({})).await.0,
        400,
        "department required"
    );
    assert_eq!(
        app.admin(&id, "answer", json!({"answer": "  "})).await.0,
        400,
        "answer required"
    );
    assert_eq!(
        app.admin(&id, "request-info", json!({})).await.0,
        400,
        "note required"
    );
    assert_eq!(
        app.admin(&id, "assign", json!({"department": 7})).await.0,
        400
    );
    assert_eq!(app.admin(&id, "launch", json!({})).await.0, 404);
    assert_eq!(app.admin("000", "accept", json!({})).await.0, 404);

    let response = app
        .client
        .post(app.url(&format!("/admin/requests/{id}/assign")))
        .bearer_auth(ADMIN_TOKEN)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);

    // A withdrawn case cannot be answered.
    let (status, _) = app
        .post_form(
            &format!("/requests/{id}/withdraw.json"),
            &[("api_key", crate::helpers::API_KEY)],
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = app.admin(&id, "answer", json!({"answer": "太迟了"})).await;
    assert_eq!(status, 409);
    assert!(
        body[0]["description"]
            .as_str()
            .unwrap()
            .contains("withdrawn")
    );
}

#[tokio::test]
async fn a_case_can_be_refused_with_a_reason() {
    let app = spawn_app().await;
    let id = app.file("noise-nuisance", &[]).await;
    let (status, body) = app
        .admin(&id, "not-accept", json!({"reason": "不属于本市管辖范围"}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["status"], "closed");
    assert_eq!(body[0]["extended_attributes"]["stage"], "not_accepted");
    assert_eq!(body[0]["status_notes"], "不属于本市管辖范围");
    assert_eq!(app.admin(&id, "accept", json!({})).await.0, 409);
}

#[tokio::test]
async fn a_supervisor_s_new_due_date_makes_the_case_overdue_and_urging_escalates_it() {
    let app = spawn_app().await;
    let id = app.file("noise-nuisance", &[]).await;
    app.admin(&id, "accept", json!({})).await;

    let (status, body) = app
        .admin(&id, "set-due", json!({"due": "not a date"}))
        .await;
    assert_eq!(status, 400, "{body}");
    assert_spec_error(&body, 400);

    let (status, body) = app
        .admin(&id, "set-due", json!({"due": "2020-01-02T09:00:00+08:00"}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["expected_datetime"], "2020-01-02T09:00:00+08:00");
    assert_eq!(
        body[0]["extended_attributes"]["stage"], "accepted",
        "the stage stays"
    );

    let (status, body) = app
        .post_form(
            &format!("/requests/{id}/urge.json"),
            &[("api_key", crate::helpers::API_KEY)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body[0]["extended_attributes"]["stage"], "escalated",
        "past its new due date, urging escalates"
    );

    let (status, _) = app
        .admin(
            "000",
            "set-due",
            json!({"due": "2020-01-02T09:00:00+08:00"}),
        )
        .await;
    assert_eq!(status, 404);
}
