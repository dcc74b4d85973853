//! `/window`: the service window's pages for a signed-in clerk. The resident's journeys
//! (filing, tracking) run inside this mode with the clerk's routes behind them.

mod home;
mod receipt;
mod sign_in;

pub use home::WindowHome;
pub use receipt::WindowReceipt;
pub use sign_in::ClerkSignInPage;

use yew::prelude::*;

use crate::components::Loading;
use crate::service_window::{ClerkState, use_clerk_desk};

#[derive(Properties, PartialEq)]
pub struct WindowGateProps {
    pub children: Html,
}

/// In window mode, no page shows before a clerk has signed in.
#[function_component]
pub fn WindowGate(props: &WindowGateProps) -> Html {
    match use_clerk_desk().map(|desk| desk.state) {
        Some(ClerkState::SignedIn(_)) => props.children.clone(),
        Some(ClerkState::SignedOut) => html! { <ClerkSignInPage /> },
        Some(ClerkState::Checking) | None => html! { <Loading /> },
    }
}
