use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use api::{CaseView, Locale};
use tokio::sync::watch;

use super::case_view;
use crate::postgres::PgCasePolls;
use crate::upstream::Upstream;

type Key = (String, Locale);
type Latest = Option<Arc<CaseView>>;

type Watches = Arc<Mutex<HashMap<Key, watch::Sender<Latest>>>>;

/// Live case updates. However many browsers watch one case, one task polls the upstream
/// for it once per interval and shares what it reads; the task ends when the last
/// watcher leaves. With several instances on PostgreSQL (`polls`), one poll per interval
/// for the whole cluster: see [`PgCasePolls`].
pub struct CaseWatchers {
    upstream: Arc<dyn Upstream>,
    interval: Duration,
    watches: Watches,
    polls: Option<PgCasePolls>,
}

impl CaseWatchers {
    pub fn new(
        upstream: Arc<dyn Upstream>,
        interval: Duration,
        polls: Option<PgCasePolls>,
    ) -> CaseWatchers {
        let watches: Watches = Arc::new(Mutex::new(HashMap::new()));
        if let Some(polls) = &polls {
            tokio::spawn(fan_out(polls.clone(), watches.clone()));
        }
        CaseWatchers {
            upstream,
            interval,
            watches,
            polls,
        }
    }

    /// A receiver of the case's latest view; the first value arrives after the first poll.
    pub fn subscribe(&self, case_id: &str, locale: Locale) -> watch::Receiver<Latest> {
        let key = (case_id.to_owned(), locale);
        let mut watches = self.watches.lock().expect("watch lock");
        if let Some(sender) = watches.get(&key) {
            return sender.subscribe();
        }
        let (sender, receiver) = watch::channel(None);
        watches.insert(key.clone(), sender.clone());
        tokio::spawn(poll(
            self.upstream.clone(),
            self.interval,
            key,
            sender,
            self.watches.clone(),
            self.polls.clone(),
        ));
        receiver
    }

    /// How many cases are being polled now.
    pub fn polled_cases(&self) -> usize {
        self.watches.lock().expect("watch lock").len()
    }
}

async fn poll(
    upstream: Arc<dyn Upstream>,
    interval: Duration,
    key: Key,
    sender: watch::Sender<Latest>,
    watches: Watches,
    polls: Option<PgCasePolls>,
) {
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        {
            // Decided under the map's lock, so a new watcher either finds this task alive
            // or starts a fresh one.
            let mut map = watches.lock().expect("watch lock");
            if sender.receiver_count() == 0 {
                map.remove(&key);
                return;
            }
        }
        if let Some(polls) = &polls {
            match polls.claim(&key.0, key.1.tag(), interval).await {
                Ok(true) => {}
                // Another instance polls this interval; its view comes by NOTIFY, and is
                // read now for watchers that have none yet.
                Ok(false) => {
                    if sender.borrow().is_none() {
                        share_stored(polls, &key, &sender).await;
                    }
                    continue;
                }
                // PostgreSQL unreachable: poll alone rather than leave watchers without news.
                Err(error) => tracing::warn!(%error, "claiming a case poll"),
            }
        }
        match upstream.case(&key.0, key.1).await {
            Ok(record) => {
                let online = upstream.online_actions().await;
                let view = case_view(&record, chrono::Utc::now(), &online);
                if let Some(polls) = &polls {
                    let json = serde_json::to_string(&view).expect("serializable");
                    if let Err(error) = polls.publish(&key.0, key.1.tag(), &json).await {
                        tracing::warn!(%error, "publishing a case view");
                    }
                }
                offer(&sender, view);
            }
            // A failed poll keeps the last view; the next tick tries again.
            Err(error) => tracing::debug!(code = error.code().as_str(), "case poll failed"),
        }
    }
}

/// Gives watchers the view when it differs from what they have.
fn offer(sender: &watch::Sender<Latest>, view: CaseView) {
    sender.send_if_modified(|latest| {
        let changed = latest.as_deref() != Some(&view);
        if changed {
            *latest = Some(Arc::new(view));
        }
        changed
    });
}

/// Reads the case's stored view (the last poll's, by whichever instance) for this one's
/// watchers.
async fn share_stored(polls: &PgCasePolls, key: &Key, sender: &watch::Sender<Latest>) {
    match polls.latest(&key.0, key.1.tag()).await {
        Ok(Some(json)) => match serde_json::from_str::<CaseView>(&json) {
            Ok(view) => offer(sender, view),
            Err(error) => tracing::warn!(%error, "reading a stored case view"),
        },
        Ok(None) => {}
        Err(error) => tracing::warn!(%error, "reading a stored case view"),
    }
}

/// Every instance's half of the cluster-wide poll: a view stored by another instance's
/// poll reaches this instance's watchers of that case.
async fn fan_out(polls: PgCasePolls, watches: Watches) {
    let mut changes = polls.changes();
    loop {
        let (case_id, tag) = match changes.recv().await {
            Ok(changed) => changed,
            Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
            Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
        };
        let Some(locale) = Locale::from_tag(&tag) else {
            continue;
        };
        let key = (case_id, locale);
        let sender = watches.lock().expect("watch lock").get(&key).cloned();
        if let Some(sender) = sender {
            share_stored(&polls, &key, &sender).await;
        }
    }
}
