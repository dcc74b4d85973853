//! The app's state and browser behaviour that pages share, each behind a hook or a handle
//! whose verbs say what a caller means (`announce_polite`, `turn_on`, `pause`, `submit`,
//! `follow`), not how it is done: live announcements, elderly mode and reading aloud, the
//! service catalogue (read once per language), the submission outbox, and a case followed
//! live. Pages and components come here for state; what lives in storage is `storage`'s,
//! the HTTP behind it `api_client`'s, and the service window's session `service_window`'s.

mod announcer;
mod catalogue;
mod elderly_mode;
pub mod live_case;
mod outbox;
mod read_aloud;

pub use announcer::{LiveAnnouncer, use_announcer};
pub use catalogue::{Loadable, use_catalogue, use_definition};
pub use elderly_mode::{ElderlyModeProvider, use_elderly_mode};
pub use outbox::{Delivery, OutboxSender, use_outbox};
pub use read_aloud::{Reading, use_read_aloud};
