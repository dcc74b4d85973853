//! The demo timer moves open cases along by itself.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{spawn_app, spawn_with};

#[tokio::test]
async fn demo_timer_walks_a_case_to_its_answer() {
    let app = spawn_with(|config| config.demo = Some(Duration::from_millis(50))).await;
    let id = app.file("streetlight-out", &[]).await;
    let waiting = app.file("noise-nuisance", &[]).await;
    app.admin(&waiting, "request-info", json!({"note": "请补充位置"}))
        .await;

    let started = Instant::now();
    let case = loop {
        let case = app.case(&id).await;
        if case["status"] == "closed" {
            break case;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "demo stalled: {case}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    };
    let stages: Vec<&str> = case["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["stage"].as_str().unwrap())
        .collect();
    assert_eq!(
        stages,
        [
            "submitted",
            "accepted",
            "assigned",
            "in_progress",
            "answered"
        ]
    );
    assert_eq!(
        case["agency_responsible"], "区城市管理局",
        "the service's own department"
    );
    assert_eq!(
        case["status_notes"],
        "经核查，区城市管理局已按规定处理，感谢您的反映。"
    );
    assert_eq!(case["notes"][4]["type"], "answer");

    let waiting = app.case(&waiting).await;
    assert_eq!(
        waiting["extended_attributes"]["stage"], "needs_info",
        "a case waiting for the resident is left alone"
    );
}

#[tokio::test]
async fn without_demo_cases_stay_where_they_are() {
    let app = spawn_app().await;
    let id = app.file("streetlight-out", &[]).await;
    // A sandbox with the demo on, filed at the same time, is the witness: once its case
    // has moved, a demo timer would have moved this one too.
    let witness = spawn_with(|config| config.demo = Some(Duration::from_millis(50))).await;
    let moving = witness.file("streetlight-out", &[]).await;
    let started = Instant::now();
    while witness.case(&moving).await["extended_attributes"]["stage"] == "submitted" {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the witness's demo stalled"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(
        app.case(&id).await["extended_attributes"]["stage"],
        "submitted"
    );
}
