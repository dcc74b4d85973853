use crate::helpers::spawn_app;

#[tokio::test]
async fn client_routes_are_answered_with_the_app() {
    let app = spawn_app().await;
    for path in ["/", "/services", "/cases/123"] {
        let response = app.client.get(app.at(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.text().await.unwrap().contains("Huiyin test"));
    }
}

#[tokio::test]
async fn unknown_api_paths_are_json_404() {
    let app = spawn_app().await;
    for path in ["/api", "/api/nothing", "/api/services/x/y"] {
        let response = app.client.get(app.at(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["code"], "not_found");
    }
}

#[tokio::test]
async fn every_answer_forbids_sniffing_and_referrers() {
    let app = spawn_app().await;
    for path in ["/", "/app-abc123.css", "/api/nothing"] {
        let response = app.client.get(app.at(path)).send().await.unwrap();
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
    }
}
