//! The resident's actions on a case: add information, urge, withdraw, rate.

use serde_json::json;

use crate::helpers::{API_KEY, assert_spec_error, spawn_app, xml_texts};

#[tokio::test]
async fn resident_actions_need_the_api_key() {
    let app = spawn_app().await;
    let id = app.file("noise-nuisance", &[]).await;
    for action in ["info", "urge", "withdraw", "rating"] {
        let (status, body) = app
            .post_form(
                &format!("/requests/{id}/{action}.json"),
                &[("description", "x")],
            )
            .await;
        assert_eq!(status, 403, "{action}");
        assert_spec_error(&body, 403);
    }
    let (status, _) = app
        .post_form(
            &format!("/requests/{id}/cheer.json"),
            &[("api_key", API_KEY)],
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = app
        .post_form("/requests/000/urge.json", &[("api_key", API_KEY)])
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn urging_an_overdue_case_escalates_it() {
    let app = spawn_app().await;
    let id = app.file("noise-nuisance", &[]).await;
    app.admin(&id, "accept", json!({})).await;
    app.admin(&id, "assign", json!({"department": "urban-enforcement"}))
        .await;

    let (status, body) = app
        .post_form(
            &format!("/requests/{id}/urge.json"),
            &[("api_key", API_KEY)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let case = &body[0];
    assert_eq!(
        case["extended_attributes"]["stage"], "assigned",
        "not overdue yet"
    );
    let last = case["notes"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["type"], "urge");
    assert_eq!(
        last["description"],
        "您催办了此件，已提醒区城管执法局加快办理。"
    );

    // The operator ages the case past its due date.
    app.db()
        .execute(
            "UPDATE requests SET due_at = due_at - 40 * 86400 WHERE id = ?1",
            [&id],
        )
        .unwrap();
    let (status, body) = app
        .post_form_text(&format!("/requests/{id}/urge.xml"), &[("api_key", API_KEY)])
        .await;
    crate::helpers::assert_well_formed(&body);
    assert_eq!(status, 200, "{body}");
    let stages = xml_texts(&body, "stage");
    assert_eq!(stages.first().map(String::as_str), Some("escalated"));
    assert_eq!(stages.last().map(String::as_str), Some("escalated"));
    assert_eq!(xml_texts(&body, "status"), vec!["open"]);

    // Escalated cases carry on from where they were.
    let (status, body) = app.admin(&id, "start", json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["extended_attributes"]["stage"], "in_progress");
}

#[tokio::test]
async fn urging_while_information_is_awaited_is_refused() {
    let app = spawn_app().await;
    let id = app.file("noise-nuisance", &[]).await;
    app.admin(&id, "request-info", json!({"note": "请补充具体地址"}))
        .await;
    let (status, body) = app
        .post_form(
            &format!("/requests/{id}/urge.json"),
            &[("api_key", API_KEY)],
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body[0]["description"]
            .as_str()
            .unwrap()
            .contains("waiting for your information")
    );

    let (status, body) = app
        .post_form(
            &format!("/requests/{id}/info.json"),
            &[("api_key", API_KEY)],
        )
        .await;
    assert_eq!(status, 400, "description is required: {body}");
    let (status, body) = app
        .post_form(
            &format!("/requests/{id}/info.json"),
            &[("api_key", API_KEY), ("description", "人民路100号")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body[0]["extended_attributes"]["stage"], "submitted",
        "asked before acceptance, it resumes as submitted"
    );
}

#[tokio::test]
async fn information_can_be_added_to_any_open_case_but_not_a_closed_one() {
    let app = spawn_app().await;
    let id = app.file("noise-nuisance", &[]).await;
    let (status, body) = app
        .post_form(
            &format!("/requests/{id}/info.json"),
            &[("api_key", API_KEY), ("description", "晚上十点后更严重")],
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body[0]["extended_attributes"]["stage"], "submitted");
    assert_eq!(body[0]["notes"][1]["type"], "resident");
    assert_eq!(
        body[0]["status_notes"], "您的诉求已提交，等待受理。",
        "supplements are not status notes"
    );

    app.admin(&id, "accept", json!({})).await;
    app.admin(&id, "answer", json!({"answer": "已处理"})).await;
    let (status, _) = app
        .post_form(
            &format!("/requests/{id}/info.json"),
            &[("api_key", API_KEY), ("description", "还有一件事")],
        )
        .await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn withdrawing_is_possible_only_before_the_answer() {
    let app = spawn_app().await;
    let id = app.file("noise-nuisance", &[]).await;
    app.admin(&id, "accept", json!({})).await;
    let (status, body) = app
        .post_form(
            &format!("/requests/{id}/withdraw.json"),
            &[("api_key", API_KEY), ("reason", "问题已自行解决")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["status"], "closed");
    assert_eq!(body[0]["extended_attributes"]["stage"], "withdrawn");
    let (status, _) = app
        .post_form(
            &format!("/requests/{id}/withdraw.json"),
            &[("api_key", API_KEY)],
        )
        .await;
    assert_eq!(status, 409, "withdrawn twice");

    let answered = app.file("noise-nuisance", &[]).await;
    app.admin(&answered, "accept", json!({})).await;
    app.admin(&answered, "answer", json!({"answer": "已处理"}))
        .await;
    let (status, _) = app
        .post_form(
            &format!("/requests/{answered}/withdraw.json"),
            &[("api_key", API_KEY)],
        )
        .await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn an_answer_is_rated_once() {
    let app = spawn_app().await;
    let id = app.file("noise-nuisance", &[]).await;
    let rate = |rating: &'static str| {
        let app = &app;
        let id = id.clone();
        async move {
            app.post_form(
                &format!("/requests/{id}/rating.json"),
                &[("api_key", API_KEY), ("rating", rating)],
            )
            .await
        }
    };
    assert_eq!(rate("4").await.0, 409, "not answered yet");
    app.admin(&id, "accept", json!({})).await;
    app.admin(&id, "answer", json!({"answer": "已处理"})).await;
    for bad in ["0", "6", "four", "4.5"] {
        let (status, body) = rate(bad).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
    let (status, body) = rate("4").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["extended_attributes"]["rating"], 4);
    assert_eq!(rate("5").await.0, 409, "rated twice");
    assert_eq!(app.case(&id).await["extended_attributes"]["rating"], 4);
}
