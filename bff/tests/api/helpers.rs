use std::path::PathBuf;

use bff::{Application, Config};
use tempfile::TempDir;
use tokio::sync::oneshot;

pub struct TestApp {
    pub url: String,
    pub sandbox_url: Option<String>,
    pub client: reqwest::Client,
    pub data_dir: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    _dirs: (TempDir, TempDir),
}

impl TestApp {
    pub fn at(&self, path: &str) -> String {
        format!("{}{}", self.url.trim_end_matches('/'), path)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A BFF with the embedded sandbox, on free loopback ports.
pub async fn spawn_app() -> TestApp {
    spawn_with(|_| {}).await
}

/// A BFF whose configuration the test adjusts first (e.g. another upstream).
pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let data = TempDir::new().unwrap();
    let dist = TempDir::new().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>Huiyin test</title>",
    )
    .unwrap();
    std::fs::write(dist.path().join("app-abc123.css"), "body{}").unwrap();
    let mut config = Config::for_test(data.path().to_path_buf(), dist.path().to_path_buf());
    config.upstream_timeout_ms = 1500;
    adjust(&mut config);
    let app = Application::build(config).await.expect("the BFF starts");
    let url = app.url();
    let sandbox_url = app.sandbox_url().map(|u| u.to_string());
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    TestApp {
        url,
        sandbox_url,
        client: reqwest::Client::new(),
        data_dir: data.path().to_path_buf(),
        stop: Some(stop),
        _dirs: (data, dist),
    }
}
