//! Filing without JavaScript (issue 19 item 3): the server's own form at
//! `/services/{code}/request`, over real HTTP to a real BFF and the real sandbox. The form
//! comes with a filing key and a form token; what the resident typed is checked by the
//! contract's own validation and kept; "send" files once per key however often it is
//! posted, and answers 303 to a receipt whose query code travels in the case cookie.

use std::time::Duration;

use api::Locale;

use crate::fault_proxy::{Fault, FaultProxy};
use crate::helpers::{
    TestApp, message, no_redirects as client, spawn_app, spawn_with, standalone_sandbox, unescape,
};

const FORM: &str = "/services/food-safety/request";

/// The value of the first `<input … name="{name}" …>` in the page, if any.
fn input_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let open = html[..at].rfind('<')?;
    let close = at + html[at..].find('>')?;
    let tag = &html[open..close];
    let value = tag.split_once("value=\"")?.1;
    Some(unescape(&value[..value.find('"')?]))
}

/// The text of the element with this id, up to its first child tag.
fn text_of_id<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html.find(&format!("id=\"{id}\"")).expect("the element");
    let start = at + html[at..].find('>').unwrap() + 1;
    &html[start..start + html[start..].find('<').unwrap()]
}

/// The filing form's hidden key and token (in the page's main part: the header's language
/// and mode form has a token of its own).
fn hidden(html: &str) -> (String, String) {
    let html = &html[html.find("<main").expect("the page's main part")..];
    (
        input_value(html, "key").expect("a key in the form"),
        input_value(html, "form_token").expect("a token in the form"),
    )
}

/// The server's page, read in `lang`.
async fn get_form(app: &TestApp, lang: &str) -> (u16, String) {
    let response = client()
        .get(app.at(&format!("{FORM}?lang={lang}")))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Every answer a resident gives to the food-safety service, each datatype among them.
fn answers(description: &str) -> Vec<(String, String)> {
    [
        ("attribute-business_name", "老王餐馆"),
        ("attribute-problems", "expired"),
        ("attribute-problems", "hygiene"),
        // English puts the day first: the question's own field is the day's box.
        ("attribute-purchased_at", "1"),
        ("attribute-purchased_at-month", "6"),
        ("attribute-purchased_at-year", "2025"),
        ("attribute-purchased_at-hour", "19"),
        ("attribute-purchased_at-minute", "30"),
        ("attribute-amount_paid", "35.5"),
        ("attribute-receipt_kept", "yes"),
        ("attribute-symptoms", "吃完以后肚子疼了一晚上"),
        ("description", description),
        ("address", "人民路 100 号"),
        ("contact-name", "欧阳小明"),
        ("contact-phone", "13912345678"),
        ("contact-email", ""),
        ("consent", "yes"),
    ]
    .map(|(a, b)| (a.to_owned(), b.to_owned()))
    .to_vec()
}

fn with(
    mut fields: Vec<(String, String)>,
    key: &str,
    token: &str,
    action: &str,
) -> Vec<(String, String)> {
    fields.push(("key".into(), key.into()));
    fields.push(("form_token".into(), token.into()));
    fields.push(("action".into(), action.into()));
    fields
}

async fn post(app: &TestApp, fields: &[(String, String)], fetch_site: &str) -> reqwest::Response {
    client()
        .post(app.at(&format!("{FORM}?lang=en")))
        .header("sec-fetch-site", fetch_site)
        .form(fields)
        .send()
        .await
        .unwrap()
}

async fn cases_with(app: &TestApp, description: &str) -> usize {
    let url = format!("{}requests.json", app.sandbox_url.as_ref().unwrap());
    let cases: Vec<serde_json::Value> = reqwest::get(url).await.unwrap().json().await.unwrap();
    cases
        .iter()
        .filter(|c| c["description"] == description)
        .count()
}

#[tokio::test]
async fn the_form_comes_with_every_question_a_key_and_a_token_in_each_language() {
    let app = spawn_app().await;
    for (lang, locale) in [
        ("zh-CN", Locale::ZhCn),
        ("zh-TW", Locale::ZhTw),
        ("en", Locale::En),
    ] {
        let (status, html) = get_form(&app, lang).await;
        assert_eq!(status, 200, "{lang}");
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{lang}");
        assert!(
            html.contains(&message(locale, "nojs-file-heading")),
            "{lang}"
        );
        let (key, token) = hidden(&html);
        assert_eq!(
            key.len(),
            32,
            "16 random bytes in hex, as the app makes them"
        );
        assert!(!token.is_empty());
        for field in [
            "attribute-business_name",
            "attribute-problems",
            "attribute-purchased_at",
            "attribute-amount_paid",
            "attribute-receipt_kept",
            "attribute-symptoms",
            "description",
            "address",
            "contact-name",
            "contact-phone",
            "contact-email",
            "consent",
        ] {
            assert!(
                html.contains(&format!("name=\"{field}\"")),
                "{lang}: {field}"
            );
        }
        assert!(
            html.contains("type=\"checkbox\""),
            "multivaluelist as checkboxes"
        );
        assert!(html.contains("type=\"radio\""), "singlevaluelist as radios");
        assert!(html.contains("<textarea"), "text as a text area");
        assert!(
            html.contains(&message(locale, "nojs-file-photos-body")),
            "{lang}: photos need the app, said plainly"
        );
    }
    let (_, again) = get_form(&app, "en").await;
    let (first, _) = hidden(&get_form(&app, "en").await.1);
    assert_ne!(hidden(&again).0, first, "every form its own key");
}

#[tokio::test]
async fn the_form_s_page_starts_no_app_and_the_service_page_does() {
    let app = spawn_app().await;
    let loader = "name=\"huiyin-app\"";
    let service = app.get_text("/services/food-safety?lang=en").await;
    assert!(service.contains(loader), "the service page is hydrated");
    let (status, form) = get_form(&app, "en").await;
    assert_eq!(status, 200);
    assert!(form.contains("<form"), "{form}");
    assert!(
        !form.contains(loader),
        "the form's page names no app to start"
    );
    assert!(
        form.contains("<title>"),
        "the rest of the template is there"
    );
    // Nor does its answer to a post (here: what to fix).
    let (key, token) = hidden(&form);
    let answer = post(
        &app,
        &with(Vec::new(), &key, &token, "check"),
        "same-origin",
    )
    .await;
    assert_eq!(answer.status(), 422);
    let answer = answer.text().await.unwrap();
    assert!(answer.contains("<form") && !answer.contains(loader));
}

#[tokio::test]
async fn a_mistake_is_named_in_the_error_summary_and_everything_typed_is_kept() {
    let app = spawn_app().await;
    let (_, html) = get_form(&app, "en").await;
    let (key, token) = hidden(&html);
    let mut fields = answers("短");
    fields.retain(|(name, _)| name != "attribute-receipt_kept" && name != "consent");
    fields.iter_mut().for_each(|(name, value)| {
        if name == "contact-phone" {
            *value = "12".into();
        }
        if name == "address" {
            value.clear();
        }
    });
    let response = post(&app, &with(fields, &key, &token, "check"), "same-origin").await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains(&message(Locale::En, "journey-error-summary-title")));
    assert!(
        html.contains("href=\"#description\""),
        "the summary links to the field"
    );
    assert!(html.contains("href=\"#attribute-receipt_kept\""));
    assert!(html.contains("href=\"#contact-phone\""));
    assert!(html.contains("href=\"#consent\""));
    // Words for this form, which has no "use your location" button.
    assert!(html.contains(&message(Locale::En, "nojs-field-error-address-required")));
    assert!(!html.contains(&message(Locale::En, "field-error-address-required")));
    // Every form names its address, so a `#consent` the summary's link left in the
    // browser's address does not follow the redirect to the receipt.
    let main = &html[html.find("<main").unwrap()..];
    assert_eq!(
        main.matches(&format!("action=\"{FORM}?lang=en\"")).count(),
        main.matches("<form").count(),
    );
    assert!(
        html.contains("Did you keep the receipt"),
        "the question's own label names it"
    );
    // What was typed is on the page again.
    assert_eq!(
        input_value(&html, "attribute-business_name").as_deref(),
        Some("老王餐馆")
    );
    assert_eq!(input_value(&html, "contact-phone").as_deref(), Some("12"));
    assert_eq!(
        input_value(&html, "attribute-purchased_at-year").as_deref(),
        Some("2025")
    );
    assert!(html.contains("吃完以后肚子疼了一晚上"));
    assert!(
        html.contains("value=\"hygiene\" checked")
            || html.contains("checked value=\"hygiene\"")
            || {
                let at = html.find("value=\"hygiene\"").unwrap();
                let open = html[..at].rfind('<').unwrap();
                let close = at + html[at..].find('>').unwrap();
                html[open..close].contains("checked")
            },
        "a ticked box stays ticked"
    );
    assert_eq!(hidden(&html).0, key, "the same filing key");
    assert_eq!(app.upstream_case_count().await, 0);
}

#[tokio::test]
async fn a_post_from_another_site_or_with_a_token_not_ours_is_refused_and_files_nothing() {
    let app = spawn_app().await;
    let (_, html) = get_form(&app, "en").await;
    let (key, token) = hidden(&html);
    let description = "forged: 这家店卖过期的牛奶好几次了";
    let cross_site = post(
        &app,
        &with(answers(description), &key, &token, "send"),
        "cross-site",
    )
    .await;
    assert_eq!(cross_site.status(), 403);
    assert!(
        cross_site
            .text()
            .await
            .unwrap()
            .contains(&message(Locale::En, "nojs-form-forged-title"))
    );
    let bad_token = post(
        &app,
        &with(answers(description), &key, "1.nottoken", "send"),
        "same-origin",
    )
    .await;
    assert_eq!(bad_token.status(), 403);
    // A token is bound to its key: another key with it is forged too.
    let other_key = post(
        &app,
        &with(answers(description), "another-key", &token, "send"),
        "same-origin",
    )
    .await;
    assert_eq!(other_key.status(), 403);
    assert_eq!(cases_with(&app, description).await, 0);
}

#[tokio::test]
async fn a_form_left_open_too_long_is_shown_again_with_its_answers_and_a_fresh_token() {
    let app = spawn_with(|config| config.form_token_lifetime_secs = 0).await;
    let (_, html) = get_form(&app, "en").await;
    let (key, token) = hidden(&html);
    // Past a lifetime of none: the clock's next second.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let description = "expired: 这家店卖过期的牛奶好几次了";
    let response = post(
        &app,
        &with(answers(description), &key, &token, "send"),
        "same-origin",
    )
    .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains(&message(Locale::En, "nojs-file-expired")));
    assert!(html.contains(description));
    let (again, fresh) = hidden(&html);
    assert_eq!(again, key);
    assert_ne!(fresh, token);
    assert_eq!(cases_with(&app, description).await, 0);
}

#[tokio::test]
async fn check_then_send_twice_is_one_case_a_redirect_and_a_receipt_from_the_cookie() {
    let app = spawn_app().await;
    let (_, html) = get_form(&app, "en").await;
    let (key, token) = hidden(&html);
    let description = "twice: 这家店卖过期的牛奶好几次了";
    let check = post(
        &app,
        &with(answers(description), &key, &token, "check"),
        "same-origin",
    )
    .await;
    assert_eq!(check.status(), 200);
    let check = check.text().await.unwrap();
    assert!(check.contains(&message(Locale::En, "file-check-heading")));
    assert!(
        check.contains("Expired or spoiled, Poor hygiene"),
        "the choices read back by name"
    );
    let (_, token) = hidden(&check);
    let mut receipts = Vec::new();
    for _ in 0..2 {
        let sent = post(
            &app,
            &with(answers(description), &key, &token, "send"),
            "same-origin",
        )
        .await;
        assert_eq!(sent.status(), 303);
        let location = sent.headers()["location"].to_str().unwrap().to_owned();
        let cookie = sent.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(cookie.starts_with("__Host-huiyin-cases="), "{cookie}");
        assert!(
            location.starts_with("/receipt/") && location.ends_with("?lang=en"),
            "{location}"
        );
        receipts.push((location, cookie));
    }
    assert_eq!(receipts[0].0, receipts[1].0, "the same case both times");
    assert_eq!(
        cases_with(&app, description).await,
        1,
        "one case for one key"
    );

    let (location, cookie) = &receipts[0];
    let pair = cookie.split(';').next().unwrap();
    let (_, value) = pair.split_once('=').unwrap();
    let code = value.split_once('~').unwrap().1;
    assert!(
        !location.contains(code),
        "the query code is never in the address"
    );
    // Reloading the receipt shows it again and files nothing.
    for _ in 0..2 {
        let receipt = client()
            .get(app.at(location))
            .header("cookie", pair)
            .send()
            .await
            .unwrap();
        assert_eq!(receipt.status(), 200);
        let html = receipt.text().await.unwrap();
        let id = location
            .trim_start_matches("/receipt/")
            .split('?')
            .next()
            .unwrap();
        let id = percent_encoding::percent_decode_str(id)
            .decode_utf8()
            .unwrap();
        assert_eq!(text_of_id(&html, "receipt-case-id"), id, "case number");
        assert_eq!(text_of_id(&html, "receipt-query-code"), code, "query code");
        assert!(html.contains(&message(Locale::En, "receipt-title")));
        assert!(html.contains(&message(Locale::En, "nojs-receipt-kept")));
        // What the app keeps in "My requests" once it runs, as for its own filings.
        let served = &crate::helpers::page_start(&html)["receipt"];
        assert_eq!(served["query_code"], code);
        assert_eq!(served["service_code"], "food-safety");
    }
    assert_eq!(cases_with(&app, description).await, 1);
    // Without the cookie it is the app's page, which reads the device's own list.
    let bare = app.get_text(location).await;
    assert!(!bare.contains("receipt-query-code"));
    assert!(!bare.contains(code));
}

#[tokio::test]
async fn a_city_that_timed_out_shows_the_unknown_outcome_and_sending_again_files_once() {
    let (sandbox, _dir) = standalone_sandbox("form-fault-key").await;
    let proxy = FaultProxy::start(
        sandbox,
        vec![Fault::SlowAnswer(Duration::from_millis(1200))],
        false,
    )
    .await;
    let app = spawn_with(|config| {
        config.upstream = Some(proxy.url.parse().unwrap());
        config.api_key = Some("form-fault-key".into());
        config.upstream_lookup = Some(bff::upstream::UpstreamLookup::IdempotencyKey);
        config.upstream_timeout_ms = 400;
    })
    .await;
    let (_, html) = get_form(&app, "en").await;
    let (key, token) = hidden(&html);
    let description = "timeout: 这家店卖过期的牛奶好几次了";
    let first = post(
        &app,
        &with(answers(description), &key, &token, "send"),
        "same-origin",
    )
    .await;
    assert_ne!(first.status(), 303, "the city's answer was lost");
    let page = first.text().await.unwrap();
    assert!(
        page.contains(&message(Locale::En, "sending-stopped-title")),
        "{page}"
    );
    assert!(page.contains(&message(Locale::En, "sending-retry")));
    let (same, token) = hidden(&page);
    assert_eq!(same, key, "sending again is with the same key");
    // Sent again, as the resident would press "Try again now", until the BFF knows.
    let mut answer = None;
    for _ in 0..20 {
        let again = post(
            &app,
            &with(answers(description), &key, &token, "send"),
            "same-origin",
        )
        .await;
        if again.status() == 303 {
            answer = Some(again);
            break;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert!(answer.is_some(), "the resend reconciled to a receipt");
    let cases: Vec<serde_json::Value> = reqwest::get(format!("http://{sandbox}/requests.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        cases
            .iter()
            .filter(|c| c["description"] == description)
            .count(),
        1
    );
}

#[tokio::test]
async fn filing_by_the_form_leaves_no_personal_data_in_the_logs() {
    let bff = crate::helpers::LoggingBff::start();
    let url = bff.url.clone().trim_end_matches('/').to_owned();
    let form = format!("{url}{FORM}?lang=en");
    let html = client()
        .get(&form)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (key, token) = hidden(&html);
    let description = "隔壁餐馆的凉菜让我们全家拉肚子";
    for action in ["check", "send"] {
        client()
            .post(&form)
            .header("sec-fetch-site", "same-origin")
            .form(&with(answers(description), &key, &token, action))
            .send()
            .await
            .unwrap();
    }
    let logs = bff.logs().await;
    assert!(
        logs.contains("/services/{code}/request"),
        "the form's posts are logged by route"
    );
    for personal in [
        description,
        "欧阳小明",
        "13912345678",
        "人民路",
        "老王餐馆",
        "肚子疼",
    ] {
        assert!(!logs.contains(personal), "{personal} in the logs");
    }
}
