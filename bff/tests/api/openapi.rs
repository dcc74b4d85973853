use std::collections::BTreeSet;

use serde_json::Value;

use crate::helpers::spawn_app;

/// Every route of the BFF that a client may call, by method and path pattern.
fn expected_routes() -> BTreeSet<(String, String)> {
    use api::paths::*;
    [
        ("get", SERVICES),
        ("get", SERVICE),
        ("post", REQUESTS),
        ("get", CASE),
        ("get", CASE_EVENTS),
        ("post", CASE_ACTION),
        ("post", MEDIA),
        ("get", "/media/{file}"),
        ("get", HEALTHZ),
        ("get", READYZ),
        ("get", METRICS),
        ("get", OPENAPI),
        ("post", CLERK_SIGN_IN),
        ("post", CLERK_SIGN_OUT),
        ("get", CLERK_SESSION),
        ("post", CLERK_REQUESTS),
        ("get", CLERK_CASE),
        ("post", CLERK_CASE_ACTION),
        ("get", CLERK_CASE_QR),
    ]
    .into_iter()
    .map(|(m, p)| (m.to_owned(), p.to_owned()))
    .collect()
}

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_routes() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.at("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let document: Value = response.json().await.unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                documented.insert((method.clone(), path.clone()));
            }
        }
    }
    assert_eq!(documented, expected_routes());
    for schema in [
        "NewRequest",
        "Receipt",
        "CaseView",
        "ServiceList",
        "ApiError",
    ] {
        assert!(
            document["components"]["schemas"][schema].is_object(),
            "schema {schema} is documented"
        );
    }
}

#[tokio::test]
async fn every_documented_route_is_served() {
    let app = spawn_app().await;
    for (method, path) in expected_routes() {
        let concrete = path
            .replace("{code}", "noise-nuisance")
            .replace("{id}", "1")
            .replace("{action}", "urge")
            .replace("{file}", "0.jpg");
        let request = match method.as_str() {
            "get" => app.client.get(app.at(&concrete)),
            _ => app.client.post(app.at(&concrete)).body("{}"),
        };
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        assert_ne!(status, 405, "{method} {path}");
        let body = response.text().await.unwrap_or_default();
        assert!(
            !(status == 404 && body == r#"{"code":"not_found"}"# && path.starts_with("/api/cases")),
            "{method} {path} fell through to the unknown-API answer"
        );
        assert!(
            !body.starts_with("<!doctype"),
            "{method} {path} answered the app"
        );
    }
}
