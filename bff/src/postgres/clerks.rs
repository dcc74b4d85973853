//! Clerks' accounts, sessions and audit log in PostgreSQL: a session made on one instance
//! is valid on every other. The same rules as the SQLite file, the same blocking
//! interface ([`ClerkRecords`]); each call waits for its queries on the runtime.

use std::future::Future;
use std::time::Duration;

use tokio::runtime::Handle;

use super::{Postgres, store_error};
use crate::clerks::store::{Account, AuditEntry};
use crate::clerks::{ClerkRecords, SessionCheck, now_ms};
use crate::filing::StoreError;

pub struct PgClerks {
    db: Postgres,
    runtime: Handle,
}

impl PgClerks {
    /// Made inside the runtime whose pool it uses.
    pub fn new(db: Postgres) -> PgClerks {
        PgClerks {
            db,
            runtime: Handle::current(),
        }
    }

    /// Waits for `work` from a blocking caller: the blocking pool ([`crate::clerks::ClerkStore::call`]),
    /// a runtime worker (the `clerk` command) or a plain thread.
    fn wait<T>(&self, work: impl Future<Output = Result<T, StoreError>>) -> Result<T, StoreError> {
        tokio::task::block_in_place(|| self.runtime.block_on(work))
    }

    async fn execute(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<u64, StoreError> {
        self.db
            .client()
            .await?
            .execute(sql, params)
            .await
            .map_err(store_error)
    }
}

impl ClerkRecords for PgClerks {
    fn add_account(
        &self,
        clerk_id: &str,
        name: Option<&str>,
        password_hash: &str,
    ) -> Result<bool, StoreError> {
        self.wait(async {
            let added = self
                .execute(
                    "INSERT INTO clerk_accounts (clerk_id, name, password_hash, created_at)
                     VALUES ($1, $2, $3, $4) ON CONFLICT (clerk_id) DO NOTHING",
                    &[&clerk_id, &name, &password_hash, &now_ms()],
                )
                .await?;
            Ok(added == 1)
        })
    }

    fn disable(&self, clerk_id: &str) -> Result<bool, StoreError> {
        self.wait(async {
            let changed = self
                .execute(
                    "UPDATE clerk_accounts SET disabled = TRUE WHERE clerk_id = $1",
                    &[&clerk_id],
                )
                .await?;
            self.execute(
                "DELETE FROM clerk_sessions WHERE clerk_id = $1",
                &[&clerk_id],
            )
            .await?;
            Ok(changed == 1)
        })
    }

    fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        self.wait(async {
            let rows = self
                .db
                .client()
                .await?
                .query(
                    "SELECT clerk_id, name, disabled, created_at FROM clerk_accounts ORDER BY clerk_id",
                    &[],
                )
                .await
                .map_err(store_error)?;
            Ok(rows
                .iter()
                .map(|r| Account {
                    clerk_id: r.get(0),
                    name: r.get(1),
                    disabled: r.get(2),
                    created_at: r.get(3),
                })
                .collect())
        })
    }

    fn credentials(&self, clerk_id: &str) -> Result<Option<(String, Option<String>)>, StoreError> {
        self.wait(async {
            let row = self
                .db
                .client()
                .await?
                .query_opt(
                    "SELECT password_hash, name FROM clerk_accounts WHERE clerk_id = $1 AND NOT disabled",
                    &[&clerk_id],
                )
                .await
                .map_err(store_error)?;
            Ok(row.map(|r| (r.get(0), r.get(1))))
        })
    }

    fn start_session(
        &self,
        token_hash: &str,
        clerk_id: &str,
        replaces: Option<&str>,
    ) -> Result<(), StoreError> {
        self.wait(async {
            if let Some(old) = replaces {
                self.execute("DELETE FROM clerk_sessions WHERE token_hash = $1", &[&old])
                    .await?;
            }
            let now = now_ms();
            self.execute(
                "INSERT INTO clerk_sessions (token_hash, clerk_id, created_at, last_seen)
                 VALUES ($1, $2, $3, $3)",
                &[&token_hash, &clerk_id, &now],
            )
            .await?;
            Ok(())
        })
    }

    fn end_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.wait(async {
            self.execute(
                "DELETE FROM clerk_sessions WHERE token_hash = $1",
                &[&token_hash],
            )
            .await?;
            Ok(())
        })
    }

    fn check_session(
        &self,
        token_hash: &str,
        idle: Duration,
        max: Duration,
    ) -> Result<SessionCheck, StoreError> {
        self.wait(async {
            let now = now_ms();
            let row = self
                .db
                .client()
                .await?
                .query_opt(
                    "SELECT s.clerk_id, s.created_at, s.last_seen, a.name, a.disabled
                     FROM clerk_sessions s JOIN clerk_accounts a ON a.clerk_id = s.clerk_id
                     WHERE s.token_hash = $1",
                    &[&token_hash],
                )
                .await
                .map_err(store_error)?;
            let Some(row) = row else {
                return Ok(SessionCheck::Invalid);
            };
            let (clerk_id, created_at, last_seen, name, disabled): (
                String,
                i64,
                i64,
                Option<String>,
                bool,
            ) = (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
            let ends_at = created_at.saturating_add(max.as_millis() as i64);
            let idle_until = last_seen.saturating_add(idle.as_millis() as i64);
            if disabled || now >= ends_at || now >= idle_until {
                self.execute(
                    "DELETE FROM clerk_sessions WHERE token_hash = $1",
                    &[&token_hash],
                )
                .await?;
                return Ok(SessionCheck::Invalid);
            }
            self.execute(
                "UPDATE clerk_sessions SET last_seen = GREATEST(last_seen, $2) WHERE token_hash = $1",
                &[&token_hash, &now],
            )
            .await?;
            // Sessions long dead are swept now and then, by whoever passes.
            self.execute(
                "DELETE FROM clerk_sessions WHERE created_at < $1 OR last_seen < $2",
                &[
                    &now.saturating_sub(max.as_millis() as i64),
                    &now.saturating_sub(idle.as_millis() as i64),
                ],
            )
            .await?;
            Ok(SessionCheck::Valid {
                clerk_id,
                name,
                left: Duration::from_millis((ends_at - now) as u64),
            })
        })
    }

    fn audit(
        &self,
        clerk_id: &str,
        action: &str,
        case_id: Option<&str>,
        detail: Option<&str>,
    ) -> Result<(), StoreError> {
        self.wait(async {
            self.execute(
                "INSERT INTO clerk_audit (at, clerk_id, action, case_id, detail)
                 VALUES ($1, $2, $3, $4, $5)",
                &[&now_ms(), &clerk_id, &action, &case_id, &detail],
            )
            .await?;
            Ok(())
        })
    }

    fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        self.wait(async {
            let rows = self
                .db
                .client()
                .await?
                .query(
                    "SELECT at, clerk_id, action, case_id, detail FROM clerk_audit
                     ORDER BY id DESC LIMIT $1",
                    &[&i64::from(limit)],
                )
                .await
                .map_err(store_error)?;
            Ok(rows
                .iter()
                .map(|r| AuditEntry {
                    at: r.get(0),
                    clerk_id: r.get(1),
                    action: r.get(2),
                    case_id: r.get(3),
                    detail: r.get(4),
                })
                .collect())
        })
    }
}
