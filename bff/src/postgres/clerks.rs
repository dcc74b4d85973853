//! Clerks' accounts, sessions and audit log in PostgreSQL: a session made on one instance
//! is valid on every other. The same records as the SQLite file ([`ClerkRecords`]), so
//! the same rules ([`crate::clerks::ClerkStore`]) apply to them.

use super::Postgres;
use crate::clerks::store::{Account, AuditEntry, StoredSession};
use crate::clerks::{ClerkRecords, now_ms};
use crate::filing::StoreError;

pub struct PgClerks {
    db: Postgres,
}

impl PgClerks {
    pub fn new(db: Postgres) -> PgClerks {
        PgClerks { db }
    }
}

#[async_trait::async_trait]
impl ClerkRecords for PgClerks {
    async fn add_account(
        &self,
        clerk_id: &str,
        name: Option<&str>,
        password_hash: &str,
    ) -> Result<bool, StoreError> {
        let added = self
            .db
            .execute(
                "INSERT INTO clerk_accounts (clerk_id, name, password_hash, created_at)
                 VALUES ($1, $2, $3, $4) ON CONFLICT (clerk_id) DO NOTHING",
                &[&clerk_id, &name, &password_hash, &now_ms()],
            )
            .await?;
        Ok(added == 1)
    }

    async fn disable(&self, clerk_id: &str) -> Result<bool, StoreError> {
        let changed = self
            .db
            .execute(
                "UPDATE clerk_accounts SET disabled = TRUE WHERE clerk_id = $1",
                &[&clerk_id],
            )
            .await?;
        self.db
            .execute(
                "DELETE FROM clerk_sessions WHERE clerk_id = $1",
                &[&clerk_id],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let rows = self
            .db
            .query(
                "SELECT clerk_id, name, disabled, created_at FROM clerk_accounts ORDER BY clerk_id",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| Account {
                clerk_id: r.get(0),
                name: r.get(1),
                disabled: r.get(2),
                created_at: r.get(3),
            })
            .collect())
    }

    async fn credentials(
        &self,
        clerk_id: &str,
    ) -> Result<Option<(String, Option<String>)>, StoreError> {
        let row = self.db
            .query_opt(
                "SELECT password_hash, name FROM clerk_accounts WHERE clerk_id = $1 AND NOT disabled",
                &[&clerk_id],
            )
            .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    async fn start_session(
        &self,
        token_hash: &str,
        clerk_id: &str,
        replaces: Option<&str>,
    ) -> Result<(), StoreError> {
        if let Some(old) = replaces {
            self.db
                .execute("DELETE FROM clerk_sessions WHERE token_hash = $1", &[&old])
                .await?;
        }
        let now = now_ms();
        self.db
            .execute(
                "INSERT INTO clerk_sessions (token_hash, clerk_id, created_at, last_seen)
             VALUES ($1, $2, $3, $3)",
                &[&token_hash, &clerk_id, &now],
            )
            .await?;
        Ok(())
    }

    async fn end_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.db
            .execute(
                "DELETE FROM clerk_sessions WHERE token_hash = $1",
                &[&token_hash],
            )
            .await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str) -> Result<Option<StoredSession>, StoreError> {
        let row = self
            .db
            .query_opt(
                "SELECT s.clerk_id, a.name, a.disabled, s.created_at, s.last_seen
                 FROM clerk_sessions s JOIN clerk_accounts a ON a.clerk_id = s.clerk_id
                 WHERE s.token_hash = $1",
                &[&token_hash],
            )
            .await?;
        Ok(row.map(|r| StoredSession {
            clerk_id: r.get(0),
            name: r.get(1),
            account_disabled: r.get(2),
            created_at: r.get(3),
            last_seen: r.get(4),
        }))
    }

    /// GREATEST: an instance whose request came in earlier, or whose clock is behind,
    /// cannot move the session's last request back.
    async fn touch_session(&self, token_hash: &str, now: i64) -> Result<(), StoreError> {
        self.db.execute(
            "UPDATE clerk_sessions SET last_seen = GREATEST(last_seen, $2) WHERE token_hash = $1",
            &[&token_hash, &now],
        )
        .await?;
        Ok(())
    }

    async fn sweep_sessions(&self, created_by: i64, seen_by: i64) -> Result<(), StoreError> {
        self.db
            .execute(
                "DELETE FROM clerk_sessions WHERE created_at <= $1 OR last_seen <= $2",
                &[&created_by, &seen_by],
            )
            .await?;
        Ok(())
    }

    async fn audit(
        &self,
        clerk_id: &str,
        action: &str,
        case_id: Option<&str>,
        detail: Option<&str>,
    ) -> Result<(), StoreError> {
        self.db
            .execute(
                "INSERT INTO clerk_audit (at, clerk_id, action, case_id, detail)
             VALUES ($1, $2, $3, $4, $5)",
                &[&now_ms(), &clerk_id, &action, &case_id, &detail],
            )
            .await?;
        Ok(())
    }

    async fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = self
            .db
            .query(
                "SELECT at, clerk_id, action, case_id, detail FROM clerk_audit
                 ORDER BY id DESC LIMIT $1",
                &[&i64::from(limit)],
            )
            .await?;
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
    }
}
