//! `spawn_app()`: a sandbox on a fresh SQLite file, served on 127.0.0.1:0 over real HTTP.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use sandbox::{Sandbox, SandboxConfig};
use serde_json::Value;

pub const API_KEY: &str = "test-api-key";
pub const ADMIN_TOKEN: &str = "test-admin-token";

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub dir: TempDir,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A folder under the system temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let path = std::env::temp_dir().join(format!(
            "huiyin-sandbox-test-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn config_in(dir: &Path) -> SandboxConfig {
    SandboxConfig {
        db_path: dir.join("nested/sandbox.sqlite3"),
        api_keys: vec!["other-key".to_owned(), API_KEY.to_owned()],
        admin_token: Some(ADMIN_TOKEN.to_owned()),
        demo: None,
        plain: None,
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_with(|_| {}).await
}

pub async fn spawn_with(adjust: impl FnOnce(&mut SandboxConfig)) -> TestApp {
    let dir = TempDir::new();
    let mut config = config_in(dir.path());
    adjust(&mut config);
    serve(config, dir).await
}

/// Serves a sandbox opened with `config`; `dir` lives as long as the app.
pub async fn serve(config: SandboxConfig, dir: TempDir) -> TestApp {
    let sandbox = Sandbox::open(config).expect("sandbox opens");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = sandbox.router();
    let server = tokio::spawn(async move {
        axum::serve(listener, router).await.expect("serve");
    });
    TestApp {
        base: format!("http://{addr}"),
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("client"),
        dir,
        server,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// GET, expecting `status`, returning the JSON body.
    pub async fn get_json(&self, path: &str, status: u16) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        response.json().await.expect("JSON body")
    }

    /// GET, expecting `status`, returning the XML body checked for well-formedness.
    pub async fn get_xml(&self, path: &str, status: u16) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(content_type.starts_with("text/xml"), "{content_type}");
        let body = response.text().await.expect("XML body");
        assert_well_formed(&body);
        body
    }

    /// POST a form, returning status and the JSON body.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let (status, body) = self.post_form_text(path, form).await;
        (status, serde_json::from_str(&body).expect("JSON body"))
    }

    /// POST a form, returning status and the body as text.
    pub async fn post_form_text(&self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let response = self
            .client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(encode(form))
            .send()
            .await
            .expect("POST");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// An admin action with the right bearer token, returning status and JSON body.
    pub async fn admin(&self, id: &str, action: &str, body: Value) -> (u16, Value) {
        let response = self
            .client
            .post(self.url(&format!("/admin/requests/{id}/{action}")))
            .bearer_auth(ADMIN_TOKEN)
            .json(&body)
            .send()
            .await
            .expect("admin POST");
        let status = response.status().as_u16();
        (status, response.json().await.expect("JSON body"))
    }

    /// Files a noise complaint (or `service_code` with `extra` fields) and answers its id.
    pub async fn file(&self, service_code: &str, extra: &[(&str, &str)]) -> String {
        let mut form = vec![
            ("api_key", API_KEY),
            ("service_code", service_code),
            ("lat", "31.2304"),
            ("long", "121.4737"),
            ("description", "楼下商铺每晚音响很吵"),
        ];
        form.extend_from_slice(extra);
        if service_code == "noise-nuisance"
            && !extra.iter().any(|(k, _)| k.starts_with("attribute["))
        {
            form.push(("attribute[noise_source]", "business"));
        }
        let (status, body) = self.post_form("/requests.json", &form).await;
        assert_eq!(status, 200, "{body}");
        body[0]["service_request_id"]
            .as_str()
            .expect("id")
            .to_owned()
    }

    /// The SQLite file, for tests that play the operator (edit a time limit, age a case).
    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.dir.path().join("nested/sandbox.sqlite3")).expect("db")
    }

    /// One request with its extensions.
    pub async fn case(&self, id: &str) -> Value {
        let list = self
            .get_json(&format!("/requests/{id}.json?extensions=true"), 200)
            .await;
        list[0].clone()
    }
}

pub fn encode(form: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in form.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&urlencode(k));
        out.push('=');
        out.push_str(&urlencode(v));
    }
    out
}

pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Panics unless `xml` parses from start to end with balanced elements.
pub fn assert_well_formed(xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0_i32;
    let mut roots = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Empty(_)) if depth == 0 => roots += 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(err) => panic!("malformed XML: {err}\n{xml}"),
        }
    }
    assert_eq!(depth, 0, "unbalanced XML: {xml}");
    assert_eq!(roots, 1, "XML must have one root: {xml}");
}

/// The text of every element named `tag`, in document order.
pub fn xml_texts(xml: &str, tag: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut inside = false;
    let mut current = String::new();
    loop {
        match reader.read_event().expect("XML") {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == tag => {
                inside = true;
                current.clear();
            }
            quick_xml::events::Event::Text(t) if inside => {
                current.push_str(&t.xml10_content());
            }
            quick_xml::events::Event::GeneralRef(r) if inside => {
                let name = r.into_inner().into_owned();
                current.push_str(match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "?",
                });
            }
            quick_xml::events::Event::End(e) if e.name().as_ref() == tag => {
                inside = false;
                out.push(current.clone());
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The spec's error form: `[{"code": status, "description": "…"}]`.
pub fn assert_spec_error(body: &Value, status: u16) {
    let errors = body.as_array().expect("errors are a list");
    assert_eq!(errors.len(), 1, "{body}");
    assert_eq!(errors[0]["code"], status, "{body}");
    assert!(
        errors[0]["description"]
            .as_str()
            .is_some_and(|d| !d.is_empty()),
        "{body}"
    );
}
