//! What the sandbox answers, checked against the Open311 project's JSON Schemas
//! (copied into `tests/open311-schema/`), with a validator for the subset they use.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::helpers::spawn_app;

fn schema(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/open311-schema")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).expect("schema file"))
        .expect("schema JSON")
}

/// Collects every violation of `schema` by `value` into `errors`.
fn check(schema_value: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(reference) = schema_value["$ref"].as_str() {
        check(&schema(reference), value, at, errors);
    }
    if let Some(options) = schema_value["anyOf"].as_array() {
        let fits = options.iter().any(|option| {
            let mut sub = Vec::new();
            check(option, value, at, &mut sub);
            sub.is_empty()
        });
        if !fits {
            errors.push(format!("{at}: matches none of anyOf: {value}"));
        }
    }
    if let Some(expected) = schema_value["type"].as_str() {
        let ok = match expected {
            "string" => value.is_string(),
            "number" => value.is_number(),
            "integer" => value.is_i64() || value.is_u64(),
            "boolean" => value.is_boolean(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            "null" => value.is_null(),
            other => panic!("unsupported type {other}"),
        };
        if !ok {
            errors.push(format!("{at}: expected {expected}, got {value}"));
            return;
        }
    }
    if let Some(allowed) = schema_value["enum"].as_array()
        && !allowed.contains(value)
    {
        errors.push(format!("{at}: {value} not in {allowed:?}"));
    }
    if let (Some(max), Some(text)) = (schema_value["maxLength"].as_u64(), value.as_str())
        && text.chars().count() as u64 > max
    {
        errors.push(format!("{at}: longer than {max}"));
    }
    if let (Some(format), Some(text)) = (schema_value["format"].as_str(), value.as_str()) {
        let ok = match format {
            "date-time" => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
            "uri" => text.starts_with("http://") || text.starts_with("https://"),
            _ => true,
        };
        if !ok {
            errors.push(format!("{at}: not a {format}: {text}"));
        }
    }
    if let Some(required) = schema_value["required"].as_array() {
        for field in required {
            let field = field.as_str().unwrap();
            if value.get(field).is_none() {
                errors.push(format!("{at}: missing {field}"));
            }
        }
    }
    if let (Some(properties), Some(object)) =
        (schema_value["properties"].as_object(), value.as_object())
    {
        for (name, property) in properties {
            if let Some(field) = object.get(name) {
                check(property, field, &format!("{at}.{name}"), errors);
            }
        }
    }
    if let (Some(items), Some(array)) = (schema_value.get("items"), value.as_array()) {
        for (i, item) in array.iter().enumerate() {
            check(items, item, &format!("{at}[{i}]"), errors);
        }
    }
}

fn assert_valid(schema_name: &str, value: &Value) {
    let mut errors = Vec::new();
    check(&schema(schema_name), value, "$", &mut errors);
    assert!(errors.is_empty(), "{schema_name}: {errors:#?}");
}

#[test]
fn the_validator_catches_violations() {
    let mut errors = Vec::new();
    check(
        &schema("request.json"),
        &json!({"service_request_id": "1", "status": "pending", "service_code": 7}),
        "$",
        &mut errors,
    );
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

#[tokio::test]
async fn answers_follow_the_open311_schemas() {
    let app = spawn_app().await;
    for locale in ["zh-CN", "zh-TW", "en"] {
        let services = app
            .get_json(&format!("/services.json?locale={locale}"), 200)
            .await;
        assert_valid("services.json", &services);
        for service in services.as_array().unwrap() {
            let code = service["service_code"].as_str().unwrap();
            let definition = app
                .get_json(&format!("/services/{code}.json?locale={locale}"), 200)
                .await;
            assert_valid("service-definition.json", &definition);
        }
    }

    let plain = app.file("hukou-policy", &[]).await;
    let full = app
        .file(
            "noise-nuisance",
            &[
                ("address_string", "城东区人民路100号"),
                ("media_url", "https://img.example.cn/a.jpg"),
            ],
        )
        .await;
    app.admin(&full, "accept", json!({})).await;
    app.admin(&full, "answer", json!({"answer": "已处理"}))
        .await;
    for query in ["", "?extensions=true", "?status=closed&locale=en"] {
        let requests = app.get_json(&format!("/requests.json{query}"), 200).await;
        assert_valid("requests.json", &requests);
    }
    for id in [plain, full] {
        assert_valid(
            "requests.json",
            &app.get_json(&format!("/requests/{id}.json"), 200).await,
        );
    }
}
