use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::filing::StoreError;

/// Limits failures that could find a secret by trying (wrong query codes; refused clerk
/// sign-ins), per subject (a case, a clerk account) and per client. Only failures count;
/// a right answer never locks anyone out by itself. Where the failures are counted is the
/// [`FailureLog`]: this process's memory alone, or PostgreSQL shared by every instance, so
/// that a guesser spreading tries over instances meets one limit.
pub struct GuessLimiter {
    window: Duration,
    per_subject: u32,
    per_client: u32,
    log: Arc<dyn FailureLog>,
}

/// Where failures are kept. `recent` answers the newest `limit` failures' ages (youngest
/// first) within the window.
#[async_trait::async_trait]
pub trait FailureLog: Send + Sync + 'static {
    async fn record(&self, counter: Counter, subject: &str) -> Result<(), StoreError>;
    async fn recent(
        &self,
        counter: Counter,
        subject: &str,
        window: Duration,
        limit: u32,
    ) -> Result<Vec<Duration>, StoreError>;
}

/// What a failure counts against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Counter {
    Subject,
    Client,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Locked; retry after this many seconds.
    Locked(u64),
}

impl GuessLimiter {
    /// Counting in this process's memory (one instance).
    pub fn new(window: Duration, per_subject: u32, per_client: u32) -> GuessLimiter {
        GuessLimiter::with_log(
            window,
            per_subject,
            per_client,
            Arc::new(MemoryFailures::default()),
        )
    }

    pub fn with_log(
        window: Duration,
        per_subject: u32,
        per_client: u32,
        log: Arc<dyn FailureLog>,
    ) -> GuessLimiter {
        GuessLimiter {
            window,
            per_subject,
            per_client,
            log,
        }
    }

    async fn wait(
        &self,
        counter: Counter,
        subject: &str,
        limit: u32,
    ) -> Result<Option<u64>, StoreError> {
        // 0 reads as "none after the first failure", as before.
        let limit = limit.max(1);
        let ages = self
            .log
            .recent(counter, subject, self.window, limit)
            .await?;
        if ages.len() < limit as usize {
            return Ok(None);
        }
        // The oldest of the last `limit` failures frees a try when it leaves the window.
        let oldest_counted = ages[limit as usize - 1];
        Ok(Some(
            self.window.saturating_sub(oldest_counted).as_secs().max(1),
        ))
    }

    /// Whether this client may try a code for this subject now.
    pub async fn check(&self, subject: &str, client: IpAddr) -> Result<Verdict, StoreError> {
        let subject_wait = self
            .wait(Counter::Subject, subject, self.per_subject)
            .await?;
        let client_wait = self
            .wait(Counter::Client, &client.to_string(), self.per_client)
            .await?;
        Ok(match subject_wait.max(client_wait) {
            Some(seconds) => Verdict::Locked(seconds),
            None => Verdict::Allowed,
        })
    }

    pub async fn record_failure(&self, subject: &str, client: IpAddr) -> Result<(), StoreError> {
        self.log.record(Counter::Subject, subject).await?;
        self.log.record(Counter::Client, &client.to_string()).await
    }
}

/// Failures in this process's memory: the single-instance default.
#[derive(Default)]
pub struct MemoryFailures {
    failures: Mutex<HashMap<(Counter, String), Vec<Instant>>>,
    window_seen: Mutex<Duration>,
}

#[async_trait::async_trait]
impl FailureLog for MemoryFailures {
    async fn record(&self, counter: Counter, subject: &str) -> Result<(), StoreError> {
        let now = Instant::now();
        let window = *self.window_seen.lock().expect("guess lock");
        let mut failures = self.failures.lock().expect("guess lock");
        if !window.is_zero() {
            failures.retain(|_, times| {
                times.retain(|t| now.duration_since(*t) < window);
                !times.is_empty()
            });
        }
        failures
            .entry((counter, subject.to_owned()))
            .or_default()
            .push(now);
        Ok(())
    }

    async fn recent(
        &self,
        counter: Counter,
        subject: &str,
        window: Duration,
        limit: u32,
    ) -> Result<Vec<Duration>, StoreError> {
        *self.window_seen.lock().expect("guess lock") = window;
        let now = Instant::now();
        let failures = self.failures.lock().expect("guess lock");
        Ok(failures
            .get(&(counter, subject.to_owned()))
            .map(|times| {
                times
                    .iter()
                    .rev()
                    .map(|t| now.duration_since(*t))
                    .filter(|age| *age < window)
                    .take(limit as usize)
                    .collect()
            })
            .unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every failure log the tests run against: memory always, PostgreSQL when the run has
    /// one (`HUIYIN_TEST_DATABASE_URL`). The PostgreSQL limiters are two, like two
    /// instances sharing one database; the memory one is one process.
    async fn limiters(
        window: Duration,
        per_subject: u32,
        per_client: u32,
    ) -> Vec<[GuessLimiter; 2]> {
        let memory: Arc<dyn FailureLog> = Arc::new(MemoryFailures::default());
        let mut all = vec![[
            GuessLimiter::with_log(window, per_subject, per_client, memory.clone()),
            GuessLimiter::with_log(window, per_subject, per_client, memory),
        ]];
        if let Some(url) = crate::postgres::testing::fresh_database().await {
            let db = crate::postgres::Postgres::connect(&url).await.unwrap();
            let one = || {
                GuessLimiter::with_log(
                    window,
                    per_subject,
                    per_client,
                    Arc::new(crate::postgres::PgFailures::new(db.clone(), "query-code")),
                )
            };
            all.push([one(), one()]);
        }
        all
    }

    #[tokio::test]
    async fn locks_a_case_after_its_limit_and_a_client_after_its_own() {
        for [limiter, other] in limiters(Duration::from_secs(60), 3, 5).await {
            let a: IpAddr = "10.0.0.1".parse().unwrap();
            let b: IpAddr = "10.0.0.2".parse().unwrap();
            for round in 0..3 {
                // Spread over both limiters: one limit, wherever the guess lands.
                let here = if round % 2 == 0 { &limiter } else { &other };
                assert_eq!(here.check("case-1", a).await.unwrap(), Verdict::Allowed);
                here.record_failure("case-1", a).await.unwrap();
            }
            assert!(
                matches!(limiter.check("case-1", b).await.unwrap(), Verdict::Locked(s) if s > 0 && s <= 60)
            );
            assert_eq!(limiter.check("case-2", b).await.unwrap(), Verdict::Allowed);
            other.record_failure("case-2", a).await.unwrap();
            limiter.record_failure("case-3", a).await.unwrap();
            assert!(
                matches!(other.check("case-4", a).await.unwrap(), Verdict::Locked(_)),
                "client limit"
            );
            assert_eq!(limiter.check("case-4", b).await.unwrap(), Verdict::Allowed);
        }
    }

    #[tokio::test]
    async fn the_window_forgets() {
        for [limiter, _] in limiters(Duration::from_millis(200), 1, 10).await {
            let a: IpAddr = "10.0.0.1".parse().unwrap();
            limiter.record_failure("c", a).await.unwrap();
            assert!(matches!(
                limiter.check("c", a).await.unwrap(),
                Verdict::Locked(_)
            ));
            tokio::time::sleep(Duration::from_millis(300)).await;
            assert_eq!(limiter.check("c", a).await.unwrap(), Verdict::Allowed);
        }
    }
}
