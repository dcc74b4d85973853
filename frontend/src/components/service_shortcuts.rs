use api::ServiceKind;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::catalogue::{Loadable, use_catalogue};
use crate::i18n::use_i18n;
use crate::pages::ServicesQuery;

/// The 12345 request kinds are the ways in that residents know.
const REQUEST_KINDS: [ServiceKind; 6] = [
    ServiceKind::Complaint,
    ServiceKind::Consultation,
    ServiceKind::Help,
    ServiceKind::Report,
    ServiceKind::Suggestion,
    ServiceKind::Praise,
];

/// On the home page: what a resident can ask for (the six kinds of 12345 request),
/// commonly used services, and the ways to follow a case.
#[function_component]
pub fn ServiceShortcuts() -> Html {
    let i18n = use_i18n();
    let (catalogue, _) = use_catalogue();
    // The contract says nothing of how often a service is used; until it does, the first
    // service of each kind in the upstream's order stands for that kind.
    let common: Vec<(String, String, &'static str)> = match &catalogue {
        Loadable::Loaded(list) => ServiceKind::ALL
            .iter()
            .filter_map(|kind| list.services.iter().find(|s| s.kind == Some(*kind)))
            .map(|s| (s.code.clone(), s.name.clone(), list.locale.tag()))
            .collect(),
        _ => Vec::new(),
    };
    html! {
        <>
            <section class="shortcuts" aria-labelledby="kinds-heading">
                <h2 id="kinds-heading">{ i18n.t("home-kinds-heading") }</h2>
                <ul class="shortcut-list">
                    { for REQUEST_KINDS.iter().map(|kind| html! {
                        <li>
                            <Link<Route, ServicesQuery> to={Route::Services} classes="shortcut"
                                query={Some(ServicesQuery { q: None, kind: Some(kind.token().to_owned()) })}>
                                <span class="shortcut__name">{ i18n.t(&format!("kind-{}", kind.token())) }</span>
                                <span class="shortcut__hint">{ i18n.t(&format!("home-kind-{}-hint", kind.token())) }</span>
                            </Link<Route, ServicesQuery>>
                        </li>
                    }) }
                </ul>
            </section>
            if !common.is_empty() {
                <section class="shortcuts" aria-labelledby="common-heading">
                    <h2 id="common-heading">{ i18n.t("home-common-heading") }</h2>
                    <ul class="link-list">
                        { for common.into_iter().map(|(code, name, lang)| html! {
                            <li lang={lang}><Link<Route> to={Route::Service { code }}>{ name }</Link<Route>></li>
                        }) }
                    </ul>
                </section>
            }
            <section class="shortcuts" aria-labelledby="follow-heading">
                <h2 id="follow-heading">{ i18n.t("home-follow-heading") }</h2>
                <ul class="link-list">
                    <li><Link<Route> to={Route::Track}>{ i18n.t("track-title") }</Link<Route>></li>
                    <li><Link<Route> to={Route::MyRequests}>{ i18n.t("my-requests-title") }</Link<Route>></li>
                </ul>
            </section>
        </>
    }
}
