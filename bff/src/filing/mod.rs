//! Filing exactly once: an idempotency key from the device, kept in a store that outlives
//! the process, and a per-key lock so concurrent retries wait for the first attempt.

mod idempotency;
mod locks;

pub use idempotency::{Begin, IdempotencyStore, SqliteIdempotencyStore, StoreError, body_hash};
pub use locks::KeyedLocks;
