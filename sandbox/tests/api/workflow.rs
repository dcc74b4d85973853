//! A case through every stage, driven by the admin API and the resident's actions.

use serde_json::{Value, json};

use crate::helpers::{API_KEY, spawn_app};

fn stages(case: &Value) -> Vec<&str> {
    case["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["stage"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn resident_tracks_case_through_every_stage() {
    let app = spawn_app().await;
    let id = app.file("noise-nuisance", &[]).await;

    let (status, body) = app.admin(&id, "accept", json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["extended_attributes"]["stage"], "accepted");
    assert_eq!(body[0]["status_notes"], "您的诉求已受理。");

    let (status, body) = app
        .admin(&id, "assign", json!({"department": "ecology-environment"}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["agency_responsible"], "区生态环境局");
    assert_eq!(body[0]["status_notes"], "已转办至区生态环境局。");

    let (status, _) = app.admin(&id, "start", json!({})).await;
    assert_eq!(status, 200);

    let (status, body) = app
        .admin(
            &id,
            "request-info",
            json!({"note": "请提供噪音出现的具体楼栋"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["extended_attributes"]["stage"], "needs_info");
    assert_eq!(body[0]["status"], "open");
    assert_eq!(body[0]["status_notes"], "请提供噪音出现的具体楼栋");

    let (status, body) = app
        .post_form(
            &format!("/requests/{id}/info.json"),
            &[
                ("api_key", API_KEY),
                ("description", "3号楼底商"),
                ("media_url", "https://img.example.cn/shop.jpg"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body[0]["extended_attributes"]["stage"], "in_progress",
        "resumes where it was"
    );
    assert_eq!(
        body[0]["extended_attributes"]["photos"],
        json!(["https://img.example.cn/shop.jpg"])
    );

    let (status, body) = app
        .admin(&id, "escalate", json!({"note": "市级督办"}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["extended_attributes"]["stage"], "escalated");

    let (status, body) = app
        .admin(
            &id,
            "answer",
            json!({"answer": "已责令商户夜间停止外放音响，并安排回访。"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let answered = &body[0];
    assert_eq!(answered["status"], "closed");
    assert_eq!(
        answered["status_notes"],
        "已责令商户夜间停止外放音响，并安排回访。"
    );
    assert_eq!(answered["agency_responsible"], "区生态环境局");
    assert_eq!(
        answered["updated_datetime"],
        answered["notes"][7]["datetime"]
    );

    let (status, body) = app
        .post_form(
            &format!("/requests/{id}/rating.json"),
            &[
                ("api_key", API_KEY),
                ("rating", "5"),
                ("comment", "处理及时"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let rated = &body[0];
    assert_eq!(rated["status"], "closed");
    assert_eq!(rated["extended_attributes"]["stage"], "rated");
    assert_eq!(rated["extended_attributes"]["rating"], 5);
    assert_eq!(
        rated["status_notes"], answered["status_notes"],
        "the answer stays the status note"
    );

    assert_eq!(
        stages(rated),
        [
            "submitted",
            "accepted",
            "assigned",
            "in_progress",
            "needs_info",
            "in_progress",
            "escalated",
            "answered",
            "rated"
        ]
    );
    let types: Vec<&str> = rated["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "status_change",
            "status_change",
            "status_change",
            "status_change",
            "status_change",
            "resident",
            "status_change",
            "answer",
            "rating"
        ]
    );
    for note in rated["notes"].as_array().unwrap() {
        assert!(note["description"].as_str().is_some_and(|d| !d.is_empty()));
        assert!(note["department"].is_string());
        chrono::DateTime::parse_from_rfc3339(note["datetime"].as_str().unwrap()).unwrap();
    }
    assert_eq!(rated["notes"][5]["description"], "3号楼底商");
    assert_eq!(rated["notes"][7]["department"], "区生态环境局");

    // The same history in English, with the standard wording translated.
    let en = app
        .get_json(
            &format!("/requests/{id}.json?extensions=true&locale=en"),
            200,
        )
        .await;
    assert_eq!(
        en[0]["notes"][1]["description"],
        "Your request has been accepted."
    );
    assert_eq!(
        en[0]["notes"][2]["description"],
        "Passed to District Ecology and Environment Bureau."
    );
}

#[tokio::test]
async fn a_department_may_be_named_instead_of_coded() {
    let app = spawn_app().await;
    let id = app.file("noise-nuisance", &[]).await;
    app.admin(&id, "accept", json!({})).await;
    let (status, body) = app
        .admin(&id, "assign", json!({"department": "区城管执法局"}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["agency_responsible"], "区城管执法局");
    let (status, body) = app
        .admin(&id, "answer", json!({"answer": "已处理", "department": "District Housing and Urban-Rural Development Bureau"}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["agency_responsible"], "区住建局");
}

#[tokio::test]
async fn a_consultation_is_answered_by_the_hotline_right_after_acceptance() {
    let app = spawn_app().await;
    let id = app.file("hukou-policy", &[]).await;
    app.admin(&id, "accept", json!({})).await;
    let (status, body) = app
        .admin(&id, "answer", json!({"answer": "可携带材料到派出所办理。"}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["status"], "closed");
    assert_eq!(body[0]["agency_responsible"], "市12345政务服务便民热线");
}
