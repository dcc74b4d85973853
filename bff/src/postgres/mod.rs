//! The shared store of several BFF instances (`--database-url`): one PostgreSQL holding
//! what every instance must see alike. Each part implements the same interface as its
//! single-machine counterpart (SQLite file, memory, disk), so the routes do not know
//! which one they talk to.

mod clerks;
mod guesses;
mod idempotency;
mod photos;
pub mod testing;
mod watch;

use std::time::Duration;

use anyhow::Context;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::types::ToSql;
use tokio_postgres::{NoTls, Row};

pub use clerks::PgClerks;
pub use guesses::PgFailures;
pub use idempotency::PgIdempotencyStore;
pub use photos::PgPhotos;
pub use watch::PgCasePolls;

use crate::filing::StoreError;

/// Versioned like the sandbox's: applied in order, each once, recorded in
/// `schema_migrations`. A new version is a new file; a released one is never edited.
const MIGRATIONS: &[(i32, &str)] = &[(
    1,
    include_str!("../../migrations/postgres/001_shared_state.sql"),
)];

/// Connections each instance keeps to PostgreSQL at most (plus one for LISTEN).
const POOL_SIZE: usize = 16;

/// A pool on one PostgreSQL, migrated.
#[derive(Clone)]
pub struct Postgres {
    pub(crate) pool: Pool,
    pub(crate) config: tokio_postgres::Config,
}

pub(crate) fn store_error(error: impl std::fmt::Display) -> StoreError {
    StoreError(error.to_string())
}

impl Postgres {
    /// Connects and brings the schema up to date. Instances starting together migrate one
    /// at a time (a transaction-scoped advisory lock), so each version is applied once.
    pub async fn connect(url: &str) -> anyhow::Result<Postgres> {
        let config: tokio_postgres::Config = url.parse().context("reading --database-url")?;
        let manager = Manager::from_config(
            config.clone(),
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .wait_timeout(Some(Duration::from_secs(5)))
            .create_timeout(Some(Duration::from_secs(5)))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()
            .context("building the PostgreSQL pool")?;
        let postgres = Postgres { pool, config };
        postgres.migrate().await.context("migrating PostgreSQL")?;
        Ok(postgres)
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // Any constant: the id of "migrating the Huiyin schema".
        tx.execute("SELECT pg_advisory_xact_lock(20120345)", &[])
            .await?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                 version    INTEGER PRIMARY KEY,
                 applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
             )",
        )
        .await?;
        for (version, sql) in MIGRATIONS {
            let done = tx
                .query_opt(
                    "SELECT 1 FROM schema_migrations WHERE version = $1",
                    &[version],
                )
                .await?
                .is_some();
            if !done {
                tx.batch_execute(sql)
                    .await
                    .with_context(|| format!("migration {version}"))?;
                tx.execute(
                    "INSERT INTO schema_migrations (version) VALUES ($1)",
                    &[version],
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn client(&self) -> Result<deadpool_postgres::Object, StoreError> {
        self.pool.get().await.map_err(store_error)
    }

    /// One statement on a connection from the pool: the rows it changed.
    pub(crate) async fn execute(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, StoreError> {
        let client = self.client().await?;
        client.execute(sql, params).await.map_err(store_error)
    }

    pub(crate) async fn query(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, StoreError> {
        let client = self.client().await?;
        client.query(sql, params).await.map_err(store_error)
    }

    pub(crate) async fn query_opt(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, StoreError> {
        let client = self.client().await?;
        client.query_opt(sql, params).await.map_err(store_error)
    }

    pub(crate) async fn query_one(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Row, StoreError> {
        let client = self.client().await?;
        client.query_one(sql, params).await.map_err(store_error)
    }

    /// The query-code secret every instance uses: `candidate` when no instance has made one
    /// yet, else the one the first instance stored.
    pub async fn shared_secret(&self, candidate: &str) -> Result<String, StoreError> {
        let client = self.client().await?;
        client
            .execute(
                "INSERT INTO settings (name, value) VALUES ('query_code_secret', $1)
                 ON CONFLICT (name) DO NOTHING",
                &[&candidate],
            )
            .await
            .map_err(store_error)?;
        let row = client
            .query_one(
                "SELECT value FROM settings WHERE name = 'query_code_secret'",
                &[],
            )
            .await
            .map_err(store_error)?;
        Ok(row.get(0))
    }
}
