use std::cell::Cell;
use std::rc::Rc;

use api::{ServiceList, ServiceSummary};
use yew::prelude::*;

use crate::api_client::{self, ClientError};
use crate::components::PageHeading;
use crate::i18n::{I18n, use_i18n};

#[derive(Clone, PartialEq)]
enum Catalogue {
    Loading,
    Loaded(ServiceList),
    Failed(ClientError),
}

/// The catalogue, grouped by category in the upstream's order.
#[function_component]
pub fn Services() -> Html {
    let i18n = use_i18n();
    let catalogue = use_state(|| Catalogue::Loading);
    let attempt = use_state(|| 0u32);
    {
        let catalogue = catalogue.clone();
        use_effect_with((i18n.locale(), *attempt), move |(locale, _)| {
            // A slower answer for a previous language must not overwrite a newer one.
            let current = Rc::new(Cell::new(true));
            catalogue.set(Catalogue::Loading);
            let locale = *locale;
            let still_current = current.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = api_client::services(locale).await;
                if still_current.get() {
                    catalogue.set(match result {
                        Ok(list) => Catalogue::Loaded(list),
                        Err(error) => Catalogue::Failed(error),
                    });
                }
            });
            move || current.set(false)
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1))
    };
    html! {
        <>
            <PageHeading title="services-title" heading="services-heading" />
            <p class="lead">{ i18n.t("services-intro") }</p>
            { match &*catalogue {
                Catalogue::Loading => html! {
                    <p role="status" class="status" aria-busy="true">{ i18n.t("services-loading") }</p>
                },
                Catalogue::Failed(error) => html! {
                    <div role="alert" class="notice notice--error">
                        <p>{ i18n.t(&error.message_key()) }</p>
                        <button type="button" class="button" onclick={retry}>{ i18n.t("services-retry") }</button>
                    </div>
                },
                Catalogue::Loaded(list) => catalogue_view(&i18n, list),
            } }
        </>
    }
}

fn catalogue_view(i18n: &I18n, list: &ServiceList) -> Html {
    if list.services.is_empty() {
        return html! { <p role="status" class="status">{ i18n.t("services-empty") }</p> };
    }
    let count = list.services.len();
    html! {
        <>
            <p role="status" class="status">
                { i18n.t_with("services-count", &[("count", count.into())]) }
            </p>
            { for group_by_category(&list.services).into_iter().enumerate().map(|(index, (category, services))| {
                let heading_id = format!("category-{index}");
                let name = category.map_or_else(|| i18n.t("services-other-category"), str::to_owned);
                html! {
                    <section class="service-group" aria-labelledby={heading_id.clone()}>
                        <h2 id={heading_id}>{ name }</h2>
                        <ul class="service-list">
                            { for services.into_iter().map(|service| service_item(i18n, service)) }
                        </ul>
                    </section>
                }
            }) }
        </>
    }
}

fn service_item(i18n: &I18n, service: &ServiceSummary) -> Html {
    html! {
        <li class="service-card">
            <h3 class="service-card__name">{ &service.name }</h3>
            if let Some(kind) = service.kind {
                <p class="service-card__kind">{ i18n.t(&format!("kind-{}", kind.token())) }</p>
            }
            <p class="service-card__description">{ &service.description }</p>
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
    groups.sort_by_key(|(name, _)| name.is_none());
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
