use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_answers_200_once_up() {
    let app = spawn_app().await;
    let response = app.client.get(app.at("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn the_embedded_sandbox_keeps_its_database_in_the_data_folder() {
    let app = spawn_app().await;
    assert!(app.sandbox_url.is_some());
    assert!(app.data_dir.join("sandbox.sqlite3").exists());
}
