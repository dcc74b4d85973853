use std::collections::HashSet;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A circuit breaker: once the upstream looks unwell, it is left alone for `cool_down`, so a
/// broken city system costs residents a fast, clear answer rather than a timeout each, and
/// the system gets room to recover. Then calls go out again and the next result decides.
///
/// It judges the upstream's health, not one request's: a resident's request that the city
/// answers with a 500 every time (it lacks coordinates the city wants, say) is retried by
/// that resident's device, and five such retries must not shut everyone else out. So
/// faults that may belong to the request (a 5xx, an unreadable answer) count once per
/// distinct request ([`Call`]) until a success; faults that can only be the upstream's or
/// the network's (no connection, no answer in time) count every time.
#[derive(Debug)]
pub struct Breaker {
    threshold: u32,
    cool_down: Duration,
    state: Mutex<State>,
}

/// What went wrong, as far as the breaker cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// No connection, or no answer in time: whatever was asked.
    Unhealthy,
    /// A 5xx or an unreadable answer: maybe the upstream, maybe this request.
    Answered,
}

/// Identifies one request as the upstream sees it (operation, path, query, form), so that
/// repeats of the same request are recognised as such.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Call(pub u64);

#[derive(Debug, Default)]
struct State {
    unhealthy: u32,
    /// Distinct requests answered with a fault since the last success.
    failing_calls: HashSet<Call>,
    open_until: Option<Instant>,
}

impl State {
    fn faults(&self) -> u32 {
        self.unhealthy
            .saturating_add(u32::try_from(self.failing_calls.len()).unwrap_or(u32::MAX))
    }
}

impl Breaker {
    pub fn new(threshold: u32, cool_down: Duration) -> Breaker {
        Breaker {
            threshold,
            cool_down,
            state: Mutex::new(State::default()),
        }
    }

    /// Whether a call may go out now. While open, none may; once the cool-down ends, calls
    /// go out again and the next result decides.
    pub fn allows(&self) -> bool {
        let state = self.state.lock().expect("breaker lock");
        state.open_until.is_none_or(|until| Instant::now() >= until)
    }

    pub fn record_success(&self) {
        let mut state = self.state.lock().expect("breaker lock");
        *state = State::default();
    }

    pub fn record_fault(&self, call: Call, fault: Fault) {
        let mut state = self.state.lock().expect("breaker lock");
        match fault {
            Fault::Unhealthy => state.unhealthy = state.unhealthy.saturating_add(1),
            Fault::Answered => {
                // Bounded: past the threshold the breaker opens and the set is not grown.
                if state.faults() < self.threshold {
                    state.failing_calls.insert(call);
                }
            }
        }
        if state.faults() >= self.threshold {
            state.open_until = Some(Instant::now() + self.cool_down);
            tracing::warn!(
                faults = state.faults(),
                cool_down_ms = self.cool_down.as_millis() as u64,
                "upstream circuit open"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_consecutive_faults_and_closes_on_success() {
        let breaker = Breaker::new(3, Duration::from_millis(30));
        breaker.record_fault(Call(1), Fault::Unhealthy);
        breaker.record_fault(Call(1), Fault::Unhealthy);
        assert!(breaker.allows());
        breaker.record_fault(Call(1), Fault::Unhealthy);
        assert!(!breaker.allows(), "open after three faults");
        std::thread::sleep(Duration::from_millis(40));
        assert!(breaker.allows(), "a probe after the cool-down");
        breaker.record_success();
        breaker.record_fault(Call(1), Fault::Unhealthy);
        assert!(breaker.allows(), "a success resets the count");
    }

    #[test]
    fn one_request_failing_again_and_again_counts_once() {
        let breaker = Breaker::new(3, Duration::from_secs(60));
        for _ in 0..10 {
            breaker.record_fault(Call(7), Fault::Answered);
        }
        assert!(breaker.allows());
        breaker.record_fault(Call(8), Fault::Answered);
        assert!(breaker.allows());
        breaker.record_fault(Call(9), Fault::Answered);
        assert!(!breaker.allows(), "three different requests failing");
    }
}
