//! Shared state and browser behaviour, each behind a hook whose verbs say what a caller
//! means (`announce_polite`, `turn_on`, `pause`), not how it is done.

mod announcer;
mod elderly_mode;
mod read_aloud;

pub use announcer::{LiveAnnouncer, use_announcer};
pub use elderly_mode::{ElderlyModeProvider, use_elderly_mode};
pub use read_aloud::{Reading, use_read_aloud};
