use std::path::PathBuf;

use bff::{Application, Config};
use tempfile::TempDir;
use tokio::sync::oneshot;

pub struct TestApp {
    pub url: String,
    pub sandbox_url: Option<String>,
    pub client: reqwest::Client,
    pub data_dir: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    _dirs: (TempDir, TempDir),
}

impl TestApp {
    pub fn at(&self, path: &str) -> String {
        format!("{}{}", self.url.trim_end_matches('/'), path)
    }

    /// `GET path`, its answer as text, whatever its status (a page, mostly).
    pub async fn get_text(&self, path: &str) -> String {
        self.client
            .get(self.at(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// `GET path`, its JSON answer read as `T` (a test fails on anything else).
    pub async fn get_json<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        self.client
            .get(self.at(path))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A BFF with the embedded sandbox, on free loopback ports.
pub async fn spawn_app() -> TestApp {
    spawn_with(|_| {}).await
}

/// The test BFF's `dist/index.html`: a title and the app's loader, as Trunk writes it
/// (Trunk.toml's `pattern_script`).
pub const TEST_INDEX_HTML: &str = "<!doctype html><html><head><title>Huiyin test</title><meta name=\"huiyin-app\" content=\"/huiyin-frontend-0123456789abcdef.js\" data-wasm=\"/huiyin-frontend-0123456789abcdef_bg.wasm\"></head><body></body></html>";

/// The test BFF's `dist/full.html`: the full app's loader (another build, another name).
pub const TEST_FULL_HTML: &str = "<!doctype html><html><head><title>Huiyin test</title><meta name=\"huiyin-app\" content=\"/huiyin-frontend-fedcba9876543210.js\" data-wasm=\"/huiyin-frontend-fedcba9876543210_bg.wasm\"></head><body></body></html>";

/// A BFF whose configuration the test adjusts first (e.g. another upstream).
pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let data = TempDir::new().unwrap();
    let dist = TempDir::new().unwrap();
    std::fs::write(dist.path().join("index.html"), TEST_INDEX_HTML).unwrap();
    std::fs::write(dist.path().join("full.html"), TEST_FULL_HTML).unwrap();
    std::fs::write(dist.path().join("app-abc123.css"), "body{}").unwrap();
    let mut config = Config::for_test(data.path().to_path_buf(), dist.path().to_path_buf());
    config.upstream_timeout_ms = 1500;
    config.sandbox_admin_token = Some(ADMIN_TOKEN.to_owned());
    adjust(&mut config);
    let app = Application::build(config).await.expect("the BFF starts");
    let url = app.url();
    let sandbox_url = app.sandbox_url().map(|u| u.to_string());
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    TestApp {
        url,
        sandbox_url,
        client: reqwest::Client::new(),
        data_dir: data.path().to_path_buf(),
        stop: Some(stop),
        _dirs: (data, dist),
    }
}

pub const ADMIN_TOKEN: &str = "bff-test-admin";
pub const PHONE: &str = "13912345678";

/// A valid noise complaint with contact details, as the browser would send it.
pub fn noise_complaint(description: &str) -> serde_json::Value {
    serde_json::json!({
        "service_code": "noise-nuisance",
        "description": description,
        "location": {"address": "人民路 100 号 3 栋"},
        "attributes": {"noise_source": "business", "time_of_day": "night"},
        "contact": {"name": "王小明", "phone": PHONE, "email": "wang@example.cn"},
        "consent": true,
        "locale": "zh-CN"
    })
}

impl TestApp {
    pub async fn post_request(
        &self,
        key: Option<&str>,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        let mut request = self.client.post(self.at("/api/requests")).json(body);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        request.send().await.unwrap()
    }

    /// Files a complaint and answers the receipt.
    pub async fn file(&self, key: &str) -> api::Receipt {
        let response = self
            .post_request(Some(key), &noise_complaint("楼下烧烤店每晚音响很吵"))
            .await;
        assert_eq!(response.status(), 201);
        response.json().await.unwrap()
    }

    pub async fn case(&self, id: &str, code: &str) -> reqwest::Response {
        self.client
            .get(self.at(&format!("/api/cases/{id}")))
            .query(&[("code", code)])
            .send()
            .await
            .unwrap()
    }

    /// The sandbox's own count of cases: the truth about what was filed upstream.
    pub async fn upstream_case_count(&self) -> usize {
        let url = format!("{}requests.json", self.sandbox_url.as_ref().unwrap());
        let cases: Vec<serde_json::Value> = reqwest::get(url).await.unwrap().json().await.unwrap();
        cases.len()
    }

    /// The case as the sandbox holds it, with the extension keys (channel, clerk, …).
    pub async fn upstream_case(&self, id: &str) -> serde_json::Value {
        let url = format!(
            "{}requests/{id}.json?extensions=true",
            self.sandbox_url.as_ref().unwrap()
        );
        let mut cases: serde_json::Value = reqwest::get(url).await.unwrap().json().await.unwrap();
        cases[0].take()
    }

    /// The government side moves the case along (the sandbox's admin API).
    pub async fn admin(&self, id: &str, action: &str, body: serde_json::Value) {
        let url = format!(
            "{}admin/requests/{id}/{action}",
            self.sandbox_url.as_ref().unwrap()
        );
        let response = self
            .client
            .post(url)
            .bearer_auth(ADMIN_TOKEN)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "admin {action}");
    }
}

/// A real sandbox of the test's own on a free loopback port, for tests that put something
/// (a fault proxy) between it and the BFF. Its data folder lives as long as the `TempDir`.
pub async fn standalone_sandbox(api_key: &str) -> (std::net::SocketAddr, TempDir) {
    let dir = TempDir::new().unwrap();
    let sandbox = sandbox::Sandbox::open(sandbox::SandboxConfig {
        db_path: dir.path().join("sandbox.sqlite3"),
        api_keys: vec![api_key.to_owned()],
        admin_token: None,
        demo: None,
        plain: None,
    })
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = sandbox.router();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (addr, dir)
}

/// The real `huiyin-bff` binary at debug level with JSON logs, for the tests that search
/// everything it logged for a resident's personal data.
pub struct LoggingBff {
    /// Where it serves, ending in `/`.
    pub url: String,
    child: std::process::Child,
    /// Kept open: a closed pipe would fail the binary's next line to standard output.
    _stdout: std::io::BufReader<std::process::ChildStdout>,
    _dirs: (TempDir, TempDir),
}

impl LoggingBff {
    pub fn start() -> LoggingBff {
        LoggingBff::start_with(&[])
    }

    /// With more flags (another upstream, its key, its time limit).
    pub fn start_with(args: &[&str]) -> LoggingBff {
        use std::io::BufRead;
        let data = TempDir::new().unwrap();
        let dist = TempDir::new().unwrap();
        std::fs::write(
            dist.path().join("index.html"),
            "<!doctype html><title>t</title>",
        )
        .unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_huiyin-bff"))
            .args(["--listen", "127.0.0.1:0", "--log-format", "json"])
            .arg("--data-dir")
            .arg(data.path())
            .arg("--dist-dir")
            .arg(dist.path())
            .args(args)
            .env("RUST_LOG", "debug")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let url = line
            .trim()
            .strip_prefix("Huiyin is serving at ")
            .unwrap()
            .to_owned();
        LoggingBff {
            url,
            child,
            _stdout: stdout,
            _dirs: (data, dist),
        }
    }

    /// Stops it (SIGTERM, after its last lines are written) and gives everything it logged.
    pub async fn logs(mut self) -> String {
        use std::io::Read;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let mut logs = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut logs)
            .unwrap();
        self.child.wait().unwrap();
        logs
    }
}

// What the tests of the server-rendered pages and their forms share (pages.rs,
// pages_settings.rs, filing_forms.rs, case_forms.rs): a page's words as a reader sees
// them, its parts, and a browser that keeps cookies and shows redirects.

/// A message of `locales/<locale>/main.ftl` written on one line, as a page shows it (a
/// Fluent `{ " " }` is the space it stands for).
pub fn message(locale: api::Locale, key: &str) -> String {
    let source = frontend::i18n::source(locale);
    let prefix = format!("{key} = ");
    source
        .lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("{locale} has no one-line message {key}"))
        .trim_end()
        .replace("{ \" \" }", " ")
        .trim_start()
        .to_owned()
}

/// HTML's entities read back.
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The text of some HTML, as a reader sees it (tags gone, entities read).
pub fn text_of(html: &str) -> String {
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
    unescape(&text)
}

/// The server-rendered app (before the page's start JSON).
pub fn app_part(html: &str) -> &str {
    let start = html.find("<div id=\"app\">").expect("a rendered app");
    let end = html
        .find("<script type=\"application/json\"")
        .expect("a page start");
    &html[start..end]
}

/// The page's start (frontend/src/page_start.rs) as the page carries it.
pub fn page_start(html: &str) -> serde_json::Value {
    let open = "id=\"page-start\">";
    let start = html.find(open).expect("a page start") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end].replace("\\u003c", "<")).unwrap()
}

/// A client that shows redirects instead of following them, as the form tests read them.
pub fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A browser without JavaScript: it keeps the cookies it is given (the case cookie, the
/// "done" cookie, the resident's choices) and sends them back; it follows no redirect, so
/// a test sees each 303 and then asks for its page, as post/redirect/get goes.
pub struct FormBrowser<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    /// The cookies this browser sends (`name=value`), as a browser keeps them.
    pub cookies: Vec<(String, String)>,
}

/// One answer a [`FormBrowser`] got.
pub struct Answer {
    pub status: reqwest::StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub html: String,
}

impl Answer {
    /// The rendered app's words.
    pub fn words(&self) -> String {
        text_of(app_part(&self.html))
    }

    /// Where a redirect leads.
    pub fn location(&self) -> &str {
        self.headers["location"].to_str().unwrap()
    }
}

impl<'a> FormBrowser<'a> {
    /// A browser whose resident chose English.
    pub fn new(app: &'a TestApp) -> FormBrowser<'a> {
        FormBrowser {
            app,
            client: no_redirects(),
            cookies: vec![("huiyin-locale".into(), "en".into())],
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn take(&mut self, response: reqwest::Response) -> Answer {
        for set in response.headers().get_all("set-cookie") {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.retain(|(held, _)| held != name);
            let gone = set.to_str().unwrap().contains("Max-Age=0");
            if !gone {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
        Answer {
            status: response.status(),
            headers: response.headers().clone(),
            html: response.text().await.unwrap(),
        }
    }

    /// A page opened by typing its address (`Sec-Fetch-Site: none`).
    pub async fn get(&mut self, path: &str) -> Answer {
        let response = self
            .client
            .get(self.app.at(path))
            .header("cookie", self.cookie_header())
            .header("sec-fetch-site", "none")
            .send()
            .await
            .unwrap();
        self.take(response).await
    }

    /// A form posted to `path` from a page of `site` (`same-origin`, `cross-site`).
    pub async fn post<K: serde::Serialize, V: serde::Serialize>(
        &mut self,
        path: &str,
        fields: &[(K, V)],
        site: &str,
    ) -> Answer {
        let response = self
            .client
            .post(self.app.at(path))
            .header("cookie", self.cookie_header())
            .header("sec-fetch-site", site)
            .form(fields)
            .send()
            .await
            .unwrap();
        self.take(response).await
    }

    /// A 303 followed, as the browser does.
    pub async fn follow(&mut self, redirect: &Answer) -> Answer {
        assert_eq!(redirect.status, reqwest::StatusCode::SEE_OTHER);
        let location = redirect.location().to_owned();
        self.get(&location).await
    }
}
