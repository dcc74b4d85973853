//! The SQLite file: schema, connection settings, and running queries off the async runtime.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::Connection;

use crate::SandboxError;
use crate::error::ApiError;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS departments (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL              -- JSON object keyed by locale tag
);
CREATE TABLE IF NOT EXISTS services (
    code TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    type TEXT NOT NULL,
    time_limit_days INTEGER NOT NULL, -- 办理时限 in working days; edit to reconfigure
    department TEXT NOT NULL REFERENCES departments(code),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    grp TEXT NOT NULL,
    keywords TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS attributes (
    service_code TEXT NOT NULL REFERENCES services(code),
    code TEXT NOT NULL,
    position INTEGER NOT NULL,
    datatype TEXT NOT NULL,
    required INTEGER NOT NULL,
    variable INTEGER NOT NULL,
    description TEXT NOT NULL,
    datatype_description TEXT,
    PRIMARY KEY (service_code, code)
);
CREATE TABLE IF NOT EXISTS attribute_values (
    service_code TEXT NOT NULL,
    attribute_code TEXT NOT NULL,
    key TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (service_code, attribute_code, key),
    FOREIGN KEY (service_code, attribute_code) REFERENCES attributes(service_code, code)
);
CREATE TABLE IF NOT EXISTS requests (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    token TEXT NOT NULL UNIQUE,
    service_code TEXT NOT NULL REFERENCES services(code),
    stage TEXT NOT NULL,
    resume_stage TEXT,               -- where needs_info / escalated return to
    department TEXT REFERENCES departments(code),
    description TEXT,
    lat REAL,
    long REAL,
    address TEXT,
    address_id TEXT,
    zipcode TEXT,
    media_urls TEXT NOT NULL DEFAULT '[]',
    attributes TEXT NOT NULL DEFAULT '{}',
    email TEXT,
    device_id TEXT,
    account_id TEXT,
    first_name TEXT,
    last_name TEXT,
    phone TEXT,
    channel TEXT NOT NULL,
    clerk_id TEXT,
    requested_at INTEGER NOT NULL,   -- unix seconds
    updated_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    rating INTEGER,
    rating_comment TEXT
);
CREATE INDEX IF NOT EXISTS requests_by_time ON requests(requested_at);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    request_seq INTEGER NOT NULL REFERENCES requests(seq),
    at INTEGER NOT NULL,
    type TEXT NOT NULL,
    stage TEXT NOT NULL,
    department TEXT,
    note TEXT                        -- NULL: the stage's standard wording, localized
);
CREATE INDEX IF NOT EXISTS events_by_request ON events(request_seq, seq);
"#;

/// One connection behind a mutex; every query runs on the blocking pool.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    /// Opens (creating when missing) the file, applies the schema and adds any seeded
    /// catalogue rows that are not there yet. Existing rows, cases included, are kept.
    pub fn open(path: &Path) -> Result<Db, SandboxError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let _mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0))?;
        conn.execute_batch("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;")?;
        conn.execute_batch(SCHEMA)?;
        crate::catalogue::install_seed(&mut conn)?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` with the connection on the blocking pool.
    pub async fn call<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|err| ApiError::internal(&err))?
    }
}
