//! The header's language and display-mode buttons without the app (issue 19): a plain
//! form posted to `/settings`, answered with a redirect back to the resident's page and
//! the choice kept in the cookie every page is rendered from.

use reqwest::StatusCode;
use reqwest::header::{LOCATION, SET_COOKIE};

use crate::helpers::{TestApp, no_redirects as client, spawn_app};

/// The header form's token in a rendered page.
async fn token_on(app: &TestApp, path: &str) -> String {
    let html = app.get_text(path).await;
    let field = html
        .find("name=\"form_token\"")
        .expect("the page has the header's form");
    let tag_start = html[..field].rfind('<').unwrap();
    let tag = &html[tag_start..tag_start + html[tag_start..].find('>').unwrap()];
    let value = tag.split("value=\"").nth(1).expect("the token has a value");
    value[..value.find('"').unwrap()].to_owned()
}

async fn post(app: &TestApp, site: &str, body: String) -> reqwest::Response {
    client()
        .post(app.at("/settings"))
        .header("sec-fetch-site", site)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
}

fn cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_language_chosen_without_the_app_is_kept_and_the_same_page_comes_back_in_it() {
    let app = spawn_app().await;
    let token = token_on(&app, "/services?kind=complaint").await;
    let answer = post(
        &app,
        "same-origin",
        format!(
            "form_token={token}&return_to=%2Fservices%3Flang%3Den%26kind%3Dcomplaint&lang=zh-TW"
        ),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    // Back to the page, without a `lang=` that would overrule the choice.
    assert_eq!(answer.headers()[LOCATION], "/services?kind=complaint");
    let set = cookies(&answer);
    assert_eq!(set.len(), 1, "{set:?}");
    assert!(set[0].starts_with("huiyin-locale=zh-TW;"), "{set:?}");
    assert!(
        set[0].contains("Path=/") && set[0].contains("SameSite=Lax"),
        "{set:?}"
    );

    let page = app
        .client
        .get(app.at("/services?kind=complaint"))
        .header("cookie", "huiyin-locale=zh-TW")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<html lang=\"zh-TW\""),
        "the next page is in Traditional Chinese"
    );
}

#[tokio::test]
async fn elderly_mode_chosen_without_the_app_is_kept_and_can_be_turned_off_again() {
    let app = spawn_app().await;
    let token = token_on(&app, "/track").await;
    for mode in ["elderly", "standard"] {
        let answer = post(
            &app,
            "same-origin",
            format!("form_token={token}&return_to=%2Ftrack&mode={mode}"),
        )
        .await;
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{mode}");
        assert_eq!(answer.headers()[LOCATION], "/track");
        assert!(
            cookies(&answer)[0].starts_with(&format!("huiyin-mode={mode};")),
            "{mode}"
        );
    }
}

#[tokio::test]
async fn a_choice_posted_by_another_site_is_refused_and_kept_nowhere() {
    let app = spawn_app().await;
    let token = token_on(&app, "/").await;
    let forged = post(
        &app,
        "cross-site",
        format!("form_token={token}&return_to=%2F&lang=en"),
    )
    .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(cookies(&forged).is_empty());
    // A browser that names no site: only our token lets it through.
    let no_token = client()
        .post(app.at("/settings"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", "huiyin-locale=en")
        .body("form_token=1.forged&return_to=%2F&lang=zh-TW")
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    assert!(cookies(&no_token).is_empty());
    let words = no_token.text().await.unwrap();
    assert!(
        words.contains("another website"),
        "said in the resident's language: {words}"
    );
}

#[tokio::test]
async fn the_way_back_never_leads_to_another_site() {
    let app = spawn_app().await;
    let token = token_on(&app, "/").await;
    for away in [
        "%2F%2Fevil.example%2F",
        "https%3A%2F%2Fevil.example%2F",
        "%2F%5Cevil.example",
    ] {
        let answer = post(
            &app,
            "same-origin",
            format!("form_token={token}&return_to={away}&lang=en"),
        )
        .await;
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{away}");
        assert_eq!(answer.headers()[LOCATION], "/", "{away}");
    }
}

#[tokio::test]
async fn a_choice_the_page_never_offers_is_a_clear_error() {
    let app = spawn_app().await;
    let token = token_on(&app, "/").await;
    for asked in ["lang=fr", "mode=tiny", ""] {
        let answer = post(
            &app,
            "same-origin",
            format!("form_token={token}&return_to=%2F&{asked}"),
        )
        .await;
        assert_eq!(answer.status(), StatusCode::BAD_REQUEST, "{asked}");
        assert!(cookies(&answer).is_empty());
    }
}
