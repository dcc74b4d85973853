/// Liveness: the process is up and serving.
pub async fn healthz() -> &'static str {
    "ok"
}
