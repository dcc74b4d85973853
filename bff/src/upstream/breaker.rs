use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A circuit breaker: after `threshold` consecutive faults the upstream is left alone for
/// `cool_down`, so a broken city system costs residents a fast, clear answer rather than a
/// timeout each, and the system gets room to recover. Then one probe is let through.
#[derive(Debug)]
pub struct Breaker {
    threshold: u32,
    cool_down: Duration,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    consecutive_faults: u32,
    open_until: Option<Instant>,
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
        state.consecutive_faults = 0;
        state.open_until = None;
    }

    pub fn record_fault(&self) {
        let mut state = self.state.lock().expect("breaker lock");
        state.consecutive_faults += 1;
        if state.consecutive_faults >= self.threshold {
            state.open_until = Some(Instant::now() + self.cool_down);
            tracing::warn!(
                faults = state.consecutive_faults,
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
        breaker.record_fault();
        breaker.record_fault();
        assert!(breaker.allows());
        breaker.record_fault();
        assert!(!breaker.allows(), "open after three faults");
        std::thread::sleep(Duration::from_millis(40));
        assert!(breaker.allows(), "a probe after the cool-down");
        breaker.record_success();
        breaker.record_fault();
        assert!(breaker.allows(), "a success resets the count");
    }
}
