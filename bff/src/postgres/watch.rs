//! Live updates across instances: one upstream poll per watched case per interval,
//! cluster-wide. Each instance with watchers of a case tries, at its own tick, to claim the
//! case's poll for this interval (one conditional upsert: only a claim older than most of
//! an interval can be taken over); the winner polls the upstream, stores the view and
//! `NOTIFY`s; every instance `LISTEN`s and hands the stored view to its own watchers. When
//! nobody watches a case on an instance, that instance stops claiming; when nobody watches
//! anywhere, nobody polls. An instance that dies simply stops claiming: the next tick of
//! another takes over.

use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::broadcast;
use tokio_postgres::{AsyncMessage, NoTls};

use super::{Postgres, store_error};
use crate::clerks::now_ms;
use crate::filing::StoreError;

const CHANNEL: &str = "huiyin_case_views";

/// One case and language whose view changed: `(case_id, locale tag)`.
pub type Changed = (String, String);

#[derive(Clone)]
pub struct PgCasePolls {
    db: Postgres,
    changed: broadcast::Sender<Changed>,
}

impl PgCasePolls {
    /// Starts listening (reconnecting whenever the connection drops). Inside the runtime.
    pub fn new(db: Postgres) -> PgCasePolls {
        let (changed, _) = broadcast::channel(1024);
        tokio::spawn(listen(db.config.clone(), changed.clone()));
        PgCasePolls { db, changed }
    }

    pub fn changes(&self) -> broadcast::Receiver<Changed> {
        self.changed.subscribe()
    }

    /// Whether this instance polls the case now. A claim stands for most of an interval
    /// (four fifths: the instances' ticks drift), so another instance's tick in the same
    /// interval finds it taken.
    pub async fn claim(
        &self,
        case_id: &str,
        locale: &str,
        interval: Duration,
    ) -> Result<bool, StoreError> {
        let now = now_ms();
        let stale_before = now - (interval.as_millis() as i64) * 4 / 5;
        let claimed = self
            .db
            .execute(
                "INSERT INTO case_polls (case_id, locale, polled_at) VALUES ($1, $2, $3)
                 ON CONFLICT (case_id, locale) DO UPDATE SET polled_at = EXCLUDED.polled_at
                 WHERE case_polls.polled_at <= $4",
                &[&case_id, &locale, &now, &stale_before],
            )
            .await?;
        Ok(claimed == 1)
    }

    /// Stores what the poll read and tells every instance.
    pub async fn publish(&self, case_id: &str, locale: &str, view: &str) -> Result<(), StoreError> {
        let client = self.db.client().await?;
        client
            .execute(
                "UPDATE case_polls SET view = $3 WHERE case_id = $1 AND locale = $2",
                &[&case_id, &locale, &view],
            )
            .await
            .map_err(store_error)?;
        let payload = format!("{locale}\t{case_id}");
        client
            .execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &payload])
            .await
            .map_err(store_error)?;
        Ok(())
    }

    /// The view the last poll of the case stored, in JSON.
    pub async fn latest(&self, case_id: &str, locale: &str) -> Result<Option<String>, StoreError> {
        let row = self
            .db
            .query_opt(
                "SELECT view FROM case_polls WHERE case_id = $1 AND locale = $2",
                &[&case_id, &locale],
            )
            .await?;
        Ok(row.and_then(|r| r.get(0)))
    }
}

async fn listen(config: tokio_postgres::Config, changed: broadcast::Sender<Changed>) {
    loop {
        match listen_once(&config, &changed).await {
            Ok(()) => tracing::warn!("live-update channel closed; listening again"),
            Err(error) => tracing::warn!(%error, "live-update channel failed; listening again"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

async fn listen_once(
    config: &tokio_postgres::Config,
    changed: &broadcast::Sender<Changed>,
) -> Result<(), tokio_postgres::Error> {
    let (client, mut connection) = config.connect(NoTls).await?;
    let changed = changed.clone();
    let driver = tokio::spawn(async move {
        let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(message) = messages.next().await {
            match message {
                Ok(AsyncMessage::Notification(note)) => {
                    if let Some((locale, case_id)) = note.payload().split_once('\t') {
                        let _ = changed.send((case_id.to_owned(), locale.to_owned()));
                    }
                }
                Ok(_) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(())
    });
    client.batch_execute(&format!("LISTEN {CHANNEL}")).await?;
    // The client stays alive (and the connection open) until the driver ends.
    let ended = driver.await;
    drop(client);
    match ended {
        Ok(result) => result,
        Err(_) => Ok(()),
    }
}
