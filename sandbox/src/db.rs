//! The SQLite file: schema, connection settings, and running queries off the async runtime.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use crate::SandboxError;
use crate::error::Open311Error;

/// The schema's history, one file per step, applied in order and recorded in SQLite's
/// `user_version`: a file made by an older sandbox is brought up to date, never rebuilt.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../migrations/001_initial.sql")),
        M::up(include_str!("../migrations/002_common_rank.sql")),
        M::up(include_str!("../migrations/003_idempotency_key.sql")),
    ])
}

/// One connection behind a mutex; every query runs on the blocking pool.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    /// Opens (creating when missing) the file, applies the schema and adds any seeded
    /// catalogue rows that are not there yet. Existing rows, cases included, are kept.
    pub fn open(path: &Path) -> Result<Db, SandboxError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let _mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0))?;
        conn.execute_batch("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;")?;
        migrations()
            .to_latest(&mut conn)
            .map_err(|error| SandboxError::Migration(error.to_string()))?;
        crate::catalogue::install_seed(&mut conn)?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` with the connection on the blocking pool.
    pub async fn call<T, F>(&self, f: F) -> Result<T, Open311Error>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, Open311Error> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|err| Open311Error::internal(&err))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid_and_recorded() {
        migrations().validate().expect("valid migrations");
        let dir = std::env::temp_dir().join(format!("huiyin-migrations-{}", std::process::id()));
        let path = dir.join("s.sqlite3");
        let _ = std::fs::remove_dir_all(&dir);
        drop(Db::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 3);
        drop(conn);
        drop(Db::open(&path).expect("reopening an up-to-date file"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_seeded_before_the_most_used_ranks_gets_them() {
        let dir = std::env::temp_dir().join(format!("huiyin-rank-{}", std::process::id()));
        let path = dir.join("s.sqlite3");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut conn = Connection::open(&path).unwrap();
        Migrations::new(vec![M::up(include_str!("../migrations/001_initial.sql"))])
            .to_latest(&mut conn)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO departments (code, name) VALUES ('d', '{}');
             INSERT INTO services (code, position, kind, type, time_limit_days, department,
                 name, description, grp, keywords)
             VALUES ('noise-nuisance', 0, 'complaint', 'realtime', 13, 'd', '{}', '{}', '{}', '{}'),
                    ('food-safety', 1, 'report', 'realtime', 13, 'd', '{}', '{}', '{}', '{}');",
        )
        .unwrap();
        drop(conn);
        drop(Db::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        let rank = |code: &str| -> Option<i64> {
            conn.query_row(
                "SELECT common_rank FROM services WHERE code = ?1",
                [code],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(rank("noise-nuisance"), Some(1));
        assert_eq!(rank("food-safety"), None);
        drop(conn);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
