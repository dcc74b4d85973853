use std::collections::BTreeSet;

use serde_json::Value;

use crate::helpers::{spawn_app, spawn_with};

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
            !(status == 404 && body == r#"{"code":"not_found"}"# && path.starts_with("/api/")),
            "{method} {path} fell through to the unknown-API answer"
        );
        assert!(
            !body.starts_with("<!doctype"),
            "{method} {path} answered the app"
        );
        // Whatever the fallback under this route's first segment answers (the unknown-API
        // answer, the app, a static 404), the route answers something else.
        let segment = path.split('/').nth(1).unwrap_or_default();
        let unrouted = format!("/{segment}/no-such-route/at/all");
        let fallback = match method.as_str() {
            "get" => app.client.get(app.at(&unrouted)),
            _ => app.client.post(app.at(&unrouted)).body("{}"),
        };
        let fallback = fallback.send().await.unwrap();
        let fallback = (
            fallback.status().as_u16(),
            fallback.text().await.unwrap_or_default(),
        );
        assert_ne!(
            (status, body),
            fallback,
            "{method} {path} fell through to what {unrouted} answers"
        );
    }
}

/// The path with each `{param}` filled in by `value`.
fn concrete(path: &str, value: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').unwrap() + open;
        let name = &rest[open + 1..close];
        out.push_str(&rest[..open]);
        out.push_str(match (name, value) {
            (_, "") => match name {
                "code" => "noise-nuisance",
                "action" => "urge",
                "file" => "0123456789abcdef0123456789abcdef.jpg",
                _ => "1",
            },
            (_, other) => other,
        });
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Whatever a client sends (well formed, a path that is not UTF-8, a query field twice,
/// a body that is not JSON), each route answers a status its OpenAPI operation lists.
#[tokio::test]
async fn every_status_a_route_answers_is_documented() {
    let app = spawn_with(|config| config.rate_limit_per_minute = 0).await;
    let document: Value = app.get_json("/api/openapi.json").await;
    let mut undocumented = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let documented: BTreeSet<u16> = operation["responses"]
                .as_object()
                .unwrap()
                .keys()
                .map(|status| status.parse().unwrap())
                .collect();
            let mut probes = vec![
                (concrete(path, ""), "{}"),
                (
                    format!("{}?locale=en&locale=en&code=A&code=B", concrete(path, "")),
                    "{}",
                ),
                (concrete(path, ""), "{not json"),
            ];
            if path.contains('{') {
                probes.push((concrete(path, "%FF%FE"), "{}"));
            }
            for (target, body) in probes {
                let request = match method.as_str() {
                    "get" => app.client.get(app.at(&target)),
                    _ => app
                        .client
                        .post(app.at(&target))
                        .header("content-type", "application/json")
                        .header("idempotency-key", "openapi-probe")
                        .header("x-huiyin-clerk", "1")
                        .body(body),
                };
                let status = request.send().await.unwrap().status().as_u16();
                if !documented.contains(&status) {
                    undocumented.push(format!("{method} {target} ({body}) answered {status}"));
                }
            }
        }
    }
    assert!(undocumented.is_empty(), "{undocumented:#?}");
}

/// What layers add to every operation (shedding, the rate limit, unreadable input, the
/// city's failures) is in the document, not only in the annotations that remembered it.
#[tokio::test]
async fn the_answers_of_the_shared_layers_are_documented_on_every_route() {
    let app = spawn_app().await;
    let document: Value = app.get_json("/api/openapi.json").await;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = &operation["responses"];
            if path != api::paths::HEALTHZ {
                assert!(responses["503"].is_object(), "{method} {path}: 503");
            }
            if path.starts_with("/api/") {
                assert!(responses["429"].is_object(), "{method} {path}: 429");
            }
            if path.starts_with("/api/") && operation["requestBody"].is_object() {
                assert!(responses["400"].is_object(), "{method} {path}: 400");
                assert!(responses["413"].is_object(), "{method} {path}: 413");
            }
        }
    }
    let services = &document["paths"][api::paths::SERVICES]["get"]["responses"];
    assert!(services["502"].is_object() && services["504"].is_object());
    for (method, path) in [
        ("post", api::paths::REQUESTS),
        ("post", api::paths::MEDIA),
        ("post", api::paths::CLERK_SIGN_IN),
        ("post", api::paths::CLERK_REQUESTS),
    ] {
        let responses = &document["paths"][path][method]["responses"];
        assert!(
            responses["500"]["description"]
                .as_str()
                .is_some_and(|d| d.contains("internal_error")),
            "{method} {path}: 500 internal_error"
        );
    }
}
