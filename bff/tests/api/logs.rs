//! A resident's personal data never reaches a log: the real binary, at debug level, files
//! a case with a name, phone, email, address and free text, and its whole output is searched.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::helpers::{PHONE, noise_complaint};

#[tokio::test]
async fn filing_and_tracking_leave_no_personal_data_in_the_logs() {
    let bff = crate::helpers::LoggingBff::start();
    let url = bff.url.clone().to_owned();

    let client = reqwest::Client::new();
    let description = "隔壁王阿姨家的狗每天半夜叫，影响休息";
    let mut body = noise_complaint(description);
    body["location"]["address"] = "幸福路 88 弄 6 号 502 室".into();
    let receipt: api::Receipt = client
        .post(format!("{url}api/requests"))
        .header("Idempotency-Key", "log-test")
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for code in [receipt.query_code.as_str(), "WRONG000"] {
        client
            .get(format!("{url}api/cases/{}", receipt.case_id))
            .query(&[("code", code)])
            .send()
            .await
            .unwrap();
    }
    client
        .post(format!("{url}api/cases/{}/info", receipt.case_id))
        .json(&serde_json::json!({"code": receipt.query_code, "text": "补充：联系人手机 13700001111"}))
        .send()
        .await
        .unwrap();
    let logs = bff.logs().await;

    assert!(
        logs.contains("case filed"),
        "the logs were captured: {logs}"
    );
    for secret in [
        PHONE,
        "13700001111",
        "小明",
        "wang@example.cn",
        "幸福路",
        "王阿姨",
        &receipt.query_code,
    ] {
        assert!(!logs.contains(secret), "{secret} appears in the logs");
    }
}

/// A city system that fails every call with a bare 500 (a fault-injecting stand-in: a
/// real server cannot be made to fail on cue).
async fn failing_city() -> String {
    let router = axum::Router::new()
        .fallback(|| async { (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "boom") });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}/")
}

#[tokio::test]
async fn a_failing_city_is_one_warn_line_with_route_and_status_and_no_error() {
    let upstream = failing_city().await;
    let data = tempfile::TempDir::new().unwrap();
    let dist = tempfile::TempDir::new().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>t</title>",
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_huiyin-bff"))
        .args(["--listen", "127.0.0.1:0", "--log-format", "json"])
        .args(["--upstream", &upstream, "--upstream-timeout-ms", "1000"])
        .arg("--data-dir")
        .arg(data.path())
        .arg("--dist-dir")
        .arg(dist.path())
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line
        .trim()
        .strip_prefix("Huiyin is serving at ")
        .unwrap()
        .to_owned();
    let response = reqwest::get(format!("{url}api/services")).await.unwrap();
    assert_eq!(response.status(), 502);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let mut logs = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .unwrap();
    child.wait().unwrap();

    let lines: Vec<serde_json::Value> = logs
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let faults: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|l| l["fields"]["message"] == "upstream fault")
        .collect();
    assert_eq!(faults.len(), 1, "one line for the one fault: {logs}");
    let fault = faults[0];
    assert_eq!(fault["level"], "WARN");
    assert_eq!(fault["fields"]["upstream_status"], 500);
    assert_eq!(fault["fields"]["status"], 502);
    assert_eq!(fault["span"]["route"], "/api/services");
    assert!(
        lines.iter().all(|l| l["level"] != "ERROR"),
        "no ERROR for a status the BFF chose: {logs}"
    );
}
