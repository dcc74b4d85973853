//! A resident's personal data never reaches a log: the real binary, at debug level, files
//! a case with a name, phone, email, address and free text, and its whole output is searched.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::helpers::{PHONE, noise_complaint};

#[tokio::test]
async fn filing_and_tracking_leave_no_personal_data_in_the_logs() {
    let data = tempfile::TempDir::new().unwrap();
    let dist = tempfile::TempDir::new().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>t</title>",
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_huiyin-bff"))
        .args(["--listen", "127.0.0.1:0", "--log-format", "json"])
        .arg("--data-dir")
        .arg(data.path())
        .arg("--dist-dir")
        .arg(dist.path())
        .env("RUST_LOG", "debug")
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
