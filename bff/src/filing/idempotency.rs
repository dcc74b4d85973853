//! The idempotency keys' state machine (docs/exactly-once.md): each key is `pending` while
//! one attempt acts on it, `unknown` when an attempt could not learn whether the city made
//! the case, `done` with its receipt, or gone (never seen, or certainly no case).

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use api::Receipt;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

/// One key's filing attempt, as the upstream may know it.
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    /// Sent upstream with every POST of this key (`Idempotency-Key`, `device_id`): random,
    /// nothing of the resident or of the device's key.
    pub token: String,
    /// When the first POST of this key may have reached the upstream (Unix seconds): where
    /// a search for the case starts.
    pub first_sent_at: i64,
}

/// What the store knows of a key when a request with it arrives. Every answer but
/// `Done`, `Conflict` and `InFlight` makes the caller the key's only actor until it calls
/// `complete`, `unknown` or `release`.
#[derive(Debug, PartialEq)]
pub enum Begin {
    /// New key: file the case with this attempt's token.
    Started(Attempt),
    /// An earlier attempt's outcome is unknown (timeout, reset, 5xx, unreadable answer, a
    /// crash mid-way): ask the upstream whether the case exists before anything else.
    Reconcile(Attempt),
    /// Already filed: answer the same receipt.
    Done(Receipt),
    /// Another attempt is acting on this key now (maybe on another BFF instance); ask again
    /// after `retry_after`.
    InFlight { retry_after: Duration },
    /// The key was used with a different body.
    Conflict,
}

#[derive(Debug, thiserror::Error)]
#[error("idempotency store: {0}")]
pub struct StoreError(pub(crate) String);

/// Where idempotency keys live. SQLite in the data folder by default; a networked store
/// (PostgreSQL, shared by several BFF instances) implements the same calls, each one atomic
/// on its own: `begin` must decide and mark the key in one step (a row lock or a
/// conditional update), so that two instances never both act on one key.
#[async_trait::async_trait]
pub trait IdempotencyStore: Send + Sync + 'static {
    /// Looks the key up and, unless someone else acts on it, takes it. A `pending` key
    /// older than `acting_for` is taken over as `unknown` (its process died mid-way).
    async fn begin(
        &self,
        key: &str,
        body_hash: &str,
        acting_for: Duration,
    ) -> Result<Begin, StoreError>;
    /// The case exists: the key answers this receipt from now on.
    async fn complete(&self, key: &str, receipt: &Receipt) -> Result<(), StoreError>;
    /// The outcome could not be learned: the next request with the key reconciles first.
    async fn unknown(&self, key: &str) -> Result<(), StoreError>;
    /// The attempt certainly made no case: forget the key, a retry may file again.
    async fn release(&self, key: &str) -> Result<(), StoreError>;
    /// Whether some other key already answers with this case (a search must not claim it).
    async fn claimed_by_other(&self, key: &str, case_id: &str) -> Result<bool, StoreError>;
    /// Forgets completed keys finished before `retention` ago; answers how many.
    async fn sweep(&self, retention: Duration) -> Result<u64, StoreError>;
}

/// SHA-256 of the request as the contract parsed it: the same answers give the same hash
/// whatever the JSON's spacing or key order.
pub fn body_hash(request: &api::NewRequest) -> String {
    let canonical = serde_json::to_vec(request).expect("serializable");
    hex(&Sha256::digest(&canonical))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// 128 random bits, hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the OS has randomness");
    hex(&bytes)
}

pub struct SqliteIdempotencyStore {
    conn: Arc<Mutex<Connection>>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS idempotency (
    key         TEXT PRIMARY KEY,
    body_hash   TEXT NOT NULL,
    receipt     TEXT,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER
);";

/// Columns added after the first release, to a table that may already hold keys.
const ADDED_COLUMNS: [(&str, &str); 4] = [
    ("state", "TEXT NOT NULL DEFAULT 'pending'"),
    ("token", "TEXT"),
    ("first_sent_at", "INTEGER"),
    ("case_id", "TEXT"),
];

pub(crate) fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

pub(crate) fn store_error(error: impl std::fmt::Display) -> StoreError {
    StoreError(error.to_string())
}

fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(SCHEMA)?;
    let mut existing = Vec::new();
    let mut columns = conn.prepare("SELECT name FROM pragma_table_info('idempotency')")?;
    for name in columns.query_map([], |r| r.get::<_, String>(0))? {
        existing.push(name?);
    }
    for (name, definition) in ADDED_COLUMNS {
        if !existing.iter().any(|e| e == name) {
            conn.execute_batch(&format!(
                "ALTER TABLE idempotency ADD COLUMN {name} {definition}"
            ))?;
        }
    }
    // Keys of the first release: a receipt means done.
    conn.execute_batch(
        "UPDATE idempotency SET state = 'done' WHERE receipt IS NOT NULL AND state <> 'done';
         CREATE INDEX IF NOT EXISTS idempotency_case ON idempotency (case_id);
         CREATE INDEX IF NOT EXISTS idempotency_finished ON idempotency (finished_at);",
    )
}

impl SqliteIdempotencyStore {
    pub fn open(path: &Path) -> Result<SqliteIdempotencyStore, StoreError> {
        let conn = Connection::open(path).map_err(store_error)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(store_error)?;
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(store_error)?;
        migrate(&conn).map_err(store_error)?;
        Ok(SqliteIdempotencyStore {
            conn: Arc::new(Mutex::new(conn)),
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

/// What a store must write for the answer [`decide`] gave, in the same transaction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Write {
    Nothing,
    /// A new `pending` row with the attempt's token, started and first sent now.
    Insert,
    /// The row becomes `pending` again, started now (a reconciler holds it).
    TakeOver,
}

/// The key's state machine, alike for every store: what a request with `body_hash` gets,
/// given what the store holds for its key (read under a lock) and the time now.
pub(crate) fn decide(
    row: Option<Row>,
    body_hash: &str,
    now: i64,
    acting_for: i64,
) -> Result<(Begin, Write), StoreError> {
    Ok(match row {
        None => (
            Begin::Started(Attempt {
                token: new_token(),
                first_sent_at: now,
            }),
            Write::Insert,
        ),
        Some(row) if row.body_hash != body_hash => (Begin::Conflict, Write::Nothing),
        Some(Row {
            receipt: Some(receipt),
            ..
        }) => (
            Begin::Done(serde_json::from_str(&receipt).map_err(store_error)?),
            Write::Nothing,
        ),
        // Pending: an attempt acts now. Unknown: its POST began less than an attempt's
        // time ago, and a slow upstream may still be making the case.
        Some(row) if now - row.started_at < acting_for => {
            let left = acting_for - (now - row.started_at);
            (
                Begin::InFlight {
                    retry_after: Duration::from_secs(left.max(1) as u64),
                },
                Write::Nothing,
            )
        }
        // Unknown, or pending past any attempt's time (its process died): this request
        // reconciles, and holds the key while it does.
        Some(row) => (
            Begin::Reconcile(Attempt {
                token: row.token.unwrap_or_default(),
                first_sent_at: row.first_sent_at.unwrap_or(row.started_at),
            }),
            Write::TakeOver,
        ),
    })
}

pub(crate) struct Row {
    pub(crate) body_hash: String,
    pub(crate) receipt: Option<String>,
    pub(crate) started_at: i64,
    pub(crate) token: Option<String>,
    pub(crate) first_sent_at: Option<i64>,
}

#[async_trait::async_trait]
impl IdempotencyStore for SqliteIdempotencyStore {
    async fn begin(
        &self,
        key: &str,
        body_hash: &str,
        acting_for: Duration,
    ) -> Result<Begin, StoreError> {
        let (key, body_hash) = (key.to_owned(), body_hash.to_owned());
        let acting_for = acting_for.as_secs_f64().ceil() as i64;
        self.with_conn(move |conn| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(store_error)?;
            let row: Option<Row> = tx
                .query_row(
                    "SELECT body_hash, receipt, started_at, token, first_sent_at
                     FROM idempotency WHERE key = ?1",
                    params![key],
                    |r| {
                        Ok(Row {
                            body_hash: r.get(0)?,
                            receipt: r.get(1)?,
                            started_at: r.get(2)?,
                            token: r.get(3)?,
                            first_sent_at: r.get(4)?,
                        })
                    },
                )
                .optional()
                .map_err(store_error)?;
            let now = now_secs();
            let (outcome, write) = decide(row, &body_hash, now, acting_for)?;
            match (&outcome, write) {
                (Begin::Started(attempt), Write::Insert) => {
                    tx.execute(
                        "INSERT INTO idempotency (key, body_hash, state, started_at, token, first_sent_at)
                         VALUES (?1, ?2, 'pending', ?3, ?4, ?3)",
                        params![key, body_hash, now, attempt.token],
                    )
                    .map_err(store_error)?;
                }
                (_, Write::TakeOver) => {
                    tx.execute(
                        "UPDATE idempotency SET state = 'pending', started_at = ?2 WHERE key = ?1",
                        params![key, now],
                    )
                    .map_err(store_error)?;
                }
                _ => {}
            }
            tx.commit().map_err(store_error)?;
            Ok(outcome)
        })
        .await
    }

    async fn complete(&self, key: &str, receipt: &Receipt) -> Result<(), StoreError> {
        let key = key.to_owned();
        let case_id = receipt.case_id.clone();
        let receipt = serde_json::to_string(receipt).map_err(store_error)?;
        self.with_conn(move |conn| {
            conn.execute(
                "UPDATE idempotency SET state = 'done', receipt = ?2, case_id = ?3, finished_at = ?4
                 WHERE key = ?1",
                params![key, receipt, case_id, now_secs()],
            )
            .map_err(store_error)?;
            Ok(())
        })
        .await
    }

    async fn unknown(&self, key: &str) -> Result<(), StoreError> {
        let key = key.to_owned();
        self.with_conn(move |conn| {
            conn.execute(
                "UPDATE idempotency SET state = 'unknown' WHERE key = ?1 AND receipt IS NULL",
                params![key],
            )
            .map_err(store_error)?;
            Ok(())
        })
        .await
    }

    async fn release(&self, key: &str) -> Result<(), StoreError> {
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

    async fn claimed_by_other(&self, key: &str, case_id: &str) -> Result<bool, StoreError> {
        let (key, case_id) = (key.to_owned(), case_id.to_owned());
        self.with_conn(move |conn| {
            conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM idempotency WHERE case_id = ?1 AND key <> ?2)",
                params![case_id, key],
                |r| r.get(0),
            )
            .map_err(store_error)
        })
        .await
    }

    async fn sweep(&self, retention: Duration) -> Result<u64, StoreError> {
        let before = now_secs() - retention.as_secs() as i64;
        self.with_conn(move |conn| {
            let removed = conn
                .execute(
                    "DELETE FROM idempotency WHERE state = 'done' AND finished_at < ?1",
                    params![before],
                )
                .map_err(store_error)?;
            Ok(removed as u64)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTING: Duration = Duration::from_secs(120);

    /// Where a test's keys live: the same suite runs against every store.
    enum Place {
        Sqlite(tempfile::TempDir),
        Postgres(Box<crate::postgres::Postgres>),
    }

    async fn places() -> Vec<Place> {
        let mut places = vec![Place::Sqlite(tempfile::tempdir().unwrap())];
        if let Some(url) = crate::postgres::testing::fresh_database().await {
            places.push(Place::Postgres(Box::new(
                crate::postgres::Postgres::connect(&url).await.unwrap(),
            )));
        }
        places
    }

    impl Place {
        /// A store on this place's data; opened again, it sees what the last one kept.
        fn open(&self) -> Box<dyn IdempotencyStore> {
            match self {
                Place::Sqlite(dir) => {
                    Box::new(SqliteIdempotencyStore::open(&dir.path().join("bff.sqlite3")).unwrap())
                }
                Place::Postgres(db) => {
                    Box::new(crate::postgres::PgIdempotencyStore::new((**db).clone()))
                }
            }
        }
    }

    fn receipt(case_id: &str) -> Receipt {
        Receipt {
            case_id: case_id.into(),
            query_code: "ABCD1234".into(),
            due_date: None,
            service_code: "noise".into(),
        }
    }

    fn started(begin: Begin) -> Attempt {
        match begin {
            Begin::Started(attempt) => attempt,
            other => panic!("expected Started, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_key_is_filed_once_and_remembered_across_reopening() {
        for place in places().await {
            let store = place.open();
            let attempt = started(store.begin("k", "h1", ACTING).await.unwrap());
            assert_eq!(attempt.token.len(), 32);
            assert!(matches!(
                store.begin("k", "h1", ACTING).await.unwrap(),
                Begin::InFlight { retry_after } if retry_after >= Duration::from_secs(1)
            ));
            assert_eq!(
                store.begin("k", "h2", ACTING).await.unwrap(),
                Begin::Conflict
            );
            store.complete("k", &receipt("1")).await.unwrap();
            drop(store);
            let reopened = place.open();
            assert_eq!(
                reopened.begin("k", "h1", ACTING).await.unwrap(),
                Begin::Done(receipt("1"))
            );
            assert_eq!(
                reopened.begin("k", "h2", ACTING).await.unwrap(),
                Begin::Conflict
            );
        }
    }

    #[tokio::test]
    async fn an_unknown_outcome_is_reconciled_with_the_same_token_never_started_afresh() {
        for place in places().await {
            let store = place.open();
            let attempt = started(store.begin("k", "h", ACTING).await.unwrap());
            store.unknown("k").await.unwrap();
            assert!(
                matches!(
                    store.begin("k", "h", ACTING).await.unwrap(),
                    Begin::InFlight { .. }
                ),
                "a late answer may still land: wait an attempt's time"
            );
            let Begin::Reconcile(again) = store.begin("k", "h", Duration::ZERO).await.unwrap()
            else {
                panic!("an unknown key reconciles")
            };
            assert_eq!(again, attempt, "the same token and search window");
            assert!(
                matches!(
                    store.begin("k", "h", ACTING).await.unwrap(),
                    Begin::InFlight { .. }
                ),
                "one reconciler at a time"
            );
        }
    }

    #[tokio::test]
    async fn a_pending_key_whose_process_died_is_reconciled_not_refiled() {
        for place in places().await {
            let store = place.open();
            let attempt = started(store.begin("k", "h", ACTING).await.unwrap());
            assert_eq!(
                store.begin("k", "h", Duration::ZERO).await.unwrap(),
                Begin::Reconcile(attempt)
            );
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_new_key_sent_at_once_through_many_stores_is_started_once() {
        for place in places().await {
            let stores: Vec<std::sync::Arc<dyn IdempotencyStore>> =
                (0..4).map(|_| std::sync::Arc::from(place.open())).collect();
            // Each store connected first, then all ask at the same moment.
            for store in &stores {
                store.claimed_by_other("warm-up", "none").await.unwrap();
            }
            let together = std::sync::Arc::new(tokio::sync::Barrier::new(stores.len()));
            let tries = stores.iter().map(|store| {
                let (store, together) = (store.clone(), together.clone());
                tokio::spawn(async move {
                    together.wait().await;
                    store.begin("same", "h", ACTING).await.unwrap()
                })
            });
            let mut started = 0;
            for outcome in futures_util::future::join_all(tries).await {
                match outcome.unwrap() {
                    Begin::Started(_) => started += 1,
                    Begin::InFlight { .. } => {}
                    other => panic!("unexpected {other:?}"),
                }
            }
            assert_eq!(started, 1, "exactly one store hands the key out");
        }
    }

    #[tokio::test]
    async fn a_released_key_starts_again_and_completed_keys_are_swept() {
        for place in places().await {
            let store = place.open();
            started(store.begin("k", "h", ACTING).await.unwrap());
            store.release("k").await.unwrap();
            started(store.begin("k", "h", ACTING).await.unwrap());
            store.complete("k", &receipt("7")).await.unwrap();
            assert!(store.claimed_by_other("other", "7").await.unwrap());
            assert!(!store.claimed_by_other("k", "7").await.unwrap());
            assert_eq!(store.sweep(Duration::from_secs(3600)).await.unwrap(), 0);
            // Finished "now" is older than a retention of minus one second.
            let swept = store.sweep(Duration::ZERO).await.unwrap() + {
                tokio::time::sleep(Duration::from_millis(1100)).await;
                store.sweep(Duration::ZERO).await.unwrap()
            };
            assert_eq!(swept, 1);
            started(store.begin("k", "h", ACTING).await.unwrap());
        }
    }
}
