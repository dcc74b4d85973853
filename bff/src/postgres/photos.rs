//! Photos in PostgreSQL (`bytea`): uploaded through one instance, served by every other,
//! and fetched by the city's system from whichever the balancer picks. A photo is at most
//! a few hundred KB after re-encoding, so the database holds them well.

use std::io;
use std::time::Duration;

use super::Postgres;
use crate::clerks::now_ms;
use crate::media::{MediaId, PhotoBytes};

pub struct PgPhotos {
    db: Postgres,
}

impl PgPhotos {
    pub fn new(db: Postgres) -> PgPhotos {
        PgPhotos { db }
    }
}

#[async_trait::async_trait]
impl PhotoBytes for PgPhotos {
    async fn put(&self, id: &MediaId, jpeg: Vec<u8>) -> io::Result<()> {
        self.db
            .execute(
                "INSERT INTO photos (id, jpeg, uploaded_at) VALUES ($1, $2, $3)",
                &[&id.as_str(), &jpeg, &now_ms()],
            )
            .await
            .map_err(io::Error::other)?;
        Ok(())
    }

    async fn read(&self, id: &MediaId) -> io::Result<Vec<u8>> {
        self.db
            .query_opt("SELECT jpeg FROM photos WHERE id = $1", &[&id.as_str()])
            .await
            .map_err(io::Error::other)?
            .map(|row| row.get(0))
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
    }

    async fn attach(&self, id: &MediaId) -> io::Result<bool> {
        let changed = self
            .db
            .execute(
                "UPDATE photos SET attached = TRUE WHERE id = $1",
                &[&id.as_str()],
            )
            .await
            .map_err(io::Error::other)?;
        Ok(changed == 1)
    }

    async fn sweep(&self, retention: Duration) -> io::Result<usize> {
        let before = now_ms() - retention.as_millis() as i64;
        let removed = self
            .db
            .execute(
                "DELETE FROM photos WHERE NOT attached AND uploaded_at <= $1",
                &[&before],
            )
            .await
            .map_err(io::Error::other)?;
        Ok(removed as usize)
    }
}
