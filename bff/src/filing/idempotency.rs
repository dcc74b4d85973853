use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use api::Receipt;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

/// What the store knows of a key when an attempt begins.
#[derive(Debug, PartialEq)]
pub enum Begin {
    /// New key (or an abandoned attempt): this attempt files the case.
    Started,
    /// Already filed: answer the same receipt.
    Done(Receipt),
    /// Another attempt with this key is filing now (maybe on another BFF instance).
    InFlight,
    /// The key was used with a different body.
    Conflict,
}

#[derive(Debug, thiserror::Error)]
#[error("idempotency store: {0}")]
pub struct StoreError(pub(crate) String);

/// Where idempotency keys live. SQLite in the data folder by default; a networked store
/// (Redis, a database) implements the same four calls so several BFF instances can share it.
#[async_trait::async_trait]
pub trait IdempotencyStore: Send + Sync + 'static {
    async fn begin(&self, key: &str, body_hash: &str) -> Result<Begin, StoreError>;
    async fn complete(&self, key: &str, receipt: &Receipt) -> Result<(), StoreError>;
    /// Forget a pending attempt that certainly made no case, so a retry may file again.
    async fn abandon(&self, key: &str) -> Result<(), StoreError>;
}

/// SHA-256 of the request as the contract parsed it: the same answers give the same hash
/// whatever the JSON's spacing or key order.
pub fn body_hash(request: &api::NewRequest) -> String {
    let canonical = serde_json::to_vec(request).expect("serializable");
    Sha256::digest(&canonical)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub struct SqliteIdempotencyStore {
    conn: Arc<Mutex<Connection>>,
    /// A pending attempt older than this is taken over: its process died mid-way.
    stale_after: Duration,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS idempotency (
    key         TEXT PRIMARY KEY,
    body_hash   TEXT NOT NULL,
    receipt     TEXT,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER
);";

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn store_error(error: impl std::fmt::Display) -> StoreError {
    StoreError(error.to_string())
}

impl SqliteIdempotencyStore {
    pub fn open(path: &Path, stale_after: Duration) -> Result<SqliteIdempotencyStore, StoreError> {
        let conn = Connection::open(path).map_err(store_error)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(store_error)?;
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(store_error)?;
        conn.execute_batch(SCHEMA).map_err(store_error)?;
        Ok(SqliteIdempotencyStore {
            conn: Arc::new(Mutex::new(conn)),
            stale_after,
        })
    }

    async fn with_conn<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = conn.lock().expect("idempotency connection");
            work(&mut conn)
        })
        .await
        .map_err(store_error)?
    }
}

#[async_trait::async_trait]
impl IdempotencyStore for SqliteIdempotencyStore {
    async fn begin(&self, key: &str, body_hash: &str) -> Result<Begin, StoreError> {
        let (key, body_hash) = (key.to_owned(), body_hash.to_owned());
        let stale_after = self.stale_after.as_secs() as i64;
        self.with_conn(move |conn| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(store_error)?;
            let row: Option<(String, Option<String>, i64)> = tx
                .query_row(
                    "SELECT body_hash, receipt, started_at FROM idempotency WHERE key = ?1",
                    params![key],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()
                .map_err(store_error)?;
            let now = now_secs();
            let outcome = match row {
                Some((hash, _, _)) if hash != body_hash => Begin::Conflict,
                Some((_, Some(receipt), _)) => {
                    Begin::Done(serde_json::from_str(&receipt).map_err(store_error)?)
                }
                Some((_, None, started)) if now - started < stale_after => Begin::InFlight,
                Some(_) => {
                    tx.execute(
                        "UPDATE idempotency SET started_at = ?2 WHERE key = ?1",
                        params![key, now],
                    )
                    .map_err(store_error)?;
                    Begin::Started
                }
                None => {
                    tx.execute(
                        "INSERT INTO idempotency (key, body_hash, started_at) VALUES (?1, ?2, ?3)",
                        params![key, body_hash, now],
                    )
                    .map_err(store_error)?;
                    Begin::Started
                }
            };
            tx.commit().map_err(store_error)?;
            Ok(outcome)
        })
        .await
    }

    async fn complete(&self, key: &str, receipt: &Receipt) -> Result<(), StoreError> {
        let key = key.to_owned();
        let receipt = serde_json::to_string(receipt).map_err(store_error)?;
        self.with_conn(move |conn| {
            conn.execute(
                "UPDATE idempotency SET receipt = ?2, finished_at = ?3 WHERE key = ?1",
                params![key, receipt, now_secs()],
            )
            .map_err(store_error)?;
            Ok(())
        })
        .await
    }

    async fn abandon(&self, key: &str) -> Result<(), StoreError> {
        let key = key.to_owned();
        self.with_conn(move |conn| {
            conn.execute(
                "DELETE FROM idempotency WHERE key = ?1 AND receipt IS NULL",
                params![key],
            )
            .map_err(store_error)?;
            Ok(())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt() -> Receipt {
        Receipt {
            case_id: "1".into(),
            query_code: "ABCD1234".into(),
            due_date: None,
            service_code: "noise".into(),
        }
    }

    #[tokio::test]
    async fn a_key_is_filed_once_and_remembered_across_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bff.sqlite3");
        let store = SqliteIdempotencyStore::open(&path, Duration::from_secs(120)).unwrap();
        assert_eq!(store.begin("k", "h1").await.unwrap(), Begin::Started);
        assert_eq!(store.begin("k", "h1").await.unwrap(), Begin::InFlight);
        assert_eq!(store.begin("k", "h2").await.unwrap(), Begin::Conflict);
        store.complete("k", &receipt()).await.unwrap();
        drop(store);
        let reopened = SqliteIdempotencyStore::open(&path, Duration::from_secs(120)).unwrap();
        assert_eq!(
            reopened.begin("k", "h1").await.unwrap(),
            Begin::Done(receipt())
        );
        assert_eq!(reopened.begin("k", "h2").await.unwrap(), Begin::Conflict);
    }

    #[tokio::test]
    async fn abandoned_and_stale_attempts_may_start_again() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            SqliteIdempotencyStore::open(&dir.path().join("s.sqlite3"), Duration::ZERO).unwrap();
        assert_eq!(store.begin("k", "h").await.unwrap(), Begin::Started);
        assert_eq!(
            store.begin("k", "h").await.unwrap(),
            Begin::Started,
            "stale"
        );
        store.abandon("k").await.unwrap();
        assert_eq!(store.begin("k", "h").await.unwrap(), Begin::Started);
    }
}
