//! The SQLite file outlives the process: cases and an operator's edits survive a restart.

use sandbox::Sandbox;

use crate::helpers::{TempDir, config_in, serve};

#[tokio::test]
async fn cases_survive_a_restart_and_the_catalogue_is_not_reseeded() {
    let dir = TempDir::new();
    let config = config_in(dir.path());

    let first = serve(config.clone(), TempDir::new()).await;
    // `serve` got a throwaway dir; point both runs at `dir` through the config.
    let id = first.file("noise-nuisance", &[]).await;
    let (status, _) = first.admin(&id, "accept", serde_json::json!({})).await;
    assert_eq!(status, 200);
    rusqlite::Connection::open(&config.db_path)
        .unwrap()
        .execute(
            "UPDATE services SET time_limit_days = 9 WHERE code = 'hukou-policy'",
            [],
        )
        .unwrap();
    let before = first.case(&id).await;
    drop(first);

    let second = serve(config.clone(), TempDir::new()).await;
    let after = second.case(&id).await;
    assert_eq!(after, before, "the case is kept as it was");
    let all = second.get_json("/requests.json", 200).await;
    assert_eq!(all.as_array().unwrap().len(), 1);
    let next = second.file("noise-nuisance", &[]).await;
    assert_ne!(next, id, "case numbers are not reused");
    let services = second.get_json("/services.json", 200).await;
    let codes: Vec<&str> = services
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service_code"].as_str().unwrap())
        .collect();
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), codes.len(), "no service seeded twice");
    let days: i64 = rusqlite::Connection::open(&config.db_path)
        .unwrap()
        .query_row(
            "SELECT time_limit_days FROM services WHERE code = 'hukou-policy'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(days, 9, "the operator's time limit survives the restart");
    drop(second);

    // Opening without serving works too, and two handles share the file.
    let a = Sandbox::open(config.clone()).unwrap();
    let b = Sandbox::open(config).unwrap();
    drop((a, b));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_posts_make_exactly_fifty_distinct_cases() {
    let app = std::sync::Arc::new(crate::helpers::spawn_app().await);
    let posts = (0..50).map(|_| {
        let app = app.clone();
        tokio::spawn(async move { app.file("noise-nuisance", &[]).await })
    });
    let mut ids = Vec::new();
    for post in posts {
        ids.push(post.await.expect("the POST task"));
    }
    let distinct: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), 50, "no two POSTs share a case number");
    let listed = app.get_json("/requests.json?page_size=1000", 200).await;
    assert_eq!(
        listed.as_array().unwrap().len(),
        50,
        "no case lost or merged"
    );
}
