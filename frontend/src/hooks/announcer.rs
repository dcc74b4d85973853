use yew::prelude::*;

/// Says something to screen-reader users without moving their focus, through the live
/// regions that [`crate::components::Announcer`] keeps in the app shell.
#[derive(Clone, PartialEq)]
pub struct LiveAnnouncer {
    pub(crate) polite: Callback<String>,
    pub(crate) assertive: Callback<String>,
}

impl LiveAnnouncer {
    /// Said when the screen reader is next idle: results, progress, a changed setting.
    pub fn announce_polite(&self, text: impl Into<String>) {
        self.polite.emit(text.into());
    }

    /// Said at once, interrupting: only for errors the resident must act on.
    pub fn announce_assertive(&self, text: impl Into<String>) {
        self.assertive.emit(text.into());
    }
}

#[hook]
pub fn use_announcer() -> LiveAnnouncer {
    use_context::<LiveAnnouncer>().expect("components render inside Announcer")
}
