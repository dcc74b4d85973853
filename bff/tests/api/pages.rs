//! The resident's pages come from the server with their content (issue 19): a phone whose
//! `.wasm` is slow, or never arrives, reads the page's heading and words from the first
//! answer, in the resident's language and display mode.

use api::Locale;

use crate::helpers::{TestApp, message, spawn_app, text_of};

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
    let full_app = "huiyin-frontend-fedcba9876543210_bg.wasm";
    let residents_app = "huiyin-frontend-0123456789abcdef_bg.wasm";
    for (path, cookie) in [
        ("/window", ""),
        ("/window/anything", ""),
        ("/services/noise/file/description", ""),
        ("/sending/0123", ""),
        ("/", "__Host-huiyin-window=1"),
        ("/services/food-safety/request", "__Host-huiyin-window=1"),
    ] {
        let page = page(&app, path, cookie).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(!page.html.contains("<main"), "{path}: rendered");
        assert!(page.html.contains("id=\"page-start\""), "{path}");
        // Drawn by the full app (full.html), which has the steps and the window.
        assert!(page.html.contains(full_app), "{path}: the full app");
        assert!(!page.html.contains(residents_app), "{path}");
    }
    // The pages the server renders come with the resident's app, which carries neither.
    for path in ["/", "/services", "/track", "/my-requests", "/no-such-page"] {
        let page = page(&app, path, "").await;
        assert!(page.html.contains("<main"), "{path}: rendered");
        assert!(
            page.html.contains(residents_app),
            "{path}: the resident's app"
        );
        assert!(!page.html.contains(full_app), "{path}");
    }
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn my_requests_without_the_app_lists_the_cases_this_browser_looked_up_each_a_link() {
    let app = spawn_app().await;
    let first = app.file("my-requests-first").await;
    let second = app.file("my-requests-second").await;
    let mut browser = crate::helpers::FormBrowser::new(&app);

    let empty = browser.get("/my-requests").await;
    assert!(
        empty
            .words()
            .contains(&message(Locale::En, "my-requests-no-cases"))
    );

    for receipt in [&first, &second] {
        let track = browser.get("/track").await;
        let token = crate::helpers::page_start(&track.html)["case_page"]["form_token"]
            .as_str()
            .unwrap()
            .to_owned();
        let found = browser
            .post(
                "/track",
                &[
                    ("form_token", token.as_str()),
                    ("case-number", receipt.case_id.as_str()),
                    ("query-code", receipt.query_code.as_str()),
                ],
                "same-origin",
            )
            .await;
        assert_eq!(browser.follow(&found).await.status, 200);
    }
    // A case number the cookie was made to hold with a code that is not its own.
    let cookie = browser
        .cookies
        .iter_mut()
        .find(|(name, _)| name == "__Host-huiyin-cases")
        .expect("the lookups set the case cookie");
    cookie.1.push_str(".99999~WRONG000");

    let listed = browser.get("/my-requests").await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.headers["cache-control"], "no-store");
    let words = listed.words();
    assert!(
        !words.contains(&message(Locale::En, "my-requests-no-cases")),
        "{words}"
    );
    assert!(words.contains(&message(Locale::En, "my-requests-browser-case-note")));
    for receipt in [&first, &second] {
        assert!(
            words.contains(&format!("Case {}", receipt.case_id)),
            "{words}"
        );
        assert!(
            listed
                .html
                .contains(&format!("href=\"/cases/{}\"", receipt.case_id)),
            "a link to its page"
        );
        assert!(
            !listed.html.contains(&receipt.query_code),
            "the codes stay in the cookie"
        );
    }
    assert_eq!(
        crate::helpers::page_start(&listed.html)["browser_cases"],
        serde_json::json!([second.case_id, first.case_id]),
        "newest first, in the page's start for the app to hydrate; a code not its own is left out"
    );
    assert!(!words.contains("99999"));
}

/// The `.wasm` carries no locale's words (issue 19, a smaller app): every page the BFF sends,
/// rendered or for the app to draw, names its locale's messages and each other locale's in
/// `<meta name="huiyin-messages">`, and each is served under a hashed name for good,
/// brotli-compressed when the browser takes it, holding that locale's words.
#[tokio::test]
async fn every_page_names_its_messages_which_are_served_hashed_immutable_and_compressed() {
    let app = spawn_app().await;
    let attribute = |meta: &str, name: &str| -> String {
        let at = meta
            .find(&format!(" {name}=\""))
            .unwrap_or_else(|| panic!("{name} in {meta}"));
        let rest = &meta[at + name.len() + 3..];
        rest[..rest.find('"').unwrap()].to_owned()
    };
    for locale in Locale::ALL {
        for path in ["/", "/services", "/window", "/services/x/file/1"] {
            let page = page(&app, path, &cookie_for(locale, false)).await;
            let at = page
                .html
                .find("<meta name=\"huiyin-messages\"")
                .unwrap_or_else(|| panic!("{path} {locale}: no messages <meta>"));
            let meta = &page.html[at..at + page.html[at..].find('>').unwrap()];
            let url = attribute(meta, "content");
            assert_eq!(
                url,
                attribute(meta, &format!("data-{}", locale.tag().to_lowercase())),
                "{path}"
            );
            let (name, hash) = url
                .strip_prefix("/messages/")
                .and_then(|rest| rest.strip_suffix(".txt"))
                .and_then(|rest| rest.split_once('.'))
                .unwrap_or_else(|| panic!("{url}"));
            assert_eq!(name, locale.tag());
            assert_eq!(hash.len(), 16, "{url}");
            for other in Locale::ALL {
                let other_url = attribute(meta, &format!("data-{}", other.tag().to_lowercase()));
                assert!(other_url.starts_with(&format!("/messages/{}.", other.tag())));
            }
            let response = app
                .client
                .get(app.at(&url))
                .header("accept-encoding", "gzip, deflate, br")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{url}");
            let headers = response.headers().clone();
            assert_eq!(headers["content-encoding"], "br", "{url}");
            assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
            assert_eq!(
                headers["cache-control"],
                "public, max-age=31536000, immutable"
            );
            assert!(
                headers["vary"]
                    .to_str()
                    .unwrap()
                    .contains("accept-encoding")
            );
            let compressed = response.bytes().await.unwrap();
            let mut text = Vec::new();
            brotli::BrotliDecompress(&mut compressed.as_ref(), &mut text).unwrap();
            let text = String::from_utf8(text).unwrap();
            assert!(text.starts_with(&format!("{}\u{1e}", locale.tag())));
            assert!(text.contains(&message(locale, "home-heading")), "{url}");
            assert!(
                compressed.len() * 3 < text.len(),
                "{url}: brotli at its best"
            );
            let plain = app.client.get(app.at(&url)).send().await.unwrap();
            assert!(!plain.headers().contains_key("content-encoding"));
            assert_eq!(plain.text().await.unwrap(), text);
        }
    }
    // Another release's table is no longer there, and that answer is not kept.
    let missing = app
        .client
        .get(app.at("/messages/en.0123456789abcdef.txt"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(missing.headers()["cache-control"], "no-cache");
}
