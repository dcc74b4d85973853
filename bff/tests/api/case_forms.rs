//! A resident without JavaScript looks a case up and acts on it (issue 19 item 3): plain
//! HTML forms posted to the real BFF, the real sandbox behind it. The lookup is the API's
//! own gate (wrong codes counted, then the wait), the case page carries the case in its
//! first HTML, and every action changes the city's case and is confirmed once.

use api::{CaseView, EventKind, Locale, Stage};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{
    Answer, FormBrowser, TestApp, app_part, message, no_redirects, noise_complaint, page_start,
    spawn_app,
};

fn en(key: &str) -> String {
    message(Locale::En, key)
}

/// The page's form token, from its hidden field (the same as its start says).
fn form_token(html: &str) -> String {
    let token = page_start(html)["case_page"]["form_token"]
        .as_str()
        .expect("a form token in the page")
        .to_owned();
    assert!(
        app_part(html).contains(&format!(
            "value=\"{token}\" type=\"hidden\" name=\"form_token\""
        )),
        "the forms carry it"
    );
    token
}

/// The case forms as their pages send them.
trait CaseForms {
    async fn send(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer;
    async fn look_up(&mut self, id: &str, code: &str) -> Answer;
}

impl CaseForms for FormBrowser<'_> {
    /// The form on `path` sent as its page would, with the page's token.
    async fn send(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let token = form_token(&self.get(path).await.html);
        let mut with_token = vec![("form_token", token.as_str())];
        with_token.extend_from_slice(fields);
        self.post(path, &with_token, "same-origin").await
    }

    async fn look_up(&mut self, id: &str, code: &str) -> Answer {
        self.send("/track", &[("case-number", id), ("query-code", code)])
            .await
    }
}

/// A case filed through the API of the BFF at `url` (under `key`), then looked up by the
/// `/track` form: its receipt, the case cookie the lookup set (`name=value`), the case
/// page's address and its HTML as that cookie opens it. For the tests that need a BFF of
/// their own (its log read, a fault proxy before the city), where [`FormBrowser`] cannot go.
async fn opened_by_form(
    client: &reqwest::Client,
    url: &str,
    key: &str,
) -> (api::Receipt, String, String, String) {
    let filed = client
        .post(format!("{url}api/requests"))
        .header("Idempotency-Key", key)
        .json(&noise_complaint("楼下烧烤店每晚音响很吵"))
        .send()
        .await
        .unwrap();
    assert_eq!(filed.status(), 201);
    let receipt: api::Receipt = filed.json().await.unwrap();
    let track = client.get(format!("{url}track")).send().await.unwrap();
    let token = form_token(&track.text().await.unwrap());
    let found = client
        .post(format!("{url}track"))
        .form(&[
            ("form_token", token.as_str()),
            ("case-number", receipt.case_id.as_str()),
            ("query-code", receipt.query_code.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(found.status(), 303);
    let cookie = found.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let page = format!("{url}cases/{}", receipt.case_id);
    let shown = client
        .get(&page)
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (receipt, cookie, page, shown)
}

async fn view(app: &TestApp, id: &str, code: &str) -> CaseView {
    let response = app.case(id, code).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn file(app: &TestApp, key: &str) -> api::Receipt {
    let mut body = noise_complaint("楼下烧烤店每晚音响很吵");
    body["locale"] = "en".into();
    let response = app.post_request(Some(key), &body).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

#[tokio::test]
async fn looking_a_case_up_without_javascript_counts_wrong_codes_and_then_says_to_wait() {
    let app = spawn_app().await;
    let locked = file(&app, "lookup-locked").await;
    let mut browser = FormBrowser::new(&app);

    let empty = browser.look_up("", "").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let words = empty.words();
    assert!(
        words.contains(&en("journey-error-summary-title")),
        "{words}"
    );
    assert!(words.contains(&en("track-case-number-missing")), "{words}");
    assert!(words.contains(&en("track-query-code-missing")), "{words}");

    for _ in 0..5 {
        let wrong = browser.look_up(&locked.case_id, "WRONG000").await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND);
        let words = wrong.words();
        assert!(words.contains(&en("error-case_not_found")), "{words}");
        // The number typed is kept, the code is not.
        assert!(
            wrong
                .html
                .contains(&format!("value=\"{}\"", locked.case_id))
        );
        assert!(!wrong.html.contains("WRONG000"));
    }
    // Locked now, even for the right code: the same limiter as the API's.
    let waiting = browser.look_up(&locked.case_id, &locked.query_code).await;
    assert_eq!(waiting.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(waiting.headers.contains_key("retry-after"));
    let too_many = en("error-too_many_attempts");
    let before_wait = too_many.split("{ $wait }").next().unwrap();
    assert!(waiting.words().contains(before_wait), "{}", waiting.words());
    let api = app.case(&locked.case_id, &locked.query_code).await;
    assert_eq!(
        api.status(),
        429,
        "the API counts the form's wrong codes too"
    );

    let found = file(&app, "lookup-found").await;
    let right = browser
        .look_up(
            &format!(" {} ", found.case_id),
            &found.query_code.to_lowercase(),
        )
        .await;
    assert_eq!(right.status, StatusCode::SEE_OTHER);
    assert_eq!(right.location(), format!("/cases/{}", found.case_id));
    let set_cookie = right.headers["set-cookie"].to_str().unwrap();
    assert!(
        set_cookie.starts_with("__Host-huiyin-cases="),
        "{set_cookie}"
    );
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
}

#[tokio::test]
async fn the_case_page_with_its_code_in_the_cookie_carries_the_case_in_its_first_html() {
    let app = spawn_app().await;
    let receipt = file(&app, "case-page").await;
    app.admin(&receipt.case_id, "accept", json!({})).await;
    let mut browser = FormBrowser::new(&app);

    let without = browser.get(&format!("/cases/{}", receipt.case_id)).await;
    assert_eq!(without.status, StatusCode::OK);
    assert!(page_start(&without.html)["case_page"]["case"].is_null());
    assert!(without.words().contains(&en("track-query-code")));

    let found = browser.look_up(&receipt.case_id, &receipt.query_code).await;
    let page = browser.get(found.location()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers["cache-control"], "no-store");
    let words = page.words();
    assert!(words.contains(&en("case-timeline-heading")), "{words}");
    let view = view(&app, &receipt.case_id, &receipt.query_code).await;
    for event in &view.events {
        let stage = event.stage.expect("the city's events name their stage");
        let name = en(&format!("stage-{}", stage.token()));
        assert!(words.contains(&name), "{name} in {words}");
    }
    let prepared = &page_start(&page.html)["case_page"]["case"];
    assert_eq!(prepared["code"], receipt.query_code.as_str());
    let prepared: CaseView = serde_json::from_value(prepared["view"].clone()).unwrap();
    assert_eq!(prepared.case_id, receipt.case_id);
    assert_eq!(prepared.events.len(), view.events.len());
}

#[tokio::test]
async fn each_action_sent_by_form_changes_the_city_s_case_and_is_confirmed_once() {
    let app = spawn_app().await;
    let receipt = file(&app, "case-actions").await;
    let (id, code) = (receipt.case_id.clone(), receipt.query_code.clone());
    let page = format!("/cases/{id}");
    let mut browser = FormBrowser::new(&app);
    browser.look_up(&id, &code).await;

    // What needs fixing comes back with the error summary, nothing sent.
    let empty = browser
        .send(&page, &[("action", "info"), ("action-info-text", "  ")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.words().contains(&en("journey-error-summary-title")));

    let info = browser
        .send(
            &page,
            &[
                ("action", "info"),
                ("action-info-text", "音响在晚上十点后最吵"),
            ],
        )
        .await;
    assert_eq!(info.status, StatusCode::SEE_OTHER);
    assert_eq!(info.location(), page);
    let after = view(&app, &id, &code).await;
    assert!(after.events.iter().any(|e| e.kind == EventKind::AddedInfo));
    let confirmed = browser.get(&page).await;
    assert!(confirmed.words().contains(&en("case-info-done")));
    assert!(confirmed.html.contains("role=\"status\""));
    let reloaded = browser.get(&page).await;
    assert!(!reloaded.words().contains(&en("case-info-done")));
    assert_eq!(
        view(&app, &id, &code).await.events.len(),
        after.events.len(),
        "reloading sends nothing"
    );

    let urged = browser
        .send(&page, &[("action", "urge"), ("action-urge-note", "")])
        .await;
    assert_eq!(urged.status, StatusCode::SEE_OTHER);
    assert!(
        view(&app, &id, &code)
            .await
            .events
            .iter()
            .any(|e| e.kind == EventKind::Urged)
    );
    assert!(
        browser
            .get(&page)
            .await
            .words()
            .contains(&en("case-urge-done"))
    );

    // Withdrawing asks first, as the app does; only "yes" withdraws.
    let asked = browser
        .send(
            &page,
            &[
                ("action", "withdraw"),
                ("action-withdraw-note", "已经解决了"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.words().contains(&en("case-withdraw-confirm")));
    assert!(asked.html.contains("已经解决了"), "what was typed is kept");
    assert_ne!(view(&app, &id, &code).await.stage, Stage::Withdrawn);
    let withdrawn = browser
        .send(
            &page,
            &[
                ("action", "withdraw"),
                ("action-withdraw-note", "已经解决了"),
                ("confirm", "yes"),
            ],
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
    assert_eq!(view(&app, &id, &code).await.stage, Stage::Withdrawn);
    assert!(
        browser
            .get(&page)
            .await
            .words()
            .contains(&en("case-withdraw-done"))
    );

    let answered = file(&app, "case-rating").await;
    app.admin(&answered.case_id, "accept", json!({})).await;
    app.admin(
        &answered.case_id,
        "answer",
        json!({"answer": "已约谈商户。"}),
    )
    .await;
    browser
        .look_up(&answered.case_id, &answered.query_code)
        .await;
    let rated_page = format!("/cases/{}", answered.case_id);
    let no_stars = browser
        .send(
            &rated_page,
            &[
                ("action", "rating"),
                ("action-rating-comment", "处理很及时"),
            ],
        )
        .await;
    assert_eq!(no_stars.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_stars.html.contains("处理很及时"), "the comment is kept");
    let rated = browser
        .send(
            &rated_page,
            &[
                ("action", "rating"),
                ("action-rating-stars", "5"),
                ("action-rating-comment", "处理很及时"),
            ],
        )
        .await;
    assert_eq!(rated.status, StatusCode::SEE_OTHER);
    let view = view(&app, &answered.case_id, &answered.query_code).await;
    assert_eq!(view.rating, Some(5));
    assert!(
        browser
            .get(&rated_page)
            .await
            .words()
            .contains(&en("case-rating-done"))
    );
}

#[tokio::test]
async fn a_forged_post_is_refused_with_a_page_and_nothing_is_done() {
    let app = spawn_app().await;
    let receipt = file(&app, "case-forged").await;
    let (id, code) = (receipt.case_id.clone(), receipt.query_code.clone());
    let page = format!("/cases/{id}");
    let mut browser = FormBrowser::new(&app);
    browser.look_up(&id, &code).await;
    let before = view(&app, &id, &code).await.events.len();

    let token = form_token(&browser.get(&page).await.html);
    let fields = [
        ("form_token", token.as_str()),
        ("action", "info"),
        ("action-info-text", "来自别的网站"),
    ];
    let cross_site = browser.post(&page, &fields, "cross-site").await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);
    assert!(cross_site.words().contains(&en("case-form-refused")));
    let bad_token = [
        ("form_token", "1.not-ours"),
        ("action", "info"),
        ("action-info-text", "来自别的网站"),
    ];
    let forged = browser.post(&page, &bad_token, "same-origin").await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let lookup = browser
        .post(
            "/track",
            &[
                ("form_token", "1.not-ours"),
                ("case-number", &id),
                ("query-code", &code),
            ],
            "same-origin",
        )
        .await;
    assert_eq!(lookup.status, StatusCode::FORBIDDEN);
    assert!(lookup.words().contains(&en("case-form-refused")));
    assert_eq!(view(&app, &id, &code).await.events.len(), before);
}

#[tokio::test]
async fn an_action_the_case_s_stage_does_not_allow_is_said_plainly() {
    let app = spawn_app().await;
    let receipt = file(&app, "case-not-allowed").await;
    let page = format!("/cases/{}", receipt.case_id);
    let mut browser = FormBrowser::new(&app);
    browser.look_up(&receipt.case_id, &receipt.query_code).await;
    // Rating a case that has no answer yet: the city refuses.
    let early = browser
        .send(&page, &[("action", "rating"), ("action-rating-stars", "4")])
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(
        early.words().contains(&en("error-action_not_allowed")),
        "{}",
        early.words()
    );
    let view = view(&app, &receipt.case_id, &receipt.query_code).await;
    assert_eq!(view.rating, None);
}

#[tokio::test]
async fn the_case_forms_leave_no_free_text_or_code_in_the_logs() {
    let bff = crate::helpers::LoggingBff::start();
    let url = bff.url.clone().to_owned();
    let client = no_redirects();
    let (receipt, cookie, page, shown) = opened_by_form(&client, &url, "form-log-test").await;
    let secret_words = "邻居老李的电话是 13800002222";
    let sent = client
        .post(&page)
        .header("cookie", &cookie)
        .form(&[
            ("form_token", form_token(&shown).as_str()),
            ("action", "info"),
            ("action-info-text", secret_words),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 303);
    let logs = bff.logs().await;
    assert!(logs.contains("resident action"), "the logs were captured");
    for secret in ["13800002222", "老李", &receipt.query_code] {
        assert!(!logs.contains(secret), "{secret} appears in the logs");
    }
}

#[tokio::test]
async fn a_city_failing_behind_a_case_form_is_one_warn_line_of_the_request_log() {
    let (sandbox, _dir) = crate::helpers::standalone_sandbox("case-form-fault-key").await;
    let proxy = crate::fault_proxy::FaultProxy::start(sandbox, Vec::new(), false).await;
    let bff = crate::helpers::LoggingBff::start_with(&[
        "--upstream",
        &proxy.url,
        "--api-key",
        "case-form-fault-key",
        "--upstream-timeout-ms",
        "1000",
    ]);
    let url = bff.url.clone();
    let client = no_redirects();
    let (_receipt, cookie, page, shown) = opened_by_form(&client, &url, "case-form-fault").await;
    let token = form_token(&shown);

    proxy.go_down_for(std::time::Duration::from_secs(60));
    // The proxy stops listening on its next tick (every 10 ms).
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let sent = client
        .post(&page)
        .header("cookie", &cookie)
        .form(&[
            ("form_token", token.as_str()),
            ("action", "info"),
            ("action-info-text", "音响在晚上十点后最吵"),
        ])
        .send()
        .await
        .unwrap();
    assert!(sent.status().is_server_error(), "{}", sent.status());
    let logs = bff.logs().await;
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let faults: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|l| l["fields"]["message"] == "upstream fault")
        .collect();
    assert_eq!(faults.len(), 1, "one line for the one failed post: {logs}");
    assert_eq!(faults[0]["level"], "WARN");
    assert_eq!(faults[0]["span"]["route"], "/cases/{id}");
    assert_eq!(faults[0]["fields"]["status"], sent.status().as_u16());
    assert!(lines.iter().all(|l| l["level"] != "ERROR"), "{logs}");
}
