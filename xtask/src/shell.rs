//! The first paint before the app runs: a static copy of the page's frame and heading,
//! written into `dist/index.html` at build time from the Fluent messages in `locales/`.
//!
//! Why: the app draws nothing until its .wasm has downloaded, compiled and run, which on a
//! slow phone is seconds after the HTML and CSS could have been shown (docs/performance.md).
//! With this, the header, the page's `<h1>` and its lead paragraph show as soon as the
//! stylesheet has loaded, in the resident's language and display mode.
//!
//! How it is chosen: there is one copy per language (`<div class="shell" lang="…">`) and,
//! inside it, one heading block per page that has a fixed heading (`data-shell-page`).
//! `static/boot.js` puts the language it negotiated on `<html lang>` and the page on
//! `<html data-shell-page>` before the first paint; `static/app.css` shows only the copy and
//! the block that match, so nothing else is painted or read out. The app removes the shell
//! in the same frame as it first draws (frontend/src/shell.rs). The case page's number comes
//! from the address: boot.js writes it into `.shell__case-id`.

use std::path::Path;

use anyhow::{Context, bail};
use api::Locale;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};

/// Stands for the case number while the message is formatted; boot.js fills it in.
const CASE_ID: &str = "\u{E000}";

/// Replaces the empty `<body></body>` Trunk copied from index.html with the shell.
pub fn write(root: &Path) -> anyhow::Result<()> {
    let index_path = root.join("dist/index.html");
    let index = std::fs::read_to_string(&index_path).context("reading dist/index.html")?;
    let mut copies = String::new();
    // The languages as `locales/<tag>/main.ftl` and as boot.js writes them on `<html lang>`.
    for locale in Locale::ALL.map(Locale::tag) {
        let path = root.join("locales").join(locale).join("main.ftl");
        let source = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        copies.push_str(&Messages::new(locale, source)?.shell()?);
    }
    let body = format!("<body><div id=\"shell\">{copies}</div></body>");
    std::fs::write(&index_path, insert(&index, &body)?).context("writing dist/index.html")?;
    Ok(())
}

fn insert(index: &str, body: &str) -> anyhow::Result<String> {
    const EMPTY: &str = "<body></body>";
    if index.matches(EMPTY).count() != 1 {
        bail!("dist/index.html must have exactly one empty {EMPTY} for the first-paint shell");
    }
    Ok(index.replacen(EMPTY, body, 1))
}

struct Messages {
    locale: &'static str,
    bundle: FluentBundle<FluentResource>,
}

impl Messages {
    fn new(locale: &'static str, source: String) -> anyhow::Result<Self> {
        let resource = FluentResource::try_new(source)
            .map_err(|(_, errors)| anyhow::anyhow!("{locale}: {errors:?}"))?;
        let mut bundle = FluentBundle::new(vec![locale.parse().context("language tag")?]);
        // Plain text, as the app shows it (frontend/src/i18n.rs does the same).
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .map_err(|errors| anyhow::anyhow!("{locale}: {errors:?}"))?;
        Ok(Self { locale, bundle })
    }

    /// The message, HTML-escaped.
    fn t(&self, id: &str) -> anyhow::Result<String> {
        self.t_with(id, None)
    }

    fn t_with(&self, id: &str, args: Option<&FluentArgs>) -> anyhow::Result<String> {
        let pattern = self
            .bundle
            .get_message(id)
            .and_then(|message| message.value())
            .with_context(|| format!("{}: no message {id}", self.locale))?;
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            bail!("{}: {id}: {errors:?}", self.locale);
        }
        Ok(escape(&text))
    }

    /// One language's copy. The markup and classes are those of the app's SiteHeader and
    /// pages (frontend/src/components/site_header.rs, site_nav.rs, pages/*.rs), so that it
    /// looks the same; only what works without the app is in it (links, no buttons).
    fn shell(&self) -> anyhow::Result<String> {
        // `data-shell-link` names the page the link leads to: static/app.css marks the
        // current one as the app's `aria-current` does (bold, so it takes the same room).
        let link = |href: &str, page: &str, id: &str| -> anyhow::Result<String> {
            Ok(format!(
                "<li><a href=\"{href}\" data-shell-link=\"{page}\"><span>{}</span></a></li>",
                self.t(id)?
            ))
        };
        let page = |name: &str, heading: String, lead: Option<&str>| -> anyhow::Result<String> {
            let lead = match lead {
                Some(id) => format!("<p class=\"lead\">{}</p>", self.t(id)?),
                None => String::new(),
            };
            Ok(format!(
                "<div class=\"shell__page\" data-shell-page=\"{name}\"><h1>{heading}</h1>{lead}</div>"
            ))
        };
        let mut args = FluentArgs::new();
        args.set("id", CASE_ID);
        let case_heading = self
            .t_with("case-title", Some(&args))?
            // Sized and kept whole as the app's heading does it, so nothing moves on takeover.
            .replace(
                CASE_ID,
                "<span class=\"shell__case-id case-number\"></span>",
            );
        Ok(format!(
            concat!(
                "<div class=\"shell\" lang=\"{locale}\">",
                "<header class=\"site-header\"><div class=\"site-header__brand\">",
                "<a class=\"site-header__name\" href=\"/\">{name}</a>",
                "<p class=\"site-header__tagline\">{tagline}</p></div>",
                // The app's buttons, kept invisible: they hold their place (so the page
                // does not move when the app draws) but cannot be seen, pressed or read.
                "<div class=\"site-header__tools shell__placeholder\">",
                "<button type=\"button\" class=\"tool-button elderly-mode-switch\">{elderly}</button>",
                "<div class=\"read-aloud\"><button type=\"button\" class=\"tool-button\">{read_aloud}</button></div></div>",
                "<div class=\"more shell__more shell__placeholder\"><button type=\"button\" class=\"tool-button more__button\">{more}</button></div>",
                "<nav class=\"site-nav\" aria-label=\"{nav}\"><ul>{links}</ul></nav>",
                "<div class=\"language-switch shell__placeholder\"><ul>{languages}</ul></div></header>",
                "<main class=\"shell__main\">{pages}</main></div>"
            ),
            locale = self.locale,
            name = self.t("app-name")?,
            tagline = self.t("app-tagline")?,
            elderly = self.t("elderly-mode")?,
            read_aloud = self.t("read-aloud-start")?,
            more = self.t("more")?,
            // Only holding the switch's place: never seen.
            languages = Locale::ALL
                .iter()
                .map(|locale| {
                    let (pressed, name) = (locale.tag() == self.locale, locale.endonym());
                    format!("<li><button type=\"button\" aria-pressed=\"{pressed}\">{name}</button></li>")
                })
                .collect::<String>(),
            nav = self.t("nav-label")?,
            links = [
                link("/", "home", "nav-home")?,
                link("/services", "services", "nav-services")?,
                link("/track", "track", "nav-track")?,
                link("/my-requests", "my-requests", "nav-my-requests")?,
            ]
            .concat(),
            pages = [
                page("home", self.t("home-heading")?, Some("home-intro"))?,
                page("services", self.t("services-heading")?, Some("services-intro"))?,
                page("track", self.t("track-title")?, Some("track-intro"))?,
                page("my-requests", self.t("my-requests-title")?, Some("my-requests-intro"))?,
                // Only the heading: below it the page depends on whether this device holds
                // the query code, which the app knows.
                page("case", case_heading, None)?,
            ]
            .concat(),
        ))
    }
}

/// Text for HTML element content and double-quoted attributes (`& < > " '`).
fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FTL: &str = "app-name = Huiyin\napp-tagline = A & B\nnav-label = Main\nelderly-mode = Large\nread-aloud-start = Read\nmore = More\nnav-home = Home\n\
        nav-services = Services\nnav-track = Track\nnav-my-requests = Mine\n\
        home-heading = Every <request>\nhome-intro = Find \"it\"\nservices-heading = Services\n\
        services-intro = Choose\ntrack-title = Follow\ntrack-intro = Enter\n\
        my-requests-title = Mine\nmy-requests-intro = Here\ncase-title = Case { $id } now\n";

    #[test]
    fn a_copy_has_the_messages_escaped_and_a_place_for_the_case_number() {
        let shell = Messages::new("en", FTL.to_owned())
            .unwrap()
            .shell()
            .unwrap();
        assert!(shell.starts_with("<div class=\"shell\" lang=\"en\">"));
        assert!(shell.contains("<p class=\"site-header__tagline\">A &amp; B</p>"));
        assert!(shell.contains(
            "<div class=\"shell__page\" data-shell-page=\"home\"><h1>Every &lt;request&gt;</h1><p class=\"lead\">Find &quot;it&quot;</p></div>"
        ));
        assert!(
            shell.contains("<h1>Case <span class=\"shell__case-id case-number\"></span> now</h1>")
        );
        assert!(!shell.contains('\u{2068}'), "no bidi isolation marks");
    }

    #[test]
    fn a_missing_message_stops_the_build() {
        let error = Messages::new("en", "app-name = Huiyin\n".to_owned())
            .unwrap()
            .shell()
            .unwrap_err();
        assert!(error.to_string().starts_with("en: no message "), "{error}");
    }

    #[test]
    fn the_shell_goes_into_the_one_empty_body() {
        let index = "<html><head></head>\n  <body></body>\n</html>";
        assert_eq!(
            insert(index, "<body>x</body>").unwrap(),
            "<html><head></head>\n  <body>x</body>\n</html>"
        );
        assert!(insert("<body><p></p></body>", "<body>x</body>").is_err());
    }
}
