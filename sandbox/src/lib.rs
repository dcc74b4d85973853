//! STUB: replaced by the sandbox helper. Interface only.
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct SandboxConfig {
    pub db_path: PathBuf,
    pub api_keys: Vec<String>,
    pub admin_token: Option<String>,
    pub demo: Option<Duration>,
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
}

#[derive(Clone)]
pub struct Sandbox {}

impl Sandbox {
    pub fn open(_config: SandboxConfig) -> Result<Sandbox, SandboxError> {
        Ok(Sandbox {})
    }
    pub fn router(&self) -> axum::Router {
        axum::Router::new()
    }
}
