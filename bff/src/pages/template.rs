//! Trunk's index.html around a rendered page: the stylesheets and the app's loader, cut
//! where the page's own parts (language, title, the app's HTML, its start) go.

use std::path::Path;
use std::sync::Arc;

use frontend::page_start::{self, PageStart};

/// Trunk's index.html, read once at start-up (as the Content-Security-Policy is): the
/// stylesheets and the app's loader around the page, cut where the page's own parts go.
#[derive(Clone)]
pub struct Template {
    /// Before the `<html …>` tag (the doctype).
    before_html: Arc<str>,
    /// From after the `<html …>` tag to the title's text.
    head_to_title: Arc<str>,
    /// From after the title's text to the end of the `<body …>` tag.
    title_to_body: Arc<str>,
    /// The rest.
    after_body: Arc<str>,
    /// `head_to_title` and `title_to_body` without the app's loader (`<meta name="huiyin-app">`,
    /// Trunk.toml), for a page that is whole without the app: static/boot.js then starts nothing.
    head_to_title_appless: Arc<str>,
    title_to_body_appless: Arc<str>,
}

/// Whether the page the server sends starts the app (issue 19): every page does, but for
/// one that is whole as HTML and that the app would only take over unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loader {
    App,
    None,
}

impl Template {
    /// `page` of `dist` (`index.html` or `full.html`). A dist without `full.html` (built
    /// before there were two apps) has its `index.html` stand in, whose app then says that it
    /// cannot draw the filing steps rather than load them again and again.
    pub fn load(dist: &Path, page: &str) -> Template {
        let read = |page: &str| std::fs::read_to_string(dist.join(page));
        let html = read(page)
            .or_else(|error| {
                tracing::warn!(%error, page, dist = %dist.display(), "no such page: index.html stands in");
                read("index.html")
            })
            .unwrap_or_else(|error| {
                tracing::warn!(%error, dist = %dist.display(), "no index.html: pages have no styles or app");
                String::new()
            });
        Template::parse(&html)
    }

    /// Any of the tags missing (a hand-written index.html) is put where it belongs.
    fn parse(html: &str) -> Template {
        let doctype_end = find(html, "<!doctype")
            .and_then(|at| html[at..].find('>').map(|i| at + i + 1))
            .unwrap_or(0);
        let tag_end = |at: usize| html[at..].find('>').map_or(html.len(), |i| at + i + 1);
        let (html_at, html_end) = match find(html, "<html") {
            Some(at) => (at, tag_end(at)),
            None => (doctype_end, doctype_end),
        };
        let rest = &html[html_end..];
        let (head, rest) = match (find(rest, "<title>"), find(rest, "</title>")) {
            (Some(open), Some(close)) if open < close => {
                (rest[..open + "<title>".len()].to_owned(), &rest[close..])
            }
            _ => ("<title>".to_owned(), rest),
        };
        let title_closed = if head.ends_with("<title>") && !rest.starts_with("</title>") {
            format!("</title>{rest}")
        } else {
            rest.to_owned()
        };
        let (title_to_body, after_body) = match find(&title_closed, "<body") {
            Some(at) => {
                let end = title_closed[at..]
                    .find('>')
                    .map_or(title_closed.len(), |i| at + i + 1);
                (
                    title_closed[..end].to_owned(),
                    title_closed[end..].to_owned(),
                )
            }
            None => (format!("{title_closed}<body>"), String::new()),
        };
        Template {
            before_html: html[..html_at].into(),
            head_to_title_appless: without_app_loader(&head).into(),
            title_to_body_appless: without_app_loader(&title_to_body).into(),
            head_to_title: head.into(),
            title_to_body: title_to_body.into(),
            after_body: after_body.into(),
        }
    }

    pub fn page(&self, start: &PageStart, title: Option<&str>, app: Option<&str>) -> String {
        self.page_with(start, title, app, Loader::App)
    }

    pub fn page_with(
        &self,
        start: &PageStart,
        title: Option<&str>,
        app: Option<&str>,
        loader: Loader,
    ) -> String {
        let (head_to_title, title_to_body) = match loader {
            Loader::App => (&self.head_to_title, &self.title_to_body),
            Loader::None => (&self.head_to_title_appless, &self.title_to_body_appless),
        };
        let mode = if start.elderly {
            " data-mode=\"elderly\""
        } else {
            ""
        };
        let mut page = String::with_capacity(
            self.before_html.len() + self.after_body.len() + app.map_or(0, str::len) + 4096,
        );
        page.push_str(&self.before_html);
        page.push_str(&format!(
            "<html lang=\"{}\" dir=\"ltr\"{mode}>",
            escape(&start.lang)
        ));
        page.push_str(head_to_title);
        page.push_str(&escape(title.unwrap_or("回音")));
        // The title's end, then where the app finds its messages (frontend/src/i18n.rs):
        // only on a page that starts the app.
        let after_title = title_to_body
            .strip_prefix("</title>")
            .unwrap_or(title_to_body);
        page.push_str("</title>");
        if loader == Loader::App {
            page.push_str(&messages_meta(start.language().locale()));
        }
        page.push_str(after_title);
        if let Some(app) = app {
            page.push_str("<div id=\"app\">");
            page.push_str(app);
            page.push_str("</div>");
        }
        page.push_str(&format!(
            "<script type=\"application/json\" id=\"{}\">{}</script>",
            page_start::SCRIPT_ID,
            start.to_script_json()
        ));
        page.push_str(&self.after_body);
        page
    }
}

/// `part` without the `<meta>` that names the app's JavaScript and .wasm (however Trunk's
/// minifier quoted its attributes).
fn without_app_loader(part: &str) -> String {
    let mut rest = part;
    let mut out = String::with_capacity(part.len());
    while let Some(at) = find(rest, "<meta") {
        let end = rest[at..].find('>').map_or(rest.len(), |i| at + i + 1);
        let tag = &rest[at..end];
        out.push_str(&rest[..at]);
        if !tag.contains("huiyin-app") {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `<meta name="huiyin-messages">`: the page's locale's messages file, and each locale's
/// (`data-zh-cn`, …) for switching (bff/src/messages.rs).
pub fn messages_meta(page_locale: api::Locale) -> String {
    let mut meta = format!(
        "<meta name=\"{}\" content=\"{}\"",
        frontend::i18n::MESSAGES_META,
        crate::messages::path(page_locale)
    );
    for locale in api::Locale::ALL {
        meta.push_str(&format!(
            " data-{}=\"{}\"",
            locale.tag().to_lowercase(),
            crate::messages::path(locale)
        ));
    }
    meta.push('>');
    meta
}

fn find(html: &str, needle: &str) -> Option<usize> {
    html.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use api::Locale;

    #[test]
    fn the_template_takes_the_page_language_title_and_app() {
        let template = Template::parse(
            "<!doctype html><html lang=zh-CN><head><title>回音</title><link rel=stylesheet href=/a.css></head><body></body></html>",
        );
        let mut start = PageStart::new(frontend::i18n::Language::Locale(Locale::En), true);
        start.lang = "en".into();
        let page = template.page(&start, Some("Services <&>"), Some("<h1>Hi</h1>"));
        assert!(page.starts_with("<!doctype html><html lang=\"en\" dir=\"ltr\" data-mode=\"elderly\"><head><title>Services &lt;&amp;&gt;</title><meta name=\"huiyin-messages\" content=\"/messages/en."));
        assert!(page.contains(".txt\"><link rel=stylesheet"), "{page}");
        for tag in ["zh-cn", "zh-tw", "en"] {
            assert!(
                page.contains(&format!(" data-{tag}=\"/messages/")),
                "{page}"
            );
        }
        assert!(page.contains("<body><div id=\"app\"><h1>Hi</h1></div><script type=\"application/json\" id=\"page-start\">"));
        assert!(page.ends_with("</script></body></html>"));
    }

    #[test]
    fn a_page_without_the_loader_keeps_every_other_tag() {
        let template = Template::parse(
            "<!doctype html><html><head><meta charset=utf-8><title>回音</title><meta name=huiyin-app content=/a.js data-wasm=/a.wasm><link rel=stylesheet href=/a.css><meta name=theme-color content=#000></head><body></body></html>",
        );
        let start = PageStart::new(frontend::i18n::Language::Locale(Locale::ZhCn), false);
        let with = template.page(&start, None, Some("<h1>x</h1>"));
        assert!(with.contains("<meta name=huiyin-app content=/a.js data-wasm=/a.wasm>"));
        let without = template.page_with(&start, None, Some("<h1>x</h1>"), Loader::None);
        // Nor the app's messages: nothing there reads them.
        let with = with
            .replace("<meta name=huiyin-app content=/a.js data-wasm=/a.wasm>", "")
            .replace(&messages_meta(Locale::ZhCn), "");
        assert_eq!(without, with);
        assert!(!without.contains("huiyin-messages"));
        assert!(without.contains("<meta charset=utf-8>") && without.contains("theme-color"));
    }

    #[test]
    fn a_bare_index_still_makes_a_whole_page() {
        let template = Template::parse("<!doctype html><title>x</title>");
        let start = PageStart::new(frontend::i18n::Language::Locale(Locale::ZhCn), false);
        let page = template.page(&start, Some("首页"), Some("<h1>首页</h1>"));
        assert!(page.starts_with("<!doctype html><html lang=\"zh-CN\" dir=\"ltr\"><title>首页</title><meta name=\"huiyin-messages\" content=\"/messages/zh-CN."), "{page}");
        assert!(
            page.contains("\"><body><div id=\"app\"><h1>首页</h1></div>"),
            "{page}"
        );
        let page = Template::parse("").page(&start, None, None);
        assert!(
            page.starts_with("<html lang=\"zh-CN\" dir=\"ltr\"><title>回音</title><meta name="),
            "{page}"
        );
    }
}
