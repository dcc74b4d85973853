//! Failures that protect a secret, counted in PostgreSQL: every instance sees every
//! instance's failures, so spreading guesses over instances gains nothing.

use std::time::Duration;

use super::{Postgres, store_error};
use crate::cases::{Counter, FailureLog};
use crate::clerks::now_ms;
use crate::filing::StoreError;

pub struct PgFailures {
    db: Postgres,
    /// `query-code` or `sign-in`: two limiters share the table.
    name: &'static str,
}

impl PgFailures {
    pub fn new(db: Postgres, name: &'static str) -> PgFailures {
        PgFailures { db, name }
    }

    fn counter(&self, counter: Counter) -> String {
        match counter {
            Counter::Subject => format!("{}:subject", self.name),
            Counter::Client => format!("{}:client", self.name),
        }
    }
}

/// Failures older than this are deleted by whoever records one (no window is longer).
const KEPT_MS: i64 = 24 * 3600 * 1000;

#[async_trait::async_trait]
impl FailureLog for PgFailures {
    async fn record(&self, counter: Counter, subject: &str) -> Result<(), StoreError> {
        let client = self.db.client().await?;
        let now = now_ms();
        client
            .execute(
                "INSERT INTO failed_attempts (counter, subject, at_ms) VALUES ($1, $2, $3)",
                &[&self.counter(counter), &subject, &now],
            )
            .await
            .map_err(store_error)?;
        client
            .execute(
                "DELETE FROM failed_attempts WHERE at_ms < $1",
                &[&(now - KEPT_MS)],
            )
            .await
            .map_err(store_error)?;
        Ok(())
    }

    async fn recent(
        &self,
        counter: Counter,
        subject: &str,
        window: Duration,
        limit: u32,
    ) -> Result<Vec<Duration>, StoreError> {
        let now = now_ms();
        let since = now - window.as_millis() as i64;
        let client = self.db.client().await?;
        // On every case read, twice: prepared once per connection, not per call.
        let statement = client
            .prepare_cached(
                "SELECT at_ms FROM failed_attempts
                 WHERE counter = $1 AND subject = $2 AND at_ms > $3
                 ORDER BY at_ms DESC LIMIT $4",
            )
            .await
            .map_err(store_error)?;
        let rows = client
            .query(
                &statement,
                &[&self.counter(counter), &subject, &since, &i64::from(limit)],
            )
            .await
            .map_err(store_error)?;
        Ok(rows
            .iter()
            .map(|r| Duration::from_millis((now - r.get::<_, i64>(0)).max(0) as u64))
            .collect())
    }
}
