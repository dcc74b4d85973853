use yew::prelude::*;
use yew_router::prelude::use_location;

use crate::page_start::use_page_start;
use crate::prefs;

#[derive(Properties, PartialEq)]
pub struct SettingsFormProps {
    pub children: Html,
}

/// The header's language and mode choices as a plain HTML form (issue 19): before the app
/// has taken over the page, or where it never runs, pressing a choice posts it to the
/// server, which keeps it in its cookie and answers with this page again, now in that
/// language or mode (bff/src/pages/settings.rs). Once the app runs, its buttons do the
/// same on the spot and the form is never sent. Everything here comes from the route and
/// the page's start, so the server's HTML and the hydrated frame are the same.
#[function_component]
pub fn SettingsForm(props: &SettingsFormProps) -> Html {
    let start = use_page_start();
    let here = use_location()
        .map(|location| {
            let query = location.query_str();
            format!("{}{query}", location.path())
        })
        .unwrap_or_else(|| "/".to_owned());
    html! {
        <form class="settings-form" method="post" action={prefs::SETTINGS_FORM}>
            if let Some(token) = start.settings_token.clone() {
                <input type="hidden" name={prefs::SETTINGS_TOKEN_FIELD} value={token} />
            }
            <input type="hidden" name={prefs::SETTINGS_RETURN_FIELD} value={here} />
            { props.children.clone() }
        </form>
    }
}
