//! Filing exactly once: an idempotency key from the device, kept in a store that outlives
//! the process, a per-key lock so concurrent retries wait for the first attempt, and
//! reconciliation with the upstream whenever an attempt's outcome is unknown
//! (docs/exactly-once.md).

mod file;
pub(crate) mod idempotency;
mod locks;
mod outcome;

pub use file::{Filed, Origin, file};
pub use idempotency::{Begin, IdempotencyStore, SqliteIdempotencyStore, StoreError, body_hash};
pub use locks::KeyedLocks;
pub use outcome::{PostOutcome, classify};
