use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use api::{CaseView, Locale};
use tokio::sync::watch;

use super::case_view;
use crate::upstream::Upstream;

type Key = (String, Locale);
type Latest = Option<Arc<CaseView>>;

/// Live case updates. However many browsers watch one case, one task polls the upstream
/// for it once per interval and shares what it reads; the task ends when the last
/// watcher leaves.
pub struct CaseWatchers {
    upstream: Arc<dyn Upstream>,
    interval: Duration,
    watches: Arc<Mutex<HashMap<Key, watch::Sender<Latest>>>>,
}

impl CaseWatchers {
    pub fn new(upstream: Arc<dyn Upstream>, interval: Duration) -> CaseWatchers {
        CaseWatchers {
            upstream,
            interval,
            watches: Arc::new(Mutex::new(HashMap::new())),
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
    watches: Arc<Mutex<HashMap<Key, watch::Sender<Latest>>>>,
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
        match upstream.case(&key.0, key.1).await {
            Ok(record) => {
                let online = upstream.online_actions().await;
                let view = case_view(&record, chrono::Utc::now(), &online);
                sender.send_if_modified(|latest| {
                    let changed = latest.as_deref() != Some(&view);
                    if changed {
                        *latest = Some(Arc::new(view));
                    }
                    changed
                });
            }
            // A failed poll keeps the last view; the next tick tries again.
            Err(error) => tracing::debug!(code = error.code().as_str(), "case poll failed"),
        }
    }
}
