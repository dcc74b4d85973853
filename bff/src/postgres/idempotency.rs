//! Idempotency keys in PostgreSQL: the same state machine as the SQLite store
//! ([`crate::filing::idempotency::decide`]), each call one transaction, the key's row
//! locked (`FOR UPDATE`) while it is decided, so two instances never both act on one key.

use std::time::Duration;

use api::Receipt;

use super::{Postgres, store_error};
use crate::filing::idempotency::{Row, Write, decide, now_secs};
use crate::filing::{Begin, IdempotencyStore, StoreError};

pub struct PgIdempotencyStore {
    db: Postgres,
}

impl PgIdempotencyStore {
    pub fn new(db: Postgres) -> PgIdempotencyStore {
        PgIdempotencyStore { db }
    }
}

#[async_trait::async_trait]
impl IdempotencyStore for PgIdempotencyStore {
    async fn begin(
        &self,
        key: &str,
        body_hash: &str,
        acting_for: Duration,
    ) -> Result<Begin, StoreError> {
        let acting_for = acting_for.as_secs_f64().ceil() as i64;
        let mut client = self.db.client().await?;
        // Twice at most: a new key inserted by another instance between our look and our
        // insert is then seen, locked, on the second pass.
        for _ in 0..2 {
            let tx = client.transaction().await.map_err(store_error)?;
            let row = tx
                .query_opt(
                    "SELECT body_hash, receipt, started_at, token, first_sent_at
                     FROM idempotency WHERE key = $1 FOR UPDATE",
                    &[&key],
                )
                .await
                .map_err(store_error)?
                .map(|r| Row {
                    body_hash: r.get(0),
                    receipt: r.get(1),
                    started_at: r.get(2),
                    token: r.get(3),
                    first_sent_at: r.get(4),
                });
            let now = now_secs();
            let (outcome, write) = decide(row, body_hash, now, acting_for)?;
            match (&outcome, write) {
                (Begin::Started(attempt), Write::Insert) => {
                    let inserted = tx
                        .execute(
                            "INSERT INTO idempotency (key, body_hash, state, started_at, token, first_sent_at)
                             VALUES ($1, $2, 'pending', $3, $4, $3) ON CONFLICT (key) DO NOTHING",
                            &[&key, &body_hash, &now, &attempt.token],
                        )
                        .await
                        .map_err(store_error)?;
                    if inserted == 0 {
                        tx.rollback().await.map_err(store_error)?;
                        continue;
                    }
                }
                (_, Write::TakeOver) => {
                    tx.execute(
                        "UPDATE idempotency SET state = 'pending', started_at = $2 WHERE key = $1",
                        &[&key, &now],
                    )
                    .await
                    .map_err(store_error)?;
                }
                _ => {}
            }
            tx.commit().await.map_err(store_error)?;
            return Ok(outcome);
        }
        Err(StoreError("the key changed twice while it was read".into()))
    }

    async fn complete(&self, key: &str, receipt: &Receipt) -> Result<(), StoreError> {
        let json = serde_json::to_string(receipt).map_err(store_error)?;
        self.db
            .execute(
                "UPDATE idempotency SET state = 'done', receipt = $2, case_id = $3, finished_at = $4
                 WHERE key = $1",
                &[&key, &json, &receipt.case_id, &now_secs()],
            )
            .await?;
        Ok(())
    }

    async fn unknown(&self, key: &str) -> Result<(), StoreError> {
        self.db
            .execute(
                "UPDATE idempotency SET state = 'unknown' WHERE key = $1 AND receipt IS NULL",
                &[&key],
            )
            .await?;
        Ok(())
    }

    async fn release(&self, key: &str) -> Result<(), StoreError> {
        self.db
            .execute(
                "DELETE FROM idempotency WHERE key = $1 AND receipt IS NULL",
                &[&key],
            )
            .await?;
        Ok(())
    }

    async fn claimed_by_other(&self, key: &str, case_id: &str) -> Result<bool, StoreError> {
        let row = self
            .db
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM idempotency WHERE case_id = $1 AND key <> $2)",
                &[&case_id, &key],
            )
            .await?;
        Ok(row.get(0))
    }

    async fn sweep(&self, retention: Duration) -> Result<u64, StoreError> {
        let before = now_secs() - retention.as_secs() as i64;
        self.db
            .execute(
                "DELETE FROM idempotency WHERE state = 'done' AND finished_at < $1",
                &[&before],
            )
            .await
    }
}
