use std::rc::Rc;

use api::{ServiceKind, ServiceList, ServiceSummary};
use gloo::timers::callback::Timeout;
use serde::{Deserialize, Serialize};
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{Loading, PageHeading, Problem};
use crate::hooks::{Loadable, use_announcer, use_catalogue};
use crate::i18n::{I18n, use_i18n};
use crate::search;

/// `/services?q=…&kind=…`: what the resident searched for stays in the address, so the
/// back button and a shared link keep it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServicesQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// How long typing must pause before the number of results is said.
const ANNOUNCE_AFTER_MS: u32 = 700;

/// The catalogue, grouped by category in the upstream's order, with a search over names,
/// descriptions and keywords. How many services match is shown and said in the live region.
#[function_component]
pub fn Services() -> Html {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let (catalogue, retry) = use_catalogue();
    let location = use_location();
    let navigator = use_navigator();
    let query: ServicesQuery = location
        .as_ref()
        .and_then(|l| l.query::<ServicesQuery>().ok())
        .unwrap_or_default();
    // The words come from the address alone: going back to the plain list ("services" in
    // the menu, "show all") shows the plain list, not the last search and its "0 found".
    let words = query.q.clone().unwrap_or_default();
    let kind = query.kind.as_deref().and_then(ServiceKind::from_token);

    let matches: Option<(Rc<ServiceList>, Vec<ServiceSummary>)> = match &catalogue {
        Loadable::Loaded(list) => {
            let found = search::find(&list.services, &words)
                .into_iter()
                .filter(|s| kind.is_none() || s.kind == kind)
                .cloned()
                .collect();
            Some((list.clone(), found))
        }
        _ => None,
    };
    let searching = !words.trim().is_empty() || kind.is_some();
    let result_text = matches
        .as_ref()
        .map(|(list, found)| result_message(&i18n, list, found, searching));
    // Said at once when the list arrives; while the resident types, once typing pauses.
    let typed = use_mut_ref(|| false);
    {
        let timer = use_mut_ref(|| None::<Timeout>);
        let typed = typed.clone();
        let error = match &catalogue {
            Loadable::Failed(error) => Some(crate::components::error_text(&i18n, error)),
            _ => None,
        };
        use_effect_with((result_text.clone(), error), move |(text, error)| {
            if let Some(error) = error {
                announcer.announce_assertive(error.clone());
            } else if let Some(text) = text.clone() {
                if *typed.borrow() {
                    *timer.borrow_mut() = Some(Timeout::new(ANNOUNCE_AFTER_MS, move || {
                        announcer.announce_polite(text);
                    }));
                } else {
                    announcer.announce_polite(text);
                }
            }
        });
    }
    let oninput = {
        let typed = typed.clone();
        let navigator = navigator.clone();
        let kind = query.kind.clone();
        Callback::from(move |event: InputEvent| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            *typed.borrow_mut() = true;
            if let Some(navigator) = &navigator {
                let next = ServicesQuery {
                    q: (!value.is_empty()).then(|| value.clone()),
                    kind: kind.clone(),
                };
                let _ = navigator.replace_with_query(&Route::Services, &next);
            }
        })
    };
    // The list filters as the resident types; the button is for those who expect one.
    let onsubmit = Callback::from(|event: SubmitEvent| event.prevent_default());
    html! {
        <>
            <PageHeading title="services-title" heading="services-heading" />
            <p class="lead">{ i18n.t("services-intro") }</p>
            <form class="search" role="search" aria-label={i18n.t("find-search-label")} {onsubmit}>
                <label class="field__label" for="service-search">{ i18n.t("find-search-label") }</label>
                <p id="service-search-hint" class="field__hint">{ i18n.t("find-search-hint") }</p>
                <div class="search__row">
                    // Named, so that before the app runs (or without it) the form is a plain
                    // search: GET /services?q=…, which the server renders.
                    <input id="service-search" class="input search__input" type="search"
                        name="q" aria-describedby="service-search-hint" autocomplete="off"
                        value={words.clone()} {oninput} />
                    if let Some(kind) = &query.kind {
                        <input type="hidden" name="kind" value={kind.clone()} />
                    }
                    <button type="submit" class="button button--primary">{ i18n.t("find-search-button") }</button>
                </div>
            </form>
            if let Some(kind) = kind {
                <p class="filter">
                    { i18n.t_with("find-kind-filter", &[("kind", i18n.t(&format!("kind-{}", kind.token())).into())]) }
                    { " " }
                    <Link<Route, ServicesQuery> to={Route::Services}
                        query={Some(ServicesQuery { q: query.q.clone(), kind: None })}>
                        { i18n.t("find-kind-filter-clear") }
                    </Link<Route, ServicesQuery>>
                </p>
            }
            { match (&catalogue, matches) {
                (Loadable::Failed(error), _) => html! { <Problem error={error.clone()} retry={retry} /> },
                (_, Some((list, found))) => catalogue_view(&i18n, &list, &found, searching),
                _ => html! { <Loading /> },
            } }
        </>
    }
}

fn result_message(
    i18n: &I18n,
    list: &ServiceList,
    found: &[ServiceSummary],
    searching: bool,
) -> String {
    if list.services.is_empty() {
        i18n.t("services-empty")
    } else if searching {
        i18n.t_with("find-results", &[("count", found.len().into())])
    } else {
        i18n.t_with("services-count", &[("count", list.services.len().into())])
    }
}

/// Names and descriptions are the government system's words, in the language it answered
/// in; `lang` says which, so screen readers and the pseudo-locale test know.
fn catalogue_view(
    i18n: &I18n,
    list: &ServiceList,
    found: &[ServiceSummary],
    searching: bool,
) -> Html {
    let data_lang = list.locale.tag();
    let status = html! {
        <p class="status" id="service-results">{ result_message(i18n, list, found, searching) }</p>
    };
    if found.is_empty() {
        return html! {
            <>
                { status }
                if searching {
                    <p>{ i18n.t("find-no-results") }</p>
                }
            </>
        };
    }
    html! {
        <>
            { status }
            { for group_by_category(found).into_iter().enumerate().map(|(index, (category, services))| {
                let heading_id = format!("category-{index}");
                let heading = match category {
                    Some(name) => html! { <h2 id={heading_id.clone()} lang={data_lang}>{ name }</h2> },
                    None => html! { <h2 id={heading_id.clone()}>{ i18n.t("services-other-category") }</h2> },
                };
                html! {
                    <section class="service-group" aria-labelledby={heading_id}>
                        { heading }
                        <ul class="service-list">
                            { for services.into_iter().map(|service| service_item(i18n, data_lang, service)) }
                        </ul>
                    </section>
                }
            }) }
        </>
    }
}

fn service_item(i18n: &I18n, data_lang: &'static str, service: &ServiceSummary) -> Html {
    html! {
        <li class="service-card">
            <h3 class="service-card__name" lang={data_lang}>
                <Link<Route> to={Route::Service { code: service.code.clone() }}>{ &service.name }</Link<Route>>
            </h3>
            if let Some(kind) = service.kind {
                <p class="service-card__kind">{ i18n.t(&format!("kind-{}", kind.token())) }</p>
            }
            <p class="service-card__description" lang={data_lang}>{ &service.description }</p>
        </li>
    }
}

/// Categories in the order they first appear; services without one come last.
fn group_by_category(services: &[ServiceSummary]) -> Vec<(Option<&str>, Vec<&ServiceSummary>)> {
    let mut groups: Vec<(Option<&str>, Vec<&ServiceSummary>)> = Vec::new();
    for service in services {
        let category = service.category.as_deref();
        match groups.iter_mut().find(|(name, _)| *name == category) {
            Some((_, members)) => members.push(service),
            None => groups.push((category, vec![service])),
        }
    }
    crate::sorting::sort_by_key(&mut groups, |(name, _)| name.is_none());
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(code: &str, category: Option<&str>) -> ServiceSummary {
        ServiceSummary {
            code: code.to_owned(),
            name: code.to_owned(),
            description: String::new(),
            category: category.map(str::to_owned),
            kind: None,
            keywords: Vec::new(),
            time_limit_days: None,
            common_rank: None,
        }
    }

    #[test]
    fn groups_keep_first_appearance_order_and_put_uncategorized_last() {
        let services = [
            service("a", Some("环境")),
            service("b", None),
            service("c", Some("社保")),
            service("d", Some("环境")),
        ];
        let groups = group_by_category(&services);
        let shape: Vec<(Option<&str>, Vec<&str>)> = groups
            .iter()
            .map(|(name, members)| (*name, members.iter().map(|s| s.code.as_str()).collect()))
            .collect();
        assert_eq!(
            shape,
            vec![
                (Some("环境"), vec!["a", "d"]),
                (Some("社保"), vec!["c"]),
                (None, vec!["b"]),
            ]
        );
    }
}
