//! `GET requests` and `GET requests/{id}`: fields, filters, paging, dates and formats.

use chrono::{DateTime, Datelike, Days, FixedOffset, Weekday};
use serde_json::Value;

use crate::helpers::{assert_spec_error, spawn_app, urlencode, xml_texts};

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| r["service_request_id"].as_str().unwrap().to_owned())
        .collect()
}

fn time(value: &Value) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(value.as_str().expect("a date-time")).expect("RFC 3339")
}

/// Monday to Friday strictly after `from`'s date, up to and including `to`'s date.
fn weekdays_between(from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> u32 {
    let mut day = from.date_naive();
    let mut count = 0;
    while day < to.date_naive() {
        day = day + Days::new(1);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            count += 1;
        }
    }
    count
}

fn assert_due_after_working_days(case: &Value, days: u32) {
    let requested = time(&case["requested_datetime"]);
    let expected = time(&case["expected_datetime"]);
    assert_eq!(
        requested.offset().local_minus_utc(),
        8 * 3600,
        "Beijing time"
    );
    assert_eq!(expected.time(), requested.time(), "same time of day");
    assert!(
        !matches!(expected.weekday(), Weekday::Sat | Weekday::Sun),
        "due on a weekend: {expected}"
    );
    assert_eq!(
        weekdays_between(requested, expected),
        days,
        "{requested} → {expected}"
    );
    assert_eq!(
        case["extended_attributes"]["due_date"],
        case["expected_datetime"]
    );
}

#[tokio::test]
async fn a_case_carries_every_open311_field() {
    let app = spawn_app().await;
    let id = app
        .file(
            "noise-nuisance",
            &[
                ("address_string", "城东区人民路100号"),
                ("zipcode", "200001"),
            ],
        )
        .await;
    let list = app.get_json(&format!("/requests/{id}.json"), 200).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let case = &list[0];
    assert_eq!(case["service_request_id"], id.as_str());
    assert_eq!(case["status"], "open");
    assert_eq!(case["service_name"], "噪音扰民投诉");
    assert_eq!(case["agency_responsible"], "市12345政务服务便民热线");
    assert_eq!(case["status_notes"], "您的诉求已提交，等待受理。");
    assert_eq!(case["address"], "城东区人民路100号");
    assert_eq!(case["zipcode"], "200001");
    assert_eq!(case["lat"], 31.2304);
    assert_eq!(case["long"], 121.4737);
    assert!(
        case["service_notice"]
            .as_str()
            .unwrap()
            .contains("13个工作日")
    );
    assert_eq!(case["requested_datetime"], case["updated_datetime"]);
    assert!(
        case.get("extended_attributes").is_none(),
        "extensions are opt-in"
    );
    assert!(case.get("notes").is_none());

    let en = app
        .get_json(&format!("/requests/{id}.json?locale=en"), 200)
        .await;
    assert_eq!(en[0]["service_name"], "Noise nuisance complaint");
    assert_eq!(
        en[0]["agency_responsible"],
        "City 12345 Government Service Hotline"
    );

    let xml = app
        .get_xml(
            &format!("/requests/{id}.xml?extensions=true&locale=zh-TW"),
            200,
        )
        .await;
    assert!(
        xml.contains("<service_requests><request><service_request_id>"),
        "{xml}"
    );
    assert_eq!(xml_texts(&xml, "service_name"), vec!["噪音擾鄰投訴"]);
    assert_eq!(xml_texts(&xml, "stage"), vec!["submitted", "submitted"]);
    assert!(xml.contains("<notes><note><datetime>"), "{xml}");
    assert!(xml.contains("<photos></photos>"), "{xml}");

    assert_spec_error(&app.get_json("/requests/999.json", 404).await, 404);
    let xml = app.get_xml("/requests/999.xml", 404).await;
    assert_eq!(xml_texts(&xml, "code"), vec!["404"]);
    assert_eq!(
        app.get_json(&format!("/request/{id}.json"), 200).await,
        list
    );
}

#[tokio::test]
async fn expected_datetime_counts_working_days_only() {
    let app = spawn_app().await;
    let consultation = app
        .file("social-insurance", &[("attribute[topic]", "pension")])
        .await;
    assert_due_after_working_days(&app.case(&consultation).await, 3);
    let praise = app
        .file(
            "staff-praise",
            &[("attribute[staff_unit]", "城东区政务服务中心")],
        )
        .await;
    assert_due_after_working_days(&app.case(&praise).await, 5);
    let complaint = app.file("noise-nuisance", &[]).await;
    assert_due_after_working_days(&app.case(&complaint).await, 13);
}

#[tokio::test]
async fn a_services_time_limit_is_configured_in_its_table() {
    let app = spawn_app().await;
    app.db()
        .execute(
            "UPDATE services SET time_limit_days = 7 WHERE code = 'hukou-policy'",
            [],
        )
        .unwrap();
    let id = app.file("hukou-policy", &[]).await;
    let case = app.case(&id).await;
    assert_due_after_working_days(&case, 7);
    assert!(case["service_notice"].as_str().unwrap().contains('7'));
}

#[tokio::test]
async fn lists_filter_by_id_service_status_and_date() {
    let app = spawn_app().await;
    let noise = app.file("noise-nuisance", &[]).await;
    let hukou = app.file("hukou-policy", &[]).await;
    let light = app.file("streetlight-out", &[]).await;
    let (status, _) = app
        .admin(
            &light,
            "not-accept",
            serde_json::json!({"reason": "重复件"}),
        )
        .await;
    assert_eq!(status, 200);

    let all = app.get_json("/requests.json", 200).await;
    assert_eq!(
        ids(&all),
        vec![light.clone(), hukou.clone(), noise.clone()],
        "newest first"
    );

    let some = app
        .get_json(
            &format!("/requests.json?service_request_id={noise},{light}"),
            200,
        )
        .await;
    let mut got = ids(&some);
    got.sort();
    let mut want = vec![noise.clone(), light.clone()];
    want.sort();
    assert_eq!(got, want);
    // The id list overrides the other filters.
    let overridden = app
        .get_json(
            &format!("/requests.json?service_request_id={noise}&status=closed"),
            200,
        )
        .await;
    assert_eq!(ids(&overridden), vec![noise.clone()]);

    let by_service = app
        .get_json("/requests.json?service_code=hukou-policy", 200)
        .await;
    assert_eq!(ids(&by_service), vec![hukou.clone()]);
    let open = app.get_json("/requests.json?status=open", 200).await;
    assert_eq!(ids(&open), vec![hukou.clone(), noise.clone()]);
    let closed = app.get_json("/requests.json?status=closed", 200).await;
    assert_eq!(ids(&closed), vec![light.clone()]);
    assert_eq!(closed[0]["status"], "closed");
    assert_eq!(closed[0]["status_notes"], "重复件");
    let both = app.get_json("/requests.json?status=open,closed", 200).await;
    assert_eq!(ids(&both).len(), 3);

    let requested = time(&all[0]["requested_datetime"]);
    let in_utc = (requested - chrono::Duration::hours(1))
        .with_timezone(&chrono::Utc)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let in_new_york = (requested + chrono::Duration::hours(1))
        .with_timezone(&FixedOffset::west_opt(4 * 3600).unwrap())
        .to_rfc3339();
    let window = app
        .get_json(
            &format!(
                "/requests.json?start_date={}&end_date={}",
                urlencode(&in_utc),
                urlencode(&in_new_york)
            ),
            200,
        )
        .await;
    assert_eq!(ids(&window).len(), 3);
    let later = (requested + chrono::Duration::hours(2)).to_rfc3339();
    let empty = app
        .get_json(
            &format!("/requests.json?start_date={}", urlencode(&later)),
            200,
        )
        .await;
    assert_eq!(empty, serde_json::json!([]));
    let earlier = (requested - chrono::Duration::days(100)).to_rfc3339();
    let before = app
        .get_json(
            &format!("/requests.json?end_date={}", urlencode(&earlier)),
            200,
        )
        .await;
    assert_eq!(before, serde_json::json!([]));

    let xml = app.get_xml("/requests.xml?status=open", 200).await;
    assert_eq!(xml_texts(&xml, "service_request_id"), vec![hukou, noise]);
}

#[tokio::test]
async fn bad_filters_are_spec_errors() {
    let app = spawn_app().await;
    for query in [
        "status=pending",
        "start_date=yesterday",
        "end_date=2025-13-40",
        "start_date=2025-01-01T00:00:00Z&end_date=2025-05-01T00:00:00Z",
        "start_date=2025-05-01T00:00:00Z&end_date=2025-01-01T00:00:00Z",
        "page=0",
        "page_size=5000",
        "extensions=maybe",
        "locale=de",
    ] {
        let body = app.get_json(&format!("/requests.json?{query}"), 400).await;
        assert_spec_error(&body, 400);
    }
    let xml = app.get_xml("/requests.xml?status=pending", 400).await;
    assert!(
        xml.contains("<errors><error><code>400</code><description>"),
        "{xml}"
    );
}

#[tokio::test]
async fn lists_page_through_results() {
    let app = spawn_app().await;
    let mut filed = Vec::new();
    for _ in 0..5 {
        filed.push(app.file("hukou-policy", &[]).await);
    }
    filed.reverse();
    let first = app.get_json("/requests.json?page_size=2", 200).await;
    let second = app.get_json("/requests.json?page_size=2&page=2", 200).await;
    let third = app.get_json("/requests.json?page_size=2&page=3", 200).await;
    let fourth = app.get_json("/requests.json?page_size=2&page=4", 200).await;
    assert_eq!(ids(&first), filed[0..2]);
    assert_eq!(ids(&second), filed[2..4]);
    assert_eq!(ids(&third), filed[4..5]);
    assert_eq!(fourth, serde_json::json!([]));
}

#[tokio::test]
async fn only_the_city_with_its_key_reads_the_residents_phone() {
    let app = spawn_app().await;
    let id = app
        .file("noise-nuisance", &[("phone", "13912345678")])
        .await;
    let public = app.case(&id).await;
    assert!(
        !public.to_string().contains("13912345678"),
        "a public reader never gets it: {public}"
    );
    let wrong = app
        .get_json(
            &format!("/requests/{id}.json?extensions=true&api_key=nope"),
            200,
        )
        .await;
    assert!(!wrong.to_string().contains("13912345678"));
    let city = app
        .get_json(
            &format!(
                "/requests/{id}.json?extensions=true&api_key={}",
                crate::helpers::API_KEY
            ),
            200,
        )
        .await;
    assert_eq!(city[0]["extended_attributes"]["phone"], "13912345678");
    let list = app
        .get_json(
            &format!(
                "/requests.json?extensions=true&api_key={}",
                crate::helpers::API_KEY
            ),
            200,
        )
        .await;
    assert!(!list.to_string().contains("13912345678"), "nor in a list");
}
