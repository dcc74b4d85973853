//! The service window's rules at the HTTP boundary: accounts made only by the real
//! `huiyin-bff clerk` command, the session cookie, the custom header, the time limits, the
//! sign-in limits, and filing as channel `window` with an audit line and no personal data.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use api::ErrorCode;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{PHONE, TestApp, noise_complaint, spawn_app, spawn_with};

const PASSWORD: &str = "window-pass-2026";

/// `huiyin-bff --data-dir … clerk <args>` with `stdin` as standard input.
fn clerk_command(app: &TestApp, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_huiyin-bff"))
        .arg("--data-dir")
        .arg(&app.data_dir)
        .arg("clerk")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the BFF binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn add_clerk(app: &TestApp, id: &str) {
    let output = clerk_command(
        app,
        &["add", id, "--name", "王芳"],
        &format!("{PASSWORD}\n"),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

async fn sign_in(
    app: &TestApp,
    id: &str,
    password: &str,
    cookie: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.at("/api/clerk/sign-in"))
        .header("X-Huiyin-Clerk", "1")
        .json(&json!({"clerk_id": id, "password": password}));
    if let Some(cookie) = cookie {
        request = request.header("Cookie", cookie);
    }
    request.send().await.unwrap()
}

/// Signs in and answers the `Cookie` header value to send back.
async fn session_cookie(app: &TestApp, id: &str) -> String {
    let response = sign_in(app, id, PASSWORD, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    cookie_of(&response)
}

fn cookie_of(response: &reqwest::Response) -> String {
    let set = response
        .headers()
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .unwrap();
    set.split(';').next().unwrap().to_owned()
}

async fn code(response: reqwest::Response) -> ErrorCode {
    response.json::<api::ApiError>().await.unwrap().code
}

async fn session_status(app: &TestApp, cookie: &str) -> StatusCode {
    app.client
        .get(app.at("/api/clerk/session"))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap()
        .status()
}

fn audit_lines(app: &TestApp) -> Vec<(String, String, Option<String>, Option<String>)> {
    let conn = rusqlite::Connection::open(app.data_dir.join("bff.sqlite3")).unwrap();
    let mut statement = conn
        .prepare("SELECT clerk_id, action, case_id, detail FROM clerk_audit ORDER BY id")
        .unwrap();
    statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[tokio::test]
async fn there_is_no_account_until_the_command_makes_one_and_passwords_never_come_from_argv() {
    let app = spawn_app().await;
    let refused = sign_in(&app, "admin", "admin", None).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(code(refused).await, ErrorCode::ClerkSignInFailed);
    let short = clerk_command(&app, &["add", "w001"], "short\n");
    assert!(!short.status.success(), "a short password is refused");
    let help = Command::new(env!("CARGO_BIN_EXE_huiyin-bff"))
        .args(["clerk", "add", "--help"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&help.stdout).contains("--password"));
    add_clerk(&app, "w001");
    let listed = clerk_command(&app, &["list"], "");
    assert!(String::from_utf8_lossy(&listed.stdout).contains("w001\t王芳\tactive"));
    let stored: String = rusqlite::Connection::open(app.data_dir.join("bff.sqlite3"))
        .unwrap()
        .query_row(
            "SELECT password_hash FROM clerk_accounts WHERE clerk_id = 'w001'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(stored.starts_with("$argon2id$"), "{stored}");
    assert_eq!(
        sign_in(&app, "w001", PASSWORD, None).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn sign_in_sets_a_host_only_secure_strict_cookie_and_rotates_it() {
    let app = spawn_app().await;
    add_clerk(&app, "w001");
    let without_header = app
        .client
        .post(app.at("/api/clerk/sign-in"))
        .json(&json!({"clerk_id": "w001", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(without_header.status(), StatusCode::FORBIDDEN);
    assert_eq!(code(without_header).await, ErrorCode::ClerkHeaderMissing);

    let first = sign_in(&app, "w001", PASSWORD, None).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(first.headers()["cache-control"], "no-store");
    let set_cookie = first.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        set_cookie.starts_with("__Host-huiyin-clerk="),
        "{set_cookie}"
    );
    for attribute in ["Path=/", "Secure", "HttpOnly", "SameSite=Strict"] {
        assert!(
            set_cookie.contains(attribute),
            "{set_cookie} lacks {attribute}"
        );
    }
    assert!(!set_cookie.contains("Domain"));
    let old = cookie_of(&first);
    let session: api::ClerkSession = first.json().await.unwrap();
    assert_eq!(session.clerk_id, "w001");
    assert!(session.tracking_base.ends_with("/cases/"));
    // The page warns five minutes before the absolute limit (--clerk-session-warning-secs).
    assert_eq!(session.session_warning_secs, 300);
    assert!(session.expires_in_secs > session.session_warning_secs);

    let again = sign_in(&app, "w001", PASSWORD, Some(&old)).await;
    let new = cookie_of(&again);
    assert_ne!(new, old, "a new session id at every sign-in");
    assert_eq!(session_status(&app, &old).await, StatusCode::UNAUTHORIZED);
    assert_eq!(session_status(&app, &new).await, StatusCode::OK);

    let out_without_header = app
        .client
        .post(app.at("/api/clerk/sign-out"))
        .header("Cookie", &new)
        .send()
        .await
        .unwrap();
    assert_eq!(out_without_header.status(), StatusCode::FORBIDDEN);
    let out = app
        .client
        .post(app.at("/api/clerk/sign-out"))
        .header("Cookie", &new)
        .header("X-Huiyin-Clerk", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(session_status(&app, &new).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sessions_end_after_the_idle_and_the_absolute_limits() {
    let app = spawn_with(|config| {
        config.clerk_idle_timeout_secs = 1;
    })
    .await;
    add_clerk(&app, "w001");
    let cookie = session_cookie(&app, "w001").await;
    assert_eq!(session_status(&app, &cookie).await, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let expired = app
        .client
        .get(app.at("/api/clerk/session"))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(code(expired).await, ErrorCode::ClerkSessionRequired);

    let app = spawn_with(|config| {
        config.clerk_session_max_secs = 2;
        config.clerk_session_warning_secs = 1;
    })
    .await;
    add_clerk(&app, "w001");
    let cookie = session_cookie(&app, "w001").await;
    // Busy all the time, and still out after two seconds.
    for _ in 0..3 {
        assert_eq!(session_status(&app, &cookie).await, StatusCode::OK);
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(
        session_status(&app, &cookie).await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn wrong_passwords_are_limited_per_account_and_per_client() {
    let app = spawn_with(|config| {
        config.clerk_sign_in_failures_per_account = 3;
        config.clerk_sign_in_failures_per_client = 5;
    })
    .await;
    add_clerk(&app, "w001");
    add_clerk(&app, "w002");
    for _ in 0..3 {
        let wrong = sign_in(&app, "w001", "not the password", None).await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    }
    let locked = sign_in(&app, "w001", PASSWORD, None).await;
    assert_eq!(
        locked.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "even the right one"
    );
    let wait: u64 = locked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&wait), "{wait}");
    let body: api::ApiError = locked.json().await.unwrap();
    assert_eq!(body.code, ErrorCode::ClerkSignInLimited);
    assert_eq!(body.retry_after_secs, Some(wait));
    assert_eq!(
        sign_in(&app, "w002", PASSWORD, None).await.status(),
        StatusCode::OK,
        "another account is not locked"
    );
    for _ in 0..2 {
        sign_in(&app, "nobody", "guess", None).await;
    }
    let client_locked = sign_in(&app, "w002", PASSWORD, None).await;
    assert_eq!(
        client_locked.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "client limit"
    );
    let audit = audit_lines(&app);
    assert!(
        audit
            .iter()
            .any(|(id, action, ..)| id == "w001" && action == "sign_in_refused")
    );
    assert!(
        !audit.iter().any(|(id, ..)| id == "nobody"),
        "unknown ids are not recorded"
    );
}

#[tokio::test]
async fn a_clerk_files_as_the_window_channel_with_an_audit_line_and_no_personal_data() {
    let app = spawn_app().await;
    add_clerk(&app, "w001");
    let cookie = session_cookie(&app, "w001").await;
    let mut body = noise_complaint("窗口代办：楼下烧烤店每晚很吵");
    body["consent_read_out"] = json!("by_clerk");
    let post = |key: &str, header: bool, cookie: Option<&str>, body: &serde_json::Value| {
        let mut request = app
            .client
            .post(app.at("/api/clerk/requests"))
            .header("Idempotency-Key", key)
            .json(body);
        if header {
            request = request.header("X-Huiyin-Clerk", "1");
        }
        if let Some(cookie) = cookie {
            request = request.header("Cookie", cookie.to_owned());
        }
        request.send()
    };
    let no_header = post("k1", false, Some(&cookie), &body).await.unwrap();
    assert_eq!(no_header.status(), StatusCode::FORBIDDEN);
    let no_session = post("k1", true, None, &body).await.unwrap();
    assert_eq!(no_session.status(), StatusCode::UNAUTHORIZED);
    let mut unsaid = body.clone();
    unsaid.as_object_mut().unwrap().remove("consent_read_out");
    let unsaid = post("k0", true, Some(&cookie), &unsaid).await.unwrap();
    assert_eq!(unsaid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields = unsaid.json::<api::ApiError>().await.unwrap().fields;
    assert!(fields.iter().any(|f| f.field == "consent_read_out"));
    assert_eq!(app.upstream_case_count().await, 0, "refusals make no case");

    let filed = post("k1", true, Some(&cookie), &body).await.unwrap();
    assert_eq!(filed.status(), StatusCode::CREATED);
    assert_eq!(filed.headers()["cache-control"], "no-store");
    let receipt: api::Receipt = filed.json().await.unwrap();
    let upstream = app.upstream_case(&receipt.case_id).await;
    let extended = &upstream["extended_attributes"];
    assert_eq!(extended["channel"], "window");
    assert_eq!(extended["clerk_id"], "w001");
    assert!(
        !upstream.to_string().contains("王芳"),
        "never the clerk's name"
    );

    // The resident's own tracking page knows nothing of the clerk.
    let view = app
        .case(&receipt.case_id, &receipt.query_code)
        .await
        .text()
        .await
        .unwrap();
    assert!(!view.contains("w001") && !view.contains("王芳"));

    let audit = audit_lines(&app);
    let filing = audit
        .iter()
        .find(|(_, action, ..)| action == "file")
        .expect("an audit line for the filing");
    assert_eq!(filing.0, "w001");
    assert_eq!(filing.2.as_deref(), Some(receipt.case_id.as_str()));
    assert_eq!(filing.3.as_deref(), Some("consent read out by_clerk"));
    let everything = format!("{audit:?}");
    for personal in [PHONE, "小明", "王", "wang@example.cn", "人民路", "烧烤"] {
        assert!(
            !everything.contains(personal),
            "{personal} in the audit log"
        );
    }
}

#[tokio::test]
async fn a_clerk_looks_up_and_acts_on_a_case_with_its_code_and_prints_its_qr_code() {
    let app = spawn_app().await;
    add_clerk(&app, "w001");
    let receipt = app.file("window-lookup").await;
    let cookie = session_cookie(&app, "w001").await;
    let case_url = app.at(&format!("/api/clerk/cases/{}", receipt.case_id));
    let without_session = app
        .client
        .get(&case_url)
        .query(&[("code", &receipt.query_code)])
        .send()
        .await
        .unwrap();
    assert_eq!(without_session.status(), StatusCode::UNAUTHORIZED);
    let wrong_code = app
        .client
        .get(&case_url)
        .header("Cookie", &cookie)
        .query(&[("code", "WRONG123")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_code.status(), StatusCode::NOT_FOUND);
    let shown = app
        .client
        .get(&case_url)
        .header("Cookie", &cookie)
        .query(&[("code", &receipt.query_code)])
        .send()
        .await
        .unwrap();
    assert_eq!(shown.status(), StatusCode::OK);

    let urge = json!({"code": receipt.query_code, "note": null});
    let unheaded = app
        .client
        .post(format!("{case_url}/urge"))
        .header("Cookie", &cookie)
        .json(&urge)
        .send()
        .await
        .unwrap();
    assert_eq!(unheaded.status(), StatusCode::FORBIDDEN);
    let withdrawn = app
        .client
        .post(format!("{case_url}/withdraw"))
        .header("Cookie", &cookie)
        .header("X-Huiyin-Clerk", "1")
        .json(&urge)
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status(), StatusCode::OK);
    let view: api::CaseView = withdrawn.json().await.unwrap();
    assert_eq!(view.stage, api::Stage::Withdrawn);

    let qr = app
        .client
        .get(format!("{case_url}/qr.svg"))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(qr.status(), StatusCode::OK);
    assert_eq!(qr.headers()["content-type"], "image/svg+xml");
    assert_eq!(qr.headers()["cache-control"], "no-store");
    assert!(qr.text().await.unwrap().contains("<svg"));

    let actions: Vec<String> = audit_lines(&app)
        .into_iter()
        .filter(|(_, _, case, _)| case.as_deref() == Some(receipt.case_id.as_str()))
        .map(|(_, action, ..)| action)
        .collect();
    assert_eq!(actions, ["view", "withdraw"]);
}

#[tokio::test]
async fn a_disabled_account_is_signed_out_at_once() {
    let app = spawn_app().await;
    add_clerk(&app, "w001");
    let cookie = session_cookie(&app, "w001").await;
    let output = clerk_command(&app, &["disable", "w001"], "");
    assert!(output.status.success());
    assert_eq!(
        session_status(&app, &cookie).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&app, "w001", PASSWORD, None).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

/// Every `Set-Cookie` of a response, whole.
fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_clerks_sign_in_marks_the_browser_as_a_window_for_every_tab_until_sign_out() {
    let app = spawn_app().await;
    add_clerk(&app, "w001");
    let signed_in = sign_in(&app, "w001", PASSWORD, None).await;
    assert_eq!(signed_in.status(), StatusCode::OK);
    let cookies = set_cookies(&signed_in);
    let flag = cookies
        .iter()
        .find(|c| c.starts_with("__Host-huiyin-window="))
        .expect("the window-mode cookie beside the session's");
    assert!(flag.starts_with("__Host-huiyin-window=1;"), "{flag}");
    for attribute in ["Path=/", "Secure", "SameSite=Strict"] {
        assert!(flag.contains(attribute), "{flag} lacks {attribute}");
    }
    assert!(
        !flag.contains("HttpOnly"),
        "every tab's page reads it to start in window mode"
    );
    assert!(!flag.contains("Max-Age") && !flag.contains("Domain"));
    let session = cookies
        .iter()
        .find(|c| c.starts_with("__Host-huiyin-clerk="))
        .unwrap();
    assert!(
        session.contains("HttpOnly"),
        "the session stays out of reach"
    );

    let out = app
        .client
        .post(app.at("/api/clerk/sign-out"))
        .header("Cookie", cookie_of(&signed_in))
        .header("X-Huiyin-Clerk", "1")
        .send()
        .await
        .unwrap();
    let cleared = set_cookies(&out);
    for name in ["__Host-huiyin-clerk=;", "__Host-huiyin-window=;"] {
        assert!(
            cleared
                .iter()
                .any(|c| c.starts_with(name) && c.contains("Max-Age=0")),
            "sign-out clears {name} ({cleared:?})"
        );
    }
}

#[tokio::test]
async fn a_clerk_confirms_a_looked_up_case_by_its_masked_phone_which_residents_never_get() {
    let app = spawn_app().await;
    add_clerk(&app, "w001");
    let receipt = app.file("window-phone").await;
    let cookie = session_cookie(&app, "w001").await;
    let clerks = app
        .client
        .get(app.at(&format!("/api/clerk/cases/{}", receipt.case_id)))
        .header("Cookie", &cookie)
        .query(&[("code", &receipt.query_code)])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let view: api::CaseView = serde_json::from_str(&clerks).unwrap();
    assert_eq!(
        view.phone_masked.as_deref(),
        Some(api::mask_phone(PHONE).as_str())
    );
    assert!(
        !clerks.contains(PHONE),
        "the full number never leaves the BFF"
    );

    let residents = app
        .case(&receipt.case_id, &receipt.query_code)
        .await
        .json::<api::CaseView>()
        .await
        .unwrap();
    assert_eq!(
        residents.phone_masked, None,
        "a resident's view is not personal"
    );
}

#[tokio::test]
async fn a_clerk_withdraws_with_the_residents_reason_which_never_becomes_a_public_note() {
    let app = spawn_app().await;
    add_clerk(&app, "w001");
    let receipt = app.file("window-withdraw-reason").await;
    let cookie = session_cookie(&app, "w001").await;
    let reason = "邻居王先生已经搬走了";
    let withdrawn = app
        .client
        .post(app.at(&format!("/api/clerk/cases/{}/withdraw", receipt.case_id)))
        .header("Cookie", &cookie)
        .header("X-Huiyin-Clerk", "1")
        .json(&json!({"code": receipt.query_code, "note": reason}))
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status(), StatusCode::OK);
    let clerks = withdrawn.text().await.unwrap();
    assert!(clerks.contains("\"withdrawn\""), "{clerks}");
    assert!(
        !clerks.contains(reason),
        "not on the clerk's screen as a note"
    );
    let residents = app
        .case(&receipt.case_id, &receipt.query_code)
        .await
        .text()
        .await
        .unwrap();
    assert!(!residents.contains(reason), "not on the public timeline");

    let line = audit_lines(&app)
        .into_iter()
        .find(|(_, action, ..)| action == "withdraw")
        .expect("an audit line");
    assert_eq!(line.3.as_deref(), Some("reason given"));
    assert!(!format!("{:?}", audit_lines(&app)).contains("搬走"));
}
