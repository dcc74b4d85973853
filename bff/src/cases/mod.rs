//! A case as the resident sees it: found with its query code, shown without personal
//! data, watched live.

mod guesses;
mod query_code;
mod view;
mod watch;

pub use guesses::{Counter, FailureLog, GuessLimiter, MemoryFailures, Verdict};
pub use query_code::QueryCodes;
pub use view::{Audience, case_view, view_for};
pub use watch::CaseWatchers;
