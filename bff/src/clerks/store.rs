//! Accounts, sessions and the audit log in `<data-dir>/bff.sqlite3`. A session is kept by
//! the SHA-256 of its token, so the file alone never lets anyone in. The audit log holds
//! the clerk, the time, the action and the case id: never a resident's personal data.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, params};

use crate::filing::StoreError;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS clerk_accounts (
    clerk_id      TEXT PRIMARY KEY,
    name          TEXT,
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS clerk_sessions (
    token_hash  TEXT PRIMARY KEY,
    clerk_id    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS clerk_audit (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       INTEGER NOT NULL,
    clerk_id TEXT NOT NULL,
    action   TEXT NOT NULL,
    case_id  TEXT,
    detail   TEXT
);";

/// An account as `clerk list` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub clerk_id: String,
    pub name: Option<String>,
    pub disabled: bool,
    /// Milliseconds since the epoch.
    pub created_at: i64,
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: i64,
    pub clerk_id: String,
    pub action: String,
    pub case_id: Option<String>,
    pub detail: Option<String>,
}

/// What a session token is worth now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionCheck {
    Valid {
        clerk_id: String,
        name: Option<String>,
        /// Time left before the absolute limit.
        left: Duration,
    },
    /// Unknown, signed out, timed out, or its account disabled.
    Invalid,
}

/// Clerks' accounts, sessions and audit log, wherever they are kept: the SQLite file of
/// one instance ([`SqliteClerks`]) or PostgreSQL shared by all (`crate::postgres::PgClerks`).
/// Its calls block: run them with [`ClerkStore::call`] from async code.
pub trait ClerkRecords: Send + Sync + 'static {
    /// `false` when the id is taken.
    fn add_account(
        &self,
        clerk_id: &str,
        name: Option<&str>,
        password_hash: &str,
    ) -> Result<bool, StoreError>;
    /// Disables the account and ends its sessions; `false` when there is no such account.
    fn disable(&self, clerk_id: &str) -> Result<bool, StoreError>;
    fn accounts(&self) -> Result<Vec<Account>, StoreError>;
    /// The password hash and name of an enabled account.
    fn credentials(&self, clerk_id: &str) -> Result<Option<(String, Option<String>)>, StoreError>;
    /// Starts a session, ending the one the browser came with (if any): a new id at every
    /// sign-in, so that a token planted before sign-in is worth nothing after it.
    fn start_session(
        &self,
        token_hash: &str,
        clerk_id: &str,
        replaces: Option<&str>,
    ) -> Result<(), StoreError>;
    fn end_session(&self, token_hash: &str) -> Result<(), StoreError>;
    /// Checks a session against both time limits and its account, and keeps a valid one
    /// alive. A session past a limit is deleted on the spot.
    fn check_session(
        &self,
        token_hash: &str,
        idle: Duration,
        max: Duration,
    ) -> Result<SessionCheck, StoreError>;
    /// One line of the audit log.
    fn audit(
        &self,
        clerk_id: &str,
        action: &str,
        case_id: Option<&str>,
        detail: Option<&str>,
    ) -> Result<(), StoreError>;
    /// The newest `limit` lines of the audit log, newest first.
    fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError>;
}

#[derive(Clone)]
pub struct ClerkStore {
    records: Arc<dyn ClerkRecords>,
}

impl std::ops::Deref for ClerkStore {
    type Target = dyn ClerkRecords;
    fn deref(&self) -> &Self::Target {
        &*self.records
    }
}

impl ClerkStore {
    /// The SQLite file of one instance.
    pub fn open(path: &Path) -> Result<ClerkStore, StoreError> {
        Ok(ClerkStore::new(Arc::new(SqliteClerks::open(path)?)))
    }

    pub fn new(records: Arc<dyn ClerkRecords>) -> ClerkStore {
        ClerkStore { records }
    }

    /// Runs on the blocking pool: store calls must not hold up the runtime.
    pub async fn call<T: Send + 'static>(
        &self,
        work: impl FnOnce(&ClerkStore) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || work(&store))
            .await
            .map_err(store_error)?
    }
}

pub struct SqliteClerks {
    conn: Mutex<Connection>,
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn store_error(error: impl std::fmt::Display) -> StoreError {
    StoreError(error.to_string())
}

impl SqliteClerks {
    pub fn open(path: &Path) -> Result<SqliteClerks, StoreError> {
        let conn = Connection::open(path).map_err(store_error)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(store_error)?;
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(store_error)?;
        conn.execute_batch(SCHEMA).map_err(store_error)?;
        Ok(SqliteClerks {
            conn: Mutex::new(conn),
        })
    }

    fn blocking<T>(
        &self,
        work: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let conn = self.conn.lock().expect("clerk store");
        work(&conn).map_err(store_error)
    }
}

impl ClerkRecords for SqliteClerks {
    fn add_account(
        &self,
        clerk_id: &str,
        name: Option<&str>,
        password_hash: &str,
    ) -> Result<bool, StoreError> {
        self.blocking(|conn| {
            let added = conn.execute(
                "INSERT OR IGNORE INTO clerk_accounts (clerk_id, name, password_hash, created_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![clerk_id, name, password_hash, now_ms()],
            )?;
            Ok(added == 1)
        })
    }

    /// Disables the account and ends its sessions; `false` when there is no such account.
    fn disable(&self, clerk_id: &str) -> Result<bool, StoreError> {
        self.blocking(|conn| {
            let changed = conn.execute(
                "UPDATE clerk_accounts SET disabled = 1 WHERE clerk_id = ?1",
                params![clerk_id],
            )?;
            conn.execute(
                "DELETE FROM clerk_sessions WHERE clerk_id = ?1",
                params![clerk_id],
            )?;
            Ok(changed == 1)
        })
    }

    fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        self.blocking(|conn| {
            let mut statement = conn.prepare(
                "SELECT clerk_id, name, disabled, created_at FROM clerk_accounts ORDER BY clerk_id",
            )?;
            let rows = statement.query_map([], |r| {
                Ok(Account {
                    clerk_id: r.get(0)?,
                    name: r.get(1)?,
                    disabled: r.get::<_, i64>(2)? != 0,
                    created_at: r.get(3)?,
                })
            })?;
            rows.collect()
        })
    }

    /// The password hash and name of an enabled account.
    fn credentials(&self, clerk_id: &str) -> Result<Option<(String, Option<String>)>, StoreError> {
        self.blocking(|conn| {
            conn.query_row(
                "SELECT password_hash, name FROM clerk_accounts WHERE clerk_id = ?1 AND disabled = 0",
                params![clerk_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
        })
    }

    /// Starts a session, ending the one the browser came with (if any): a new id at every
    /// sign-in, so that a token planted before sign-in is worth nothing after it.
    fn start_session(
        &self,
        token_hash: &str,
        clerk_id: &str,
        replaces: Option<&str>,
    ) -> Result<(), StoreError> {
        self.blocking(|conn| {
            if let Some(old) = replaces {
                conn.execute(
                    "DELETE FROM clerk_sessions WHERE token_hash = ?1",
                    params![old],
                )?;
            }
            let now = now_ms();
            conn.execute(
                "INSERT INTO clerk_sessions (token_hash, clerk_id, created_at, last_seen)
                 VALUES (?1, ?2, ?3, ?3)",
                params![token_hash, clerk_id, now],
            )?;
            Ok(())
        })
    }

    fn end_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.blocking(|conn| {
            conn.execute(
                "DELETE FROM clerk_sessions WHERE token_hash = ?1",
                params![token_hash],
            )?;
            Ok(())
        })
    }

    /// Checks a session against both time limits and its account, and keeps a valid one
    /// alive. A session past a limit is deleted on the spot.
    fn check_session(
        &self,
        token_hash: &str,
        idle: Duration,
        max: Duration,
    ) -> Result<SessionCheck, StoreError> {
        self.blocking(|conn| {
            let now = now_ms();
            let row: Option<(String, i64, i64, Option<String>, i64)> = conn
                .query_row(
                    "SELECT s.clerk_id, s.created_at, s.last_seen, a.name, a.disabled
                     FROM clerk_sessions s JOIN clerk_accounts a ON a.clerk_id = s.clerk_id
                     WHERE s.token_hash = ?1",
                    params![token_hash],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .optional()?;
            let Some((clerk_id, created_at, last_seen, name, disabled)) = row else {
                return Ok(SessionCheck::Invalid);
            };
            let ends_at = created_at.saturating_add(max.as_millis() as i64);
            let idle_until = last_seen.saturating_add(idle.as_millis() as i64);
            if disabled != 0 || now >= ends_at || now >= idle_until {
                conn.execute(
                    "DELETE FROM clerk_sessions WHERE token_hash = ?1",
                    params![token_hash],
                )?;
                return Ok(SessionCheck::Invalid);
            }
            conn.execute(
                "UPDATE clerk_sessions SET last_seen = ?2 WHERE token_hash = ?1",
                params![token_hash, now],
            )?;
            // Sessions long dead are swept now and then, by whoever passes.
            conn.execute(
                "DELETE FROM clerk_sessions WHERE created_at < ?1 OR last_seen < ?2",
                params![
                    now.saturating_sub(max.as_millis() as i64),
                    now.saturating_sub(idle.as_millis() as i64)
                ],
            )?;
            Ok(SessionCheck::Valid {
                clerk_id,
                name,
                left: Duration::from_millis((ends_at - now) as u64),
            })
        })
    }

    /// One line of the audit log.
    fn audit(
        &self,
        clerk_id: &str,
        action: &str,
        case_id: Option<&str>,
        detail: Option<&str>,
    ) -> Result<(), StoreError> {
        self.blocking(|conn| {
            conn.execute(
                "INSERT INTO clerk_audit (at, clerk_id, action, case_id, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![now_ms(), clerk_id, action, case_id, detail],
            )?;
            Ok(())
        })
    }

    /// The newest `limit` lines of the audit log, newest first.
    fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        self.blocking(|conn| {
            let mut statement = conn.prepare(
                "SELECT at, clerk_id, action, case_id, detail FROM clerk_audit
                 ORDER BY id DESC LIMIT ?1",
            )?;
            let rows = statement.query_map(params![limit], |r| {
                Ok(AuditEntry {
                    at: r.get(0)?,
                    clerk_id: r.get(1)?,
                    action: r.get(2)?,
                    case_id: r.get(3)?,
                    detail: r.get(4)?,
                })
            })?;
            rows.collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same tests on every store: the SQLite file always, PostgreSQL when the run has
    /// one (`HUIYIN_TEST_DATABASE_URL`). A runtime of their own: the PostgreSQL store waits
    /// on it from this (blocking) thread.
    fn stores(test: impl Fn(ClerkStore)) {
        let dir = tempfile::tempdir().unwrap();
        test(ClerkStore::open(&dir.path().join("bff.sqlite3")).unwrap());
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let Some(url) = runtime.block_on(crate::postgres::testing::fresh_database()) else {
            return;
        };
        let db = runtime
            .block_on(crate::postgres::Postgres::connect(&url))
            .unwrap();
        let records = runtime.block_on(async { crate::postgres::PgClerks::new(db) });
        test(ClerkStore::new(std::sync::Arc::new(records)));
    }

    #[test]
    fn sessions_end_when_idle_too_long_or_when_the_account_is_disabled() {
        stores(|store| {
            assert!(store.add_account("w1", Some("王芳"), "hash").unwrap());
            assert!(!store.add_account("w1", None, "other").unwrap(), "taken");
            store.start_session("t1", "w1", None).unwrap();
            let long = Duration::from_secs(600);
            assert!(matches!(
                store.check_session("t1", long, long).unwrap(),
                SessionCheck::Valid { .. }
            ));
            std::thread::sleep(Duration::from_millis(30));
            assert_eq!(
                store
                    .check_session("t1", Duration::from_millis(10), long)
                    .unwrap(),
                SessionCheck::Invalid,
                "idle"
            );
            assert_eq!(
                store.check_session("t1", long, long).unwrap(),
                SessionCheck::Invalid,
                "gone for good"
            );
            store.start_session("t2", "w1", None).unwrap();
            store.start_session("t3", "w1", Some("t2")).unwrap();
            assert_eq!(
                store.check_session("t2", long, long).unwrap(),
                SessionCheck::Invalid,
                "replaced at sign-in"
            );
            store.audit("w1", "sign_in", Some("c-1"), None).unwrap();
            let log = store.audit_log(10).unwrap();
            assert_eq!(log[0].action, "sign_in");
            assert_eq!(log[0].case_id.as_deref(), Some("c-1"));
            assert!(store.disable("w1").unwrap());
            assert!(store.accounts().unwrap()[0].disabled);
            assert_eq!(
                store.check_session("t3", long, long).unwrap(),
                SessionCheck::Invalid
            );
            assert!(store.credentials("w1").unwrap().is_none());
        });
    }

    #[test]
    fn the_absolute_limit_holds_however_busy() {
        // No clock to inject: each claim is made only where the time measured around the
        // calls proves it, so a slow, busy machine cannot make it flaky.
        stores(|store| {
            store.add_account("w1", None, "hash").unwrap();
            let before_start = std::time::Instant::now();
            store.start_session("t", "w1", None).unwrap();
            let after_start = std::time::Instant::now();
            let long = Duration::from_secs(600);
            let max = Duration::from_millis(300);
            for _ in 0..3 {
                let check = store.check_session("t", long, max).unwrap();
                // The session began after `before_start` and the check before now.
                if before_start.elapsed() < max {
                    assert!(matches!(check, SessionCheck::Valid { .. }), "{check:?}");
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            // Past the limit counted from the latest the session can have begun (and the
            // millisecond the store rounds to).
            let past = max + Duration::from_millis(5);
            if let Some(left) = past.checked_sub(after_start.elapsed()) {
                std::thread::sleep(left);
            }
            assert_eq!(
                store.check_session("t", long, max).unwrap(),
                SessionCheck::Invalid
            );
        });
    }
}
