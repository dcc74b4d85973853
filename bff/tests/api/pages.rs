//! The resident's pages come from the server with their content (issue 19): a phone whose
//! `.wasm` is slow, or never arrives, reads the page's heading and words from the first
//! answer, in the resident's language and display mode.

use api::Locale;

use crate::helpers::{TestApp, spawn_app};

/// A message of `locales/<locale>/main.ftl` that is written on one line.
fn message(locale: Locale, key: &str) -> String {
    let source = frontend::i18n::source(locale);
    let prefix = format!("{key} = ");
    let line = source
        .lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("{locale} has no one-line message {key}"));
    line.replace("{ \" \" }", " ").trim_start().to_owned()
}

/// The text of some HTML, as a reader sees it (tags gone, entities read).
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// What is between `open` (a tag's start, e.g. `<main`) and its `close`.
fn inside<'a>(html: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = html.find(open)?;
    let start = start + html[start..].find('>')? + 1;
    let end = start + html[start..].find(close)?;
    Some(&html[start..end])
}

struct Page {
    status: u16,
    html: String,
}

impl Page {
    fn main(&self) -> String {
        text_of(inside(&self.html, "<main", "</main>").expect("a <main> in the page"))
    }

    fn h1(&self) -> String {
        let main = inside(&self.html, "<main", "</main>").expect("a <main> in the page");
        text_of(inside(main, "<h1", "</h1>").expect("an <h1> in <main>"))
    }
}

async fn page(app: &TestApp, path: &str, cookie: &str) -> Page {
    let response = app
        .client
        .get(app.at(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"),
        "{path}"
    );
    Page {
        status,
        html: response.text().await.unwrap(),
    }
}

fn cookie_for(locale: Locale, elderly: bool) -> String {
    let mut cookie = format!("huiyin-locale={}", locale.tag());
    if elderly {
        cookie.push_str("; huiyin-mode=elderly");
    }
    cookie
}

#[tokio::test]
async fn every_resident_page_arrives_with_its_heading_and_content_in_each_language() {
    let app = spawn_app().await;
    let receipt = app.file("pages-case").await;
    for locale in Locale::ALL {
        let catalogue: api::ServiceList = app
            .get_json(&format!("/api/services?locale={}", locale.tag()))
            .await;
        let service = &catalogue.services[0];
        let definition: api::ServiceDefinition = app
            .get_json(&format!(
                "/api/services/{}?locale={}",
                service.code,
                locale.tag()
            ))
            .await;
        let search_word = service.name.chars().take(2).collect::<String>();
        let pages: Vec<(String, String, Vec<String>)> = vec![
            (
                "/".into(),
                message(locale, "home-heading"),
                vec![message(locale, "home-services-link"), service.name.clone()],
            ),
            (
                "/services".into(),
                message(locale, "services-heading"),
                vec![service.name.clone(), service.description.clone()],
            ),
            (
                format!("/services?q={}", urlencode(&search_word)),
                message(locale, "services-heading"),
                vec![service.name.clone()],
            ),
            (
                "/services?kind=complaint".into(),
                message(locale, "services-heading"),
                vec![message(locale, "find-kind-filter-clear")],
            ),
            (
                format!("/services/{}", service.code),
                definition.name.clone(),
                vec![
                    definition.description.clone(),
                    message(locale, "service-start"),
                ],
            ),
            (
                "/track".into(),
                message(locale, "track-title"),
                vec![message(locale, "track-case-number")],
            ),
            (
                format!("/cases/{}", receipt.case_id),
                format!(
                    "{}{}",
                    message(locale, "case-title-before-number"),
                    receipt.case_id
                ),
                vec![message(locale, "case-need-code")],
            ),
            (
                "/my-requests".into(),
                message(locale, "my-requests-title"),
                vec![message(locale, "my-requests-no-cases")],
            ),
        ];
        for elderly in [false, true] {
            let cookie = cookie_for(locale, elderly);
            for (path, heading, content) in &pages {
                let page = page(&app, path, &cookie).await;
                assert_eq!(page.status, 200, "{path} {locale}");
                assert_eq!(page.h1().trim(), heading.trim(), "{path} {locale}");
                let main = page.main();
                for words in content {
                    assert!(
                        main.contains(words.as_str()),
                        "{path} {locale}: no {words:?} in {main}"
                    );
                }
                assert!(
                    page.html
                        .contains(&format!("<html lang=\"{}\"", locale.tag())),
                    "{path} {locale}"
                );
                assert_eq!(
                    page.html.contains("data-mode=\"elderly\""),
                    elderly,
                    "{path} {locale} elderly {elderly}"
                );
            }
        }
    }
}

#[tokio::test]
async fn an_unknown_address_is_a_rendered_404_page() {
    let app = spawn_app().await;
    for locale in Locale::ALL {
        let page = page(&app, "/no/such/page", &cookie_for(locale, false)).await;
        assert_eq!(page.status, 404);
        assert_eq!(page.h1(), message(locale, "not-found-heading"));
    }
}

#[tokio::test]
async fn the_language_comes_from_the_address_then_the_cookie_then_the_browser() {
    let app = spawn_app().await;
    let ask = |path: &'static str, cookie: &'static str, accept: &'static str| {
        let request = app
            .client
            .get(app.at(path))
            .header("cookie", cookie)
            .header("accept-language", accept);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let h1 = |html: String| Page { status: 200, html }.h1();
    let home = |locale| message(locale, "home-heading");
    assert_eq!(h1(ask("/", "", "en-GB,en;q=0.9").await), home(Locale::En));
    assert_eq!(h1(ask("/", "", "zh-HK").await), home(Locale::ZhTw));
    assert_eq!(h1(ask("/", "", "fr").await), home(Locale::ZhCn));
    assert_eq!(
        h1(ask("/", "huiyin-locale=zh-TW", "en").await),
        home(Locale::ZhTw)
    );
    assert_eq!(
        h1(ask("/?lang=en", "huiyin-locale=zh-TW", "zh-CN").await),
        home(Locale::En)
    );
}

#[tokio::test]
async fn the_catalogue_comes_with_the_page_for_the_app_to_hydrate() {
    let app = spawn_app().await;
    let html = page(&app, "/services", &cookie_for(Locale::En, false))
        .await
        .html;
    let json = inside(
        &html,
        "<script type=\"application/json\" id=\"page-start\"",
        "</script>",
    )
    .expect("the page's start");
    let start: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(start["lang"], "en");
    assert_eq!(start["catalogue"]["locale"], "en");
    let catalogue: serde_json::Value = app.get_json("/api/services?locale=en").await;
    assert_eq!(start["catalogue"], catalogue);
}

#[tokio::test]
async fn the_app_s_own_pages_and_a_clerk_s_browser_get_the_page_to_draw() {
    let app = spawn_app().await;
    for (path, cookie) in [
        ("/window", ""),
        ("/services/noise/file/description", ""),
        ("/", "__Host-huiyin-window=1"),
    ] {
        let page = page(&app, path, cookie).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(!page.html.contains("<main"), "{path}: rendered");
        assert!(page.html.contains("id=\"page-start\""), "{path}");
    }
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
