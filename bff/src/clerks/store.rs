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

/// A session as the records keep it: whose it is and its two times (milliseconds since the
/// epoch). Whether it is still worth anything is [`SessionLimits`]'s to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSession {
    pub clerk_id: String,
    pub name: Option<String>,
    pub account_disabled: bool,
    pub created_at: i64,
    pub last_seen: i64,
}

/// The two limits of a clerk's session: the one rule every store's sessions follow.
#[derive(Clone, Copy, Debug)]
pub struct SessionLimits {
    /// Ends after this long without a request.
    pub idle: Duration,
    /// Ends this long after sign-in, however busy.
    pub max: Duration,
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

impl SessionLimits {
    /// The time left before the absolute limit of a session begun at `created_at` and last
    /// seen at `last_seen`, or `None` when it has ended by `now` under either limit.
    pub fn left(&self, created_at: i64, last_seen: i64, now: i64) -> Option<Duration> {
        let ends_at = created_at.saturating_add(millis(self.max));
        let idle_until = last_seen.saturating_add(millis(self.idle));
        (now < ends_at && now < idle_until).then(|| Duration::from_millis((ends_at - now) as u64))
    }

    /// The sweep's bounds at `now`, the same rule as [`SessionLimits::left`] turned around: a
    /// session begun at or before the first, or last seen at or before the second, has ended.
    pub fn ended_by(&self, now: i64) -> (i64, i64) {
        (
            now.saturating_sub(millis(self.max)),
            now.saturating_sub(millis(self.idle)),
        )
    }
}

/// Clerks' accounts, sessions and audit log, wherever they are kept: the SQLite file of
/// one instance ([`SqliteClerks`]) or PostgreSQL shared by all (`crate::postgres::PgClerks`).
/// They keep what they are given; the rules (a session's limits) are [`ClerkStore`]'s.
#[async_trait::async_trait]
pub trait ClerkRecords: Send + Sync + 'static {
    /// `false` when the id is taken.
    async fn add_account(
        &self,
        clerk_id: &str,
        name: Option<&str>,
        password_hash: &str,
    ) -> Result<bool, StoreError>;
    /// Disables the account and ends its sessions; `false` when there is no such account.
    async fn disable(&self, clerk_id: &str) -> Result<bool, StoreError>;
    async fn accounts(&self) -> Result<Vec<Account>, StoreError>;
    /// The password hash and name of an enabled account.
    async fn credentials(
        &self,
        clerk_id: &str,
    ) -> Result<Option<(String, Option<String>)>, StoreError>;
    /// Starts a session, ending the one the browser came with (if any): a new id at every
    /// sign-in, so that a token planted before sign-in is worth nothing after it.
    async fn start_session(
        &self,
        token_hash: &str,
        clerk_id: &str,
        replaces: Option<&str>,
    ) -> Result<(), StoreError>;
    /// The session and its account, whatever their state.
    async fn session(&self, token_hash: &str) -> Result<Option<StoredSession>, StoreError>;
    /// Marks the session seen at `now`, never earlier than it was: another request (or
    /// instance) may have seen it later already.
    async fn touch_session(&self, token_hash: &str, now: i64) -> Result<(), StoreError>;
    async fn end_session(&self, token_hash: &str) -> Result<(), StoreError>;
    /// Deletes every session begun at or before `created_by` or last seen at or before
    /// `seen_by`.
    async fn sweep_sessions(&self, created_by: i64, seen_by: i64) -> Result<(), StoreError>;
    /// One line of the audit log.
    async fn audit(
        &self,
        clerk_id: &str,
        action: &str,
        case_id: Option<&str>,
        detail: Option<&str>,
    ) -> Result<(), StoreError>;
    /// The newest `limit` lines of the audit log, newest first.
    async fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError>;
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

    /// Checks a session against both time limits and its account, and keeps a valid one
    /// alive. A session past a limit is deleted on the spot.
    pub async fn check_session(
        &self,
        token_hash: &str,
        limits: SessionLimits,
    ) -> Result<SessionCheck, StoreError> {
        self.check_session_at(token_hash, limits, now_ms()).await
    }

    /// [`ClerkStore::check_session`] at the time `now`.
    async fn check_session_at(
        &self,
        token_hash: &str,
        limits: SessionLimits,
        now: i64,
    ) -> Result<SessionCheck, StoreError> {
        let Some(session) = self.records.session(token_hash).await? else {
            return Ok(SessionCheck::Invalid);
        };
        let left = limits
            .left(session.created_at, session.last_seen, now)
            .filter(|_| !session.account_disabled);
        let Some(left) = left else {
            self.records.end_session(token_hash).await?;
            return Ok(SessionCheck::Invalid);
        };
        self.records.touch_session(token_hash, now).await?;
        // Sessions long dead are swept now and then, by whoever passes.
        let (created_by, seen_by) = limits.ended_by(now);
        self.records.sweep_sessions(created_by, seen_by).await?;
        Ok(SessionCheck::Valid {
            clerk_id: session.clerk_id,
            name: session.name,
            left,
        })
    }
}

pub struct SqliteClerks {
    conn: Arc<Mutex<Connection>>,
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
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs on the blocking pool: SQLite calls must not hold up the runtime.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, StoreError> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let conn = conn.lock().expect("clerk store");
            work(&conn).map_err(store_error)
        })
        .await
        .map_err(store_error)?
    }
}

#[async_trait::async_trait]
impl ClerkRecords for SqliteClerks {
    async fn add_account(
        &self,
        clerk_id: &str,
        name: Option<&str>,
        password_hash: &str,
    ) -> Result<bool, StoreError> {
        let (clerk_id, name, password_hash) = (
            clerk_id.to_owned(),
            name.map(str::to_owned),
            password_hash.to_owned(),
        );
        self.blocking(move |conn| {
            let added = conn.execute(
                "INSERT OR IGNORE INTO clerk_accounts (clerk_id, name, password_hash, created_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![clerk_id, name, password_hash, now_ms()],
            )?;
            Ok(added == 1)
        })
        .await
    }

    async fn disable(&self, clerk_id: &str) -> Result<bool, StoreError> {
        let clerk_id = clerk_id.to_owned();
        self.blocking(move |conn| {
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
        .await
    }

    async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
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
        .await
    }

    async fn credentials(
        &self,
        clerk_id: &str,
    ) -> Result<Option<(String, Option<String>)>, StoreError> {
        let clerk_id = clerk_id.to_owned();
        self.blocking(move |conn| {
            conn.query_row(
                "SELECT password_hash, name FROM clerk_accounts WHERE clerk_id = ?1 AND disabled = 0",
                params![clerk_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
        })
        .await
    }

    async fn start_session(
        &self,
        token_hash: &str,
        clerk_id: &str,
        replaces: Option<&str>,
    ) -> Result<(), StoreError> {
        let (token_hash, clerk_id, replaces) = (
            token_hash.to_owned(),
            clerk_id.to_owned(),
            replaces.map(str::to_owned),
        );
        self.blocking(move |conn| {
            if let Some(old) = replaces {
                conn.execute(
                    "DELETE FROM clerk_sessions WHERE token_hash = ?1",
                    params![old],
                )?;
            }
            conn.execute(
                "INSERT INTO clerk_sessions (token_hash, clerk_id, created_at, last_seen)
                 VALUES (?1, ?2, ?3, ?3)",
                params![token_hash, clerk_id, now_ms()],
            )?;
            Ok(())
        })
        .await
    }

    async fn session(&self, token_hash: &str) -> Result<Option<StoredSession>, StoreError> {
        let token_hash = token_hash.to_owned();
        self.blocking(move |conn| {
            conn.query_row(
                "SELECT s.clerk_id, a.name, a.disabled, s.created_at, s.last_seen
                 FROM clerk_sessions s JOIN clerk_accounts a ON a.clerk_id = s.clerk_id
                 WHERE s.token_hash = ?1",
                params![token_hash],
                |r| {
                    Ok(StoredSession {
                        clerk_id: r.get(0)?,
                        name: r.get(1)?,
                        account_disabled: r.get::<_, i64>(2)? != 0,
                        created_at: r.get(3)?,
                        last_seen: r.get(4)?,
                    })
                },
            )
            .optional()
        })
        .await
    }

    async fn touch_session(&self, token_hash: &str, now: i64) -> Result<(), StoreError> {
        let token_hash = token_hash.to_owned();
        self.blocking(move |conn| {
            conn.execute(
                "UPDATE clerk_sessions SET last_seen = MAX(last_seen, ?2) WHERE token_hash = ?1",
                params![token_hash, now],
            )?;
            Ok(())
        })
        .await
    }

    async fn end_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let token_hash = token_hash.to_owned();
        self.blocking(move |conn| {
            conn.execute(
                "DELETE FROM clerk_sessions WHERE token_hash = ?1",
                params![token_hash],
            )?;
            Ok(())
        })
        .await
    }

    async fn sweep_sessions(&self, created_by: i64, seen_by: i64) -> Result<(), StoreError> {
        self.blocking(move |conn| {
            conn.execute(
                "DELETE FROM clerk_sessions WHERE created_at <= ?1 OR last_seen <= ?2",
                params![created_by, seen_by],
            )?;
            Ok(())
        })
        .await
    }

    async fn audit(
        &self,
        clerk_id: &str,
        action: &str,
        case_id: Option<&str>,
        detail: Option<&str>,
    ) -> Result<(), StoreError> {
        let (clerk_id, action, case_id, detail) = (
            clerk_id.to_owned(),
            action.to_owned(),
            case_id.map(str::to_owned),
            detail.map(str::to_owned),
        );
        self.blocking(move |conn| {
            conn.execute(
                "INSERT INTO clerk_audit (at, clerk_id, action, case_id, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![now_ms(), clerk_id, action, case_id, detail],
            )?;
            Ok(())
        })
        .await
    }

    async fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        self.blocking(move |conn| {
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
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same tests on every store: the SQLite file always, PostgreSQL when the run has
    /// one (`HUIYIN_TEST_DATABASE_URL`). The folder holds the SQLite file until the test ends.
    async fn stores() -> (tempfile::TempDir, Vec<(&'static str, ClerkStore)>) {
        let dir = tempfile::tempdir().unwrap();
        let mut stores = vec![(
            "SQLite",
            ClerkStore::open(&dir.path().join("bff.sqlite3")).unwrap(),
        )];
        if let Some(url) = crate::postgres::testing::fresh_database().await {
            let db = crate::postgres::Postgres::connect(&url).await.unwrap();
            let records = crate::postgres::PgClerks::new(db);
            stores.push(("PostgreSQL", ClerkStore::new(Arc::new(records))));
        }
        (dir, stores)
    }

    fn limits(idle_ms: u64, max_ms: u64) -> SessionLimits {
        SessionLimits {
            idle: Duration::from_millis(idle_ms),
            max: Duration::from_millis(max_ms),
        }
    }

    const LONG_MS: u64 = 600_000;

    /// When the session `token_hash` began, as its store wrote it: the clock of the checks
    /// below counts from there, so no test waits or depends on the machine's speed.
    async fn begun(store: &ClerkStore, token_hash: &str) -> i64 {
        store.session(token_hash).await.unwrap().unwrap().created_at
    }

    /// Clerk `w1` signed in with the session `t`: when it began.
    async fn signed_in(store: &ClerkStore) -> i64 {
        store.add_account("w1", None, "hash").await.unwrap();
        store.start_session("t", "w1", None).await.unwrap();
        begun(store, "t").await
    }

    #[tokio::test]
    async fn sessions_end_when_idle_too_long_or_when_the_account_is_disabled() {
        let (_dir, stores) = stores().await;
        for (kind, store) in stores {
            assert!(store.add_account("w1", Some("王芳"), "hash").await.unwrap());
            assert!(
                !store.add_account("w1", None, "other").await.unwrap(),
                "{kind}: taken"
            );
            store.start_session("t1", "w1", None).await.unwrap();
            let start = begun(&store, "t1").await;
            let idle = limits(1_000, LONG_MS);
            for (after, valid, why) in [
                (900, true, "seen within the idle limit"),
                (1_500, true, "kept alive by the request at 900 ms"),
                (2_500, false, "idle for a second since 1,500 ms"),
                (2_600, false, "gone for good"),
            ] {
                let check = store
                    .check_session_at("t1", idle, start + after)
                    .await
                    .unwrap();
                assert_eq!(
                    matches!(check, SessionCheck::Valid { .. }),
                    valid,
                    "{kind} at {after} ms: {why}: {check:?}"
                );
            }
            let long = limits(LONG_MS, LONG_MS);
            assert_eq!(
                store.check_session("t1", long).await.unwrap(),
                SessionCheck::Invalid,
                "{kind}: an ended session is deleted, not just refused"
            );
            store.start_session("t2", "w1", None).await.unwrap();
            store.start_session("t3", "w1", Some("t2")).await.unwrap();
            assert_eq!(
                store.check_session("t2", long).await.unwrap(),
                SessionCheck::Invalid,
                "{kind}: replaced at sign-in"
            );
            assert!(matches!(
                store.check_session("t3", long).await.unwrap(),
                SessionCheck::Valid { .. }
            ));
            store
                .audit("w1", "sign_in", Some("c-1"), None)
                .await
                .unwrap();
            let log = store.audit_log(10).await.unwrap();
            assert_eq!(log[0].action, "sign_in");
            assert_eq!(log[0].case_id.as_deref(), Some("c-1"));
            assert!(store.disable("w1").await.unwrap());
            assert!(store.accounts().await.unwrap()[0].disabled);
            assert_eq!(
                store.check_session("t3", long).await.unwrap(),
                SessionCheck::Invalid,
                "{kind}: disabled"
            );
            assert!(store.credentials("w1").await.unwrap().is_none());
        }
    }

    #[tokio::test]
    async fn the_absolute_limit_holds_however_busy() {
        let (_dir, stores) = stores().await;
        for (kind, store) in stores {
            let start = signed_in(&store).await;
            let busy = limits(1_000, 3_000);
            // A request every 800 ms: never idle.
            for after in [800, 1_600, 2_400, 2_999] {
                let check = store
                    .check_session_at("t", busy, start + after)
                    .await
                    .unwrap();
                let SessionCheck::Valid { left, .. } = check else {
                    panic!("{kind} at {after} ms: {check:?}");
                };
                assert_eq!(left, Duration::from_millis(3_000 - after as u64), "{kind}");
            }
            assert_eq!(
                store
                    .check_session_at("t", busy, start + 3_000)
                    .await
                    .unwrap(),
                SessionCheck::Invalid,
                "{kind}: three seconds after sign-in, however busy"
            );
        }
    }

    #[tokio::test]
    async fn an_instance_whose_clock_is_behind_never_moves_last_seen_back() {
        let (_dir, stores) = stores().await;
        for (kind, store) in stores {
            let start = signed_in(&store).await;
            let idle = limits(10_000, LONG_MS);
            // Seen at 5 s by one instance, then at 1 s by one whose clock is behind.
            for after in [5_000, 1_000] {
                let check = store
                    .check_session_at("t", idle, start + after)
                    .await
                    .unwrap();
                assert!(matches!(check, SessionCheck::Valid { .. }), "{kind}");
            }
            assert_eq!(
                store.session("t").await.unwrap().unwrap().last_seen,
                start + 5_000,
                "{kind}"
            );
        }
    }

    #[test]
    fn the_sweep_deletes_exactly_the_sessions_the_limits_have_ended() {
        let limits = limits(1_000, 3_000);
        let now = 10_000;
        let (created_by, seen_by) = limits.ended_by(now);
        for created_at in [6_000, 6_999, 7_000, 7_001, 9_000] {
            for last_seen in [8_000, 8_999, 9_000, 9_001, 10_000] {
                assert_eq!(
                    limits.left(created_at, last_seen, now).is_none(),
                    created_at <= created_by || last_seen <= seen_by,
                    "begun {created_at}, seen {last_seen}"
                );
            }
        }
    }
}
