use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Limits wrong query codes, per case and per client, so that a code cannot be found by
/// trying. Only failures count; a right code never locks anyone out by itself.
pub struct GuessLimiter {
    window: Duration,
    per_case: u32,
    per_client: u32,
    failures: Mutex<Failures>,
}

#[derive(Default)]
struct Failures {
    by_case: HashMap<String, Vec<Instant>>,
    by_client: HashMap<IpAddr, Vec<Instant>>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Locked; retry after this many seconds.
    Locked(u64),
}

impl GuessLimiter {
    pub fn new(window: Duration, per_case: u32, per_client: u32) -> GuessLimiter {
        GuessLimiter {
            window,
            per_case,
            per_client,
            failures: Mutex::new(Failures::default()),
        }
    }

    fn retry_after(&self, times: &[Instant], limit: u32, now: Instant) -> Option<u64> {
        if times.len() < limit as usize {
            return None;
        }
        let oldest_counted = times[times.len() - limit as usize];
        let free_at = oldest_counted + self.window;
        Some(free_at.saturating_duration_since(now).as_secs().max(1))
    }

    /// Whether this client may try a code for this case now.
    pub fn check(&self, case_id: &str, client: IpAddr) -> Verdict {
        let now = Instant::now();
        let mut failures = self.failures.lock().expect("guess lock");
        failures.prune(now, self.window);
        let case_wait = failures
            .by_case
            .get(case_id)
            .and_then(|t| self.retry_after(t, self.per_case, now));
        let client_wait = failures
            .by_client
            .get(&client)
            .and_then(|t| self.retry_after(t, self.per_client, now));
        match case_wait.max(client_wait) {
            Some(seconds) => Verdict::Locked(seconds),
            None => Verdict::Allowed,
        }
    }

    pub fn record_failure(&self, case_id: &str, client: IpAddr) {
        let now = Instant::now();
        let mut failures = self.failures.lock().expect("guess lock");
        failures
            .by_case
            .entry(case_id.to_owned())
            .or_default()
            .push(now);
        failures.by_client.entry(client).or_default().push(now);
    }
}

impl Failures {
    fn prune(&mut self, now: Instant, window: Duration) {
        let fresh = |t: &Instant| now.duration_since(*t) < window;
        self.by_case.retain(|_, times| {
            times.retain(fresh);
            !times.is_empty()
        });
        self.by_client.retain(|_, times| {
            times.retain(fresh);
            !times.is_empty()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_a_case_after_its_limit_and_a_client_after_its_own() {
        let limiter = GuessLimiter::new(Duration::from_secs(60), 3, 5);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..3 {
            assert_eq!(limiter.check("case-1", a), Verdict::Allowed);
            limiter.record_failure("case-1", a);
        }
        assert!(matches!(limiter.check("case-1", b), Verdict::Locked(s) if s > 0 && s <= 60));
        assert_eq!(limiter.check("case-2", b), Verdict::Allowed);
        limiter.record_failure("case-2", a);
        limiter.record_failure("case-3", a);
        assert!(
            matches!(limiter.check("case-4", a), Verdict::Locked(_)),
            "client limit"
        );
        assert_eq!(limiter.check("case-4", b), Verdict::Allowed);
    }

    #[test]
    fn the_window_forgets() {
        let limiter = GuessLimiter::new(Duration::from_millis(20), 1, 10);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        limiter.record_failure("c", a);
        assert!(matches!(limiter.check("c", a), Verdict::Locked(_)));
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(limiter.check("c", a), Verdict::Allowed);
    }
}
