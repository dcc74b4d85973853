//! `POST requests`: the receipt, the api_key, the location and the attribute checks.

use crate::helpers::{API_KEY, assert_spec_error, spawn_app, xml_texts};

const NOISE: [(&str, &str); 4] = [
    ("service_code", "noise-nuisance"),
    ("lat", "31.2304"),
    ("long", "121.4737"),
    ("attribute[noise_source]", "construction"),
];

fn with_key<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![("api_key", API_KEY)];
    form.extend_from_slice(extra);
    form
}

#[tokio::test]
async fn resident_files_a_complaint_and_gets_a_case_number() {
    let app = spawn_app().await;
    let mut form = with_key(&NOISE);
    form.extend([
        ("description", "工地夜间施工"),
        ("account_id", "acct-7"),
        ("locale", "en"),
    ]);
    let (status, body) = app.post_form("/requests.json", &form).await;
    assert_eq!(status, 200, "{body}");
    let receipt = &body[0];
    let id = receipt["service_request_id"].as_str().unwrap();
    assert!(
        id.len() >= 14 && id.chars().all(|c| c.is_ascii_digit()),
        "{id}"
    );
    assert_eq!(receipt["account_id"], "acct-7");
    assert!(
        receipt["service_notice"]
            .as_str()
            .unwrap()
            .contains("13 working days")
    );
    assert!(
        receipt.get("token").is_none(),
        "realtime services answer the id only"
    );

    let case = app.case(id).await;
    assert_eq!(case["status"], "open");
    assert_eq!(case["service_code"], "noise-nuisance");
    assert_eq!(case["description"], "工地夜间施工");
    assert_eq!(case["extended_attributes"]["stage"], "submitted");
    assert_eq!(case["extended_attributes"]["channel"], "web");
}

#[tokio::test]
async fn filing_in_xml_answers_xml() {
    let app = spawn_app().await;
    let form = crate::helpers::encode(&with_key(&NOISE));
    let response = app
        .client
        .post(app.url("/requests.xml"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let xml = response.text().await.unwrap();
    crate::helpers::assert_well_formed(&xml);
    assert!(
        xml.contains("<service_requests><request><service_request_id>"),
        "{xml}"
    );
    assert_eq!(xml_texts(&xml, "service_request_id").len(), 1);
}

#[tokio::test]
async fn batch_services_answer_a_token_that_resolves_to_the_id() {
    let app = spawn_app().await;
    let form = with_key(&[
        ("service_code", "residence-permit"),
        ("address_string", "城东区人民路100号"),
        ("attribute[applicant_name]", "张三"),
        ("attribute[id_number]", "110101199001011234"),
        ("attribute[residence_address]", "城东区人民路100号3单元"),
        ("attribute[living_since]", "2024-03-01"),
        ("attribute[basis]", "employment"),
    ]);
    let (status, body) = app.post_form("/requests.json", &form).await;
    assert_eq!(status, 200, "{body}");
    let token = body[0]["token"].as_str().expect("batch answers a token");
    let id = body[0]["service_request_id"].as_str().unwrap();

    let resolved = app.get_json(&format!("/tokens/{token}.json"), 200).await;
    assert_eq!(resolved[0]["service_request_id"], id);
    assert_eq!(resolved[0]["token"], token);
    let xml = app.get_xml(&format!("/tokens/{token}.xml"), 200).await;
    assert_eq!(xml_texts(&xml, "service_request_id"), vec![id]);
    assert_spec_error(&app.get_json("/tokens/nope.json", 404).await, 404);

    // The applicant's personal answers never come back out.
    let case = app.case(id).await.to_string();
    assert!(
        !case.contains("110101199001011234") && !case.contains("张三"),
        "{case}"
    );
}

#[tokio::test]
async fn filing_needs_a_valid_api_key() {
    let app = spawn_app().await;
    let (status, body) = app.post_form("/requests.json", &NOISE).await;
    assert_eq!(status, 403);
    assert_spec_error(&body, 403);
    let mut form = NOISE.to_vec();
    form.push(("api_key", "wrong"));
    let (status, body) = app.post_form("/requests.json", &form).await;
    assert_eq!(status, 403);
    assert_spec_error(&body, 403);
    // Any configured key works.
    form.pop();
    form.push(("api_key", "other-key"));
    assert_eq!(app.post_form("/requests.json", &form).await.0, 200);
}

#[tokio::test]
async fn service_and_location_are_required() {
    let app = spawn_app().await;
    let cases: [(&[(&str, &str)], &str); 7] = [
        (&[("lat", "31.2"), ("long", "121.4")], "service_code"),
        (
            &[("service_code", "nope"), ("lat", "31.2"), ("long", "121.4")],
            "service_code",
        ),
        (&[("service_code", "hukou-policy")], "location"),
        (
            &[("service_code", "hukou-policy"), ("lat", "31.2")],
            "lat and long",
        ),
        (
            &[
                ("service_code", "hukou-policy"),
                ("lat", "91"),
                ("long", "121"),
            ],
            "lat",
        ),
        (
            &[
                ("service_code", "hukou-policy"),
                ("lat", "x"),
                ("long", "121"),
            ],
            "lat",
        ),
        (
            &[
                ("service_code", "hukou-policy"),
                ("address_id", "A1"),
                ("email", "not-an-email"),
            ],
            "email",
        ),
    ];
    for (fields, mentions) in cases {
        let (status, body) = app.post_form("/requests.json", &with_key(fields)).await;
        assert_eq!(status, 400, "{fields:?}: {body}");
        assert_spec_error(&body, 400);
        assert!(
            body[0]["description"].as_str().unwrap().contains(mentions),
            "{fields:?}: {body}"
        );
    }
    // Each location form is enough on its own.
    for location in [
        vec![("lat", "31.2"), ("long", "121.4")],
        vec![("address_string", "城西区解放路1号")],
        vec![("address_id", "addr-42")],
    ] {
        let mut form = with_key(&[("service_code", "hukou-policy")]);
        form.extend(location);
        let (status, body) = app.post_form("/requests.json", &form).await;
        assert_eq!(status, 200, "{body}");
    }
}

#[tokio::test]
async fn description_is_limited_to_4000_characters() {
    let app = spawn_app().await;
    let long = "长".repeat(4001);
    let mut form = with_key(&NOISE);
    form.push(("description", &long));
    let (status, body) = app.post_form("/requests.json", &form).await;
    assert_eq!(status, 400, "{body}");
    let ok = "长".repeat(4000);
    let mut form = with_key(&NOISE);
    form.push(("description", &ok));
    assert_eq!(app.post_form("/requests.json", &form).await.0, 200);
}

#[tokio::test]
async fn attributes_are_checked_per_datatype() {
    let app = spawn_app().await;
    let base = [
        ("service_code", "food-safety"),
        ("address_string", "城南区美食街8号"),
        ("attribute[business_name]", "老王小吃"),
        ("attribute[receipt_kept]", "yes"),
    ];
    let good: Vec<(&str, &str)> = vec![
        ("attribute[problems][]", "expired"),
        ("attribute[problems][]", "hygiene"),
        ("attribute[purchased_at]", "2025-06-01T12:30:00+08:00"),
        ("attribute[amount_paid]", "35.5"),
    ];
    let mut form = with_key(&base);
    form.extend(good.iter().copied());
    let (status, body) = app.post_form("/requests.json", &form).await;
    assert_eq!(status, 200, "{body}");

    let bad: [(&[(&str, &str)], &str); 7] = [
        (&[], "attribute[problems] is required"),
        (
            &[("attribute[problems][]", "mouldy")],
            "attribute[problems]",
        ),
        (
            &[
                ("attribute[problems][]", "expired"),
                ("attribute[amount_paid]", "lots"),
            ],
            "attribute[amount_paid] must be a number",
        ),
        (
            &[
                ("attribute[problems][]", "expired"),
                ("attribute[purchased_at]", "last week"),
            ],
            "attribute[purchased_at]",
        ),
        (
            &[
                ("attribute[problems][]", "expired"),
                ("attribute[colour]", "red"),
            ],
            "attribute[colour]",
        ),
        (
            &[
                ("attribute[problems][]", "expired"),
                ("attribute[amount_paid]", "1"),
                ("attribute[amount_paid]", "2"),
            ],
            "single value",
        ),
        (
            &[("attribute[problems]", "")],
            "attribute[problems] is required",
        ),
    ];
    for (extra, mentions) in bad {
        let mut form = with_key(&base);
        form.extend_from_slice(extra);
        let (status, body) = app.post_form("/requests.json", &form).await;
        assert_eq!(status, 400, "{extra:?}: {body}");
        assert!(
            body[0]["description"].as_str().unwrap().contains(mentions),
            "{extra:?}: {body}"
        );
    }

    // singlevaluelist: only a listed key; required string: present.
    let mut form = with_key(&NOISE[..3]);
    form.push(("attribute[noise_source]", "aliens"));
    assert_eq!(app.post_form("/requests.json", &form).await.0, 400);
    let mut form = with_key(&[
        ("service_code", "property-service"),
        ("address_string", "城北区幸福小区"),
        ("attribute[issues][]", "elevator"),
    ]);
    let (status, body) = app.post_form("/requests.json", &form).await;
    assert_eq!(status, 400);
    assert!(
        body[0]["description"]
            .as_str()
            .unwrap()
            .contains("community_name")
    );
    form.push(("attribute[community_name]", "幸福小区"));
    assert_eq!(app.post_form("/requests.json", &form).await.0, 200);
}

#[tokio::test]
async fn a_clerk_files_at_the_window_on_a_residents_behalf() {
    let app = spawn_app().await;
    let mut form = with_key(&NOISE);
    form.push(("channel", "window"));
    let (status, body) = app.post_form("/requests.json", &form).await;
    assert_eq!(status, 400, "window filings need the clerk's id");
    assert!(
        body[0]["description"]
            .as_str()
            .unwrap()
            .contains("clerk_id")
    );
    form.push(("clerk_id", "clerk-0042"));
    form.extend([
        ("first_name", "三"),
        ("last_name", "张"),
        ("phone", "13812341234"),
        ("email", "zhang@example.cn"),
        ("media_url", "https://img.example.cn/a.jpg"),
        ("media_url", "https://img.example.cn/b.jpg"),
    ]);
    let (status, body) = app.post_form("/requests.json", &form).await;
    assert_eq!(status, 200, "{body}");
    let id = body[0]["service_request_id"].as_str().unwrap();
    let case = app.case(id).await;
    let extended = &case["extended_attributes"];
    assert_eq!(extended["channel"], "window");
    assert_eq!(extended["clerk_id"], "clerk-0042");
    assert_eq!(
        extended["photos"],
        serde_json::json!([
            "https://img.example.cn/a.jpg",
            "https://img.example.cn/b.jpg"
        ])
    );
    assert_eq!(case["media_url"], "https://img.example.cn/a.jpg");
    let text = case.to_string();
    for personal in ["13812341234", "zhang@example.cn", "\"张\""] {
        assert!(!text.contains(personal), "{personal} leaked: {text}");
    }

    let mut form = with_key(&NOISE);
    form.push(("channel", "fax"));
    assert_eq!(app.post_form("/requests.json", &form).await.0, 400);
    let mut form = with_key(&NOISE);
    form.push(("media_url", "javascript:alert(1)"));
    assert_eq!(app.post_form("/requests.json", &form).await.0, 400);
}

/// The form as `TestApp::post_form` sends it, with an `Idempotency-Key`.
async fn post_with_idempotency_key(
    app: &crate::helpers::TestApp,
    key: &str,
    form: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let body = crate::helpers::encode(form);
    let response = app
        .client
        .post(app.url("/requests.json"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("Idempotency-Key", key)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn a_post_repeating_an_idempotency_key_answers_the_first_case_and_makes_none() {
    let app = spawn_app().await;
    let mut form = with_key(&NOISE);
    form.push(("description", "工地夜间施工，重复提交"));
    let (status, first) = post_with_idempotency_key(&app, "token-1", &form).await;
    assert_eq!(status, 200, "{first}");
    let (status, again) = post_with_idempotency_key(&app, "token-1", &form).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(
        again[0]["service_request_id"], first[0]["service_request_id"],
        "the first case again"
    );
    let (_, other) = post_with_idempotency_key(&app, "token-2", &form).await;
    assert_ne!(
        other[0]["service_request_id"],
        first[0]["service_request_id"]
    );
    let listed = app.get_json("/requests.json", 200).await;
    let same: Vec<_> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["description"] == "工地夜间施工，重复提交")
        .collect();
    assert_eq!(same.len(), 2, "one case per key");
    let (status, _) = post_with_idempotency_key(&app, &"k".repeat(300), &form).await;
    assert_eq!(status, 400, "an overlong key is refused");
}
