//! The catalogue: `GET services` and `GET services/{code}`, in every format and locale.

use serde_json::Value;

use crate::helpers::{assert_spec_error, spawn_app, xml_texts};

const KINDS: [&str; 7] = [
    "complaint",
    "consultation",
    "help",
    "report",
    "suggestion",
    "praise",
    "application",
];

fn codes(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["service_code"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn catalogue_lists_every_kind_with_its_kind_token_first() {
    let app = spawn_app().await;
    let services = app.get_json("/services.json", 200).await;
    let services = services.as_array().unwrap();
    assert!(services.len() >= 14, "{} services", services.len());
    for service in services {
        for field in [
            "service_code",
            "service_name",
            "description",
            "type",
            "keywords",
            "group",
        ] {
            assert!(
                service[field].as_str().is_some_and(|v| !v.is_empty()),
                "{field} of {service}"
            );
        }
        assert!(service["metadata"].is_boolean());
        assert!(["realtime", "batch"].contains(&service["type"].as_str().unwrap()));
        let keywords = service["keywords"].as_str().unwrap();
        let kind = keywords.split(',').next().unwrap();
        assert!(KINDS.contains(&kind), "first keyword of {keywords}");
        assert!(
            keywords.split(',').count() > 1,
            "search words after the kind: {keywords}"
        );
    }
    for kind in KINDS {
        let count = services
            .iter()
            .filter(|s| {
                s["keywords"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("{kind},"))
            })
            .count();
        assert!(count >= 1, "no {kind} service");
    }
    let applications = services
        .iter()
        .filter(|s| s["keywords"].as_str().unwrap().starts_with("application,"))
        .count();
    assert!(applications >= 2);
    let names: Vec<&str> = services
        .iter()
        .map(|s| s["service_name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"噪音扰民投诉"), "{names:?}");
    assert!(names.contains(&"高龄津贴申请"), "{names:?}");
    assert!(names.contains(&"居住证办理"), "{names:?}");
}

#[tokio::test]
async fn catalogue_speaks_each_locale() {
    let app = spawn_app().await;
    let default = app.get_json("/services.json", 200).await;
    let zh_cn = app.get_json("/services.json?locale=zh-CN", 200).await;
    let zh_tw = app.get_json("/services.json?locale=zh-TW", 200).await;
    let en = app
        .get_json("/services.json?locale=en&jurisdiction_id=city", 200)
        .await;
    assert_eq!(default, zh_cn, "zh-CN is the default");
    assert_eq!(codes(&zh_cn), codes(&en), "same services in every language");
    assert_eq!(codes(&zh_cn), codes(&zh_tw));
    let noise = |list: &Value| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|s| s["service_code"] == "noise-nuisance")
            .cloned()
            .unwrap()
    };
    assert_eq!(noise(&zh_cn)["service_name"], "噪音扰民投诉");
    assert_eq!(noise(&zh_tw)["service_name"], "噪音擾鄰投訴");
    assert_eq!(noise(&en)["service_name"], "Noise nuisance complaint");
    assert_eq!(noise(&zh_cn)["group"], "环境保护");
    assert_eq!(noise(&zh_tw)["group"], "環境保護");
    assert_eq!(noise(&en)["group"], "Environment");
    assert!(
        noise(&en)["keywords"]
            .as_str()
            .unwrap()
            .starts_with("complaint,noise")
    );
    assert!(
        noise(&zh_tw)["keywords"]
            .as_str()
            .unwrap()
            .starts_with("complaint,噪音")
    );
    for (a, b) in zh_cn.as_array().unwrap().iter().zip(en.as_array().unwrap()) {
        assert_ne!(a["service_name"], b["service_name"]);
        assert_ne!(a["description"], b["description"]);
    }
}

#[tokio::test]
async fn unknown_locale_is_a_spec_error() {
    let app = spawn_app().await;
    let body = app.get_json("/services.json?locale=fr", 400).await;
    assert_spec_error(&body, 400);
    let xml = app.get_xml("/services.xml?locale=fr", 400).await;
    assert_eq!(xml_texts(&xml, "code"), vec!["400"]);
}

#[tokio::test]
async fn catalogue_in_xml_matches_json() {
    let app = spawn_app().await;
    let json = app.get_json("/services.json?locale=en", 200).await;
    let xml = app.get_xml("/services.xml?locale=en", 200).await;
    assert!(xml.starts_with("<?xml"));
    assert!(xml.contains("<services><service><service_code>"));
    assert_eq!(xml_texts(&xml, "service_code"), codes(&json));
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service_name"].as_str().unwrap())
        .collect();
    assert_eq!(xml_texts(&xml, "service_name"), names);
    let metadata: Vec<String> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["metadata"].to_string())
        .collect();
    assert_eq!(xml_texts(&xml, "metadata"), metadata);
    let zh_tw = app.get_xml("/services.xml?locale=zh-TW", 200).await;
    assert!(xml_texts(&zh_tw, "service_name").contains(&"高齡津貼申請".to_owned()));
}

#[tokio::test]
async fn metadata_is_true_exactly_when_a_definition_has_attributes() {
    let app = spawn_app().await;
    let services = app.get_json("/services.json", 200).await;
    for service in services.as_array().unwrap() {
        let code = service["service_code"].as_str().unwrap();
        let definition = app.get_json(&format!("/services/{code}.json"), 200).await;
        assert_eq!(definition["service_code"], code);
        let attributes = definition["attributes"].as_array().unwrap();
        assert_eq!(service["metadata"], !attributes.is_empty(), "{code}");
    }
}

#[tokio::test]
async fn definitions_cover_every_datatype_with_orders_and_values() {
    let app = spawn_app().await;
    let services = app.get_json("/services.json", 200).await;
    let mut datatypes = std::collections::BTreeSet::new();
    let mut saw_notice = false;
    for service in services.as_array().unwrap() {
        let code = service["service_code"].as_str().unwrap();
        let definition = app
            .get_json(&format!("/services/{code}.json?locale=en"), 200)
            .await;
        for (i, attribute) in definition["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            assert_eq!(attribute["order"], i + 1, "{code}");
            assert!(attribute["variable"].is_boolean());
            assert!(attribute["required"].is_boolean());
            assert!(attribute["code"].is_string());
            assert!(
                attribute["description"]
                    .as_str()
                    .is_some_and(|d| !d.is_empty())
            );
            let datatype = attribute["datatype"].as_str().unwrap().to_owned();
            if datatype.ends_with("valuelist") {
                let values = attribute["values"].as_array().unwrap();
                assert!(values.len() >= 2, "{code}");
                for value in values {
                    assert!(value["key"].is_string() && value["name"].is_string());
                }
            } else {
                assert!(attribute.get("values").is_none());
            }
            saw_notice |= attribute["variable"] == false;
            datatypes.insert(datatype);
        }
    }
    let expected: std::collections::BTreeSet<String> = [
        "string",
        "number",
        "datetime",
        "text",
        "singlevaluelist",
        "multivaluelist",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(datatypes, expected);
    assert!(
        saw_notice,
        "some definition shows a notice (variable=false)"
    );
}

#[tokio::test]
async fn definition_is_localized_in_json_and_xml() {
    let app = spawn_app().await;
    let zh = app.get_json("/services/noise-nuisance.json", 200).await;
    let tw = app
        .get_json("/services/noise-nuisance.json?locale=zh-TW", 200)
        .await;
    let en = app
        .get_json("/services/noise-nuisance.json?locale=en", 200)
        .await;
    assert_eq!(zh["attributes"][0]["code"], "noise_source");
    assert_eq!(zh["attributes"][0]["description"], "噪音来源");
    assert_eq!(tw["attributes"][0]["description"], "噪音來源");
    assert_eq!(
        en["attributes"][0]["description"],
        "Where the noise comes from"
    );
    assert_eq!(zh["attributes"][0]["values"][0]["name"], "建筑施工");
    assert_eq!(tw["attributes"][0]["values"][0]["name"], "建築施工");
    assert_eq!(
        en["attributes"][0]["values"][0]["name"],
        "Construction work"
    );
    assert_eq!(en["attributes"][0]["values"][0]["key"], "construction");
    assert_eq!(en["attributes"][0]["datatype"], "singlevaluelist");
    assert_eq!(en["attributes"][0]["required"], true);

    let xml = app
        .get_xml("/services/noise-nuisance.xml?locale=en", 200)
        .await;
    assert!(xml.contains(
        "<service_definition><service_code>noise-nuisance</service_code><attributes><attribute>"
    ));
    assert_eq!(
        xml_texts(&xml, "key"),
        vec![
            "construction",
            "business",
            "neighbourhood",
            "traffic",
            "other",
            "day",
            "night"
        ]
    );
    assert_eq!(
        xml_texts(&xml, "code"),
        vec!["noise_source", "time_of_day", "started_at"]
    );
}

#[tokio::test]
async fn unknown_service_is_404_in_both_formats() {
    let app = spawn_app().await;
    assert_spec_error(&app.get_json("/services/no-such.json", 404).await, 404);
    let xml = app.get_xml("/services/no-such.xml", 404).await;
    assert_eq!(xml_texts(&xml, "code"), vec!["404"]);
    assert_spec_error(&app.get_json("/no/such/path", 404).await, 404);
}

#[tokio::test]
async fn time_limits_and_the_most_used_services_are_extensions_in_json_and_xml() {
    let app = spawn_app().await;
    let json = app.get_json("/services.json?locale=en", 200).await;
    let services = json.as_array().unwrap();
    let limits: Vec<String> = services
        .iter()
        .map(|s| {
            s["time_limit_days"]
                .as_u64()
                .expect("a time limit")
                .to_string()
        })
        .collect();
    let find = |code: &str| services.iter().find(|s| s["service_code"] == code).unwrap();
    assert_eq!(find("noise-nuisance")["time_limit_days"], 13);
    assert_eq!(find("housing-fund")["time_limit_days"], 3);
    assert_eq!(find("noise-nuisance")["common_rank"], 1);
    assert!(find("food-safety").get("common_rank").is_none());
    let mut ranked: Vec<(u64, &str)> = services
        .iter()
        .filter_map(|s| Some((s["common_rank"].as_u64()?, s["service_code"].as_str()?)))
        .collect();
    ranked.sort();
    assert_eq!(ranked.len(), 6, "{ranked:?}");

    let xml = app.get_xml("/services.xml?locale=en", 200).await;
    assert_eq!(xml_texts(&xml, "time_limit_days"), limits);
    assert_eq!(xml_texts(&xml, "common_rank").len(), 6);

    let definition = app.get_json("/services/noise-nuisance.json", 200).await;
    assert_eq!(definition["time_limit_days"], 13);
    let xml = app.get_xml("/services/noise-nuisance.xml", 200).await;
    assert_eq!(xml_texts(&xml, "time_limit_days"), vec!["13"]);
}

#[tokio::test]
async fn one_definition_asks_with_all_six_datatypes() {
    let app = spawn_app().await;
    let definition = app.get_json("/services/food-safety.json", 200).await;
    let datatypes: std::collections::BTreeSet<&str> = definition["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["variable"] == true)
        .map(|a| a["datatype"].as_str().unwrap())
        .collect();
    assert_eq!(datatypes.len(), 6, "{datatypes:?}");
}
