use api::{ServiceKind, ServiceSummary};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::hooks::{Loadable, use_catalogue};
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
    let common: Vec<(String, String, &'static str)> = match &catalogue {
        Loadable::Loaded(list) => most_used(&list.services)
            .into_iter()
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

/// How many services the home page lists as the most used.
const COMMON_COUNT: usize = 6;

/// The most used services, as the city ranks them from its hotline's statistics (phone
/// calls included, which this site cannot count). An upstream that publishes no ranks
/// gets the first service of each kind in its own catalogue order instead.
fn most_used(services: &[ServiceSummary]) -> Vec<&ServiceSummary> {
    let mut ranked: Vec<&ServiceSummary> = services
        .iter()
        .filter(|s| s.common_rank.is_some())
        .collect();
    crate::sorting::sort_by_key(&mut ranked, |s| s.common_rank);
    if ranked.is_empty() {
        ranked = ServiceKind::ALL
            .iter()
            .filter_map(|kind| services.iter().find(|s| s.kind == Some(*kind)))
            .collect();
    }
    ranked.truncate(COMMON_COUNT);
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(code: &str, kind: ServiceKind, common_rank: Option<u32>) -> ServiceSummary {
        ServiceSummary {
            code: code.into(),
            name: code.into(),
            description: String::new(),
            category: None,
            kind: Some(kind),
            keywords: Vec::new(),
            time_limit_days: None,
            common_rank,
        }
    }

    fn codes(services: Vec<&ServiceSummary>) -> Vec<&str> {
        services.into_iter().map(|s| s.code.as_str()).collect()
    }

    #[test]
    fn the_city_s_ranks_decide_the_most_used() {
        let services = [
            service("a", ServiceKind::Complaint, None),
            service("b", ServiceKind::Help, Some(2)),
            service("c", ServiceKind::Complaint, Some(1)),
        ];
        assert_eq!(codes(most_used(&services)), ["c", "b"]);
    }

    #[test]
    fn without_ranks_each_kind_s_first_service_stands_for_it() {
        let services = [
            service("a", ServiceKind::Complaint, None),
            service("b", ServiceKind::Complaint, None),
            service("c", ServiceKind::Help, None),
        ];
        assert_eq!(codes(most_used(&services)), ["a", "c"]);
    }
}
