//! Several instances behaving as one: real `huiyin-bff` processes on one real PostgreSQL
//! (the throw-away one `cargo xtask test` starts, `HUIYIN_TEST_DATABASE_URL`), one real
//! sandbox behind our counting proxy, and Debian's nginx in round-robin in front, rendered
//! from the benchmark's own `bench/nginx.conf.template`. Without PostgreSQL or nginx these
//! tests are left out with a note, and fail under `HUIYIN_REQUIRE_POSTGRES=1`.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::fault_matrix::{Final, file_like_the_outbox};
use crate::fault_proxy::{Fault, FaultProxy};
use crate::helpers::{noise_complaint, standalone_sandbox};

const API_KEY: &str = "cluster-key";
const NGINX: &str = "/usr/sbin/nginx";
const PASSWORD: &str = "window-pass-2026";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One `huiyin-bff` process, killed when dropped.
struct Instance {
    child: Child,
    url: String,
    _data: TempDir,
}

impl Instance {
    fn pid(&self) -> String {
        self.child.id().expect("running").to_string()
    }
}

struct Nginx {
    child: Child,
    url: String,
    _prefix: TempDir,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM: the master stops its workers and exits; kill_on_drop follows for a
        // master still there after a moment.
        if let Some(pid) = self.child.id() {
            let _ = std::process::Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status();
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

struct Cluster {
    database_url: String,
    proxy: FaultProxy,
    sandbox: std::net::SocketAddr,
    instances: Vec<Instance>,
    nginx: Nginx,
    _sandbox_dir: TempDir,
    _dist: TempDir,
}

/// What the tests need that only the test machine can give; `None` = left out (noted).
async fn prerequisites() -> Option<String> {
    let url = bff::postgres_testing::fresh_database().await?;
    if !Path::new(NGINX).exists() {
        assert!(
            std::env::var("HUIYIN_REQUIRE_POSTGRES").is_err(),
            "{NGINX} is missing: the cluster tests need Debian's nginx (`cargo xtask test` installs it)"
        );
        eprintln!("note: {NGINX} missing, the cluster tests are left out");
        return None;
    }
    Some(url)
}

impl Cluster {
    /// `instances` BFFs on one fresh database, the proxy meeting filings with `plan`, each
    /// BFF given `extra` flags too.
    async fn start(instances: usize, plan: Vec<Fault>, extra: &[&str]) -> Option<Cluster> {
        let database_url = prerequisites().await?;
        let (sandbox, sandbox_dir) = standalone_sandbox(API_KEY).await;
        let proxy = FaultProxy::start(sandbox, plan, false).await;
        let dist = TempDir::new().unwrap();
        std::fs::write(
            dist.path().join("index.html"),
            "<!doctype html><title>t</title>",
        )
        .unwrap();
        let ports: Vec<u16> = (0..instances).map(|_| free_port()).collect();
        let nginx_port = free_port();
        let public_url = format!("http://127.0.0.1:{nginx_port}/");
        // Started together: their migrations meet on the database's advisory lock.
        let mut starting = Vec::new();
        for port in &ports {
            starting.push(spawn_instance(
                *port,
                &proxy.url,
                &database_url,
                &public_url,
                dist.path(),
                extra,
            ));
        }
        let mut running = Vec::new();
        for instance in starting {
            running.push(ready(instance).await);
        }
        let nginx = start_nginx(nginx_port, &ports).await;
        Some(Cluster {
            database_url,
            proxy,
            sandbox,
            instances: running,
            nginx,
            _sandbox_dir: sandbox_dir,
            _dist: dist,
        })
    }

    /// The sandbox's own count of cases with this description: the truth upstream.
    async fn cases_with(&self, description: &str) -> usize {
        let url = format!("http://{}/requests.json", self.sandbox);
        let cases: Vec<Value> = reqwest::get(url).await.unwrap().json().await.unwrap();
        cases
            .iter()
            .filter(|c| c["description"] == description)
            .count()
    }

    /// `huiyin-bff clerk add` against the shared database, the password on stdin.
    async fn add_clerk(&self, id: &str) {
        let data = TempDir::new().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_huiyin-bff"))
            .arg("--data-dir")
            .arg(data.path())
            .args(["--database-url", &self.database_url])
            .args(["clerk", "add", id])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use tokio::io::AsyncWriteExt;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(format!("{PASSWORD}\n").as_bytes())
            .await
            .unwrap();
        drop(stdin);
        let output = child.wait_with_output().await.unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

fn spawn_instance(
    port: u16,
    upstream: &str,
    database_url: &str,
    public_url: &str,
    dist: &Path,
    extra: &[&str],
) -> Instance {
    let data = TempDir::new().unwrap();
    // Short, so a lost answer is given up on quickly; a test may ask for longer.
    let timeout = if extra.contains(&"--upstream-timeout-ms") {
        &[][..]
    } else {
        &["--upstream-timeout-ms", "400"][..]
    };
    let child = Command::new(env!("CARGO_BIN_EXE_huiyin-bff"))
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args(["--upstream", upstream, "--api-key", API_KEY])
        .args(timeout)
        .args(["--upstream-lookup", "idempotency-key"])
        .args(["--rate-limit-per-minute", "0"])
        .args(["--database-url", database_url])
        .args(["--public-url", public_url])
        .args(["--drain-secs", "5"])
        .args(extra)
        .arg("--data-dir")
        .arg(data.path())
        .arg("--dist-dir")
        .arg(dist)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(if std::env::var_os("HUIYIN_CLUSTER_LOGS").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        })
        .kill_on_drop(true)
        .spawn()
        .expect("the huiyin-bff binary starts");
    Instance {
        child,
        url: format!("http://127.0.0.1:{port}/"),
        _data: data,
    }
}

/// Waits for the instance's "serving" line.
async fn ready(mut instance: Instance) -> Instance {
    let mut lines = BufReader::new(instance.child.stdout.take().unwrap()).lines();
    loop {
        let line = lines
            .next_line()
            .await
            .unwrap()
            .expect("the BFF says where it serves (HUIYIN_CLUSTER_LOGS=1 shows why not)");
        if line.starts_with("Huiyin is serving at ") {
            break;
        }
    }
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    instance
}

/// Debian's nginx in round-robin over the instances, configured from the benchmark's
/// template (its `{{UPSTREAM}}` is one `server` line; the others follow it).
async fn start_nginx(port: u16, instances: &[u16]) -> Nginx {
    let prefix = TempDir::new().unwrap();
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/nginx.conf.template"),
    )
    .unwrap();
    let upstream = instances
        .iter()
        .map(|p| format!("127.0.0.1:{p}"))
        .collect::<Vec<_>>()
        .join("; server ");
    let config = template
        .replace("{{PREFIX}}", &prefix.path().display().to_string())
        .replace("{{LISTEN}}", &format!("127.0.0.1:{port}"))
        .replace("{{UPSTREAM}}", &upstream);
    let config_path = prefix.path().join("nginx.conf");
    std::fs::write(&config_path, config).unwrap();
    let child = Command::new(NGINX)
        .arg("-p")
        .arg(prefix.path())
        .arg("-e")
        .arg(prefix.path().join("error.log"))
        .arg("-c")
        .arg(&config_path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("nginx starts");
    let url = format!("http://127.0.0.1:{port}/");
    let started = Instant::now();
    while reqwest::get(format!("{url}healthz")).await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "nginx did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Nginx {
        child,
        url,
        _prefix: prefix,
    }
}

async fn file_once(url: &str, key: &str, body: &Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{url}api/requests"))
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn one_key_sent_to_every_instance_at_once_makes_one_case() {
    let Some(cluster) = Cluster::start(3, Vec::new(), &[]).await else {
        return;
    };
    let body = noise_complaint("cluster: one key, three instances at once");
    let tries = cluster.instances.iter().map(|instance| {
        let (url, body) = (instance.url.clone(), body.clone());
        tokio::spawn(async move { file_like_the_outbox(&url, "cluster-key-1", &body).await })
    });
    let mut cases = Vec::new();
    for outcome in futures_util::future::join_all(tries).await {
        match outcome.unwrap().answer {
            Final::Filed(id) => cases.push(id),
            Final::Refused(code) => panic!("refused: {code}"),
        }
    }
    cases.dedup();
    assert_eq!(cases.len(), 1, "every instance answers the same case");
    assert_eq!(
        cluster
            .cases_with(body["description"].as_str().unwrap())
            .await,
        1,
        "one case upstream"
    );
}

#[tokio::test]
async fn an_instance_killed_mid_filing_loses_nothing_and_doubles_nothing() {
    // The first filing reaches the city, whose answer never comes back.
    let Some(mut cluster) = Cluster::start(3, vec![Fault::HoldAfter], &[]).await else {
        return;
    };
    let body = noise_complaint("cluster: kill -9 mid-request");
    let first = cluster.instances[0].url.clone();
    let sent = body.clone();
    let doomed = tokio::spawn(async move {
        reqwest::Client::new()
            .post(format!("{first}api/requests"))
            .header("Idempotency-Key", "cluster-kill-1")
            .json(&sent)
            .send()
            .await
    });
    cluster.proxy.held().await;
    // SIGKILL: no shutdown, no cleanup, as a crash or an OOM kill.
    cluster.instances[0].child.start_kill().unwrap();
    cluster.instances[0].child.wait().await.unwrap();
    assert!(doomed.await.unwrap().is_err(), "the device lost its answer");
    // The device retries with its key through the balancer: another instance answers.
    let outcome = file_like_the_outbox(&cluster.nginx.url, "cluster-kill-1", &body).await;
    assert!(matches!(outcome.answer, Final::Filed(_)), "0 lost");
    assert_eq!(
        cluster
            .cases_with(body["description"].as_str().unwrap())
            .await,
        1,
        "0 doubled"
    );
}

#[tokio::test]
async fn wrong_codes_spread_over_the_instances_are_limited_as_one() {
    let Some(cluster) = Cluster::start(3, Vec::new(), &["--guesses-per-case", "4"]).await else {
        return;
    };
    let (status, receipt) = file_once(
        &cluster.nginx.url,
        "cluster-codes-1",
        &noise_complaint("cluster: guesses"),
    )
    .await;
    assert_eq!(status, 201);
    let id = receipt["case_id"].as_str().unwrap();
    let client = reqwest::Client::new();
    let status_on = |n: usize, code: &str| {
        let url = format!("{}api/cases/{id}?code={code}", cluster.instances[n % 3].url);
        let client = client.clone();
        async move { client.get(url).send().await.unwrap().status().as_u16() }
    };
    for n in 0..4 {
        assert_eq!(status_on(n, "WRONG000").await, 404, "wrong code {n}");
    }
    // Each instance saw one or two of them; together they are the limit.
    for n in 4..7 {
        assert_eq!(
            status_on(n, "WRONG000").await,
            429,
            "locked on instance {}",
            n % 3
        );
    }
    let right = receipt["query_code"].as_str().unwrap();
    assert_eq!(
        status_on(1, right).await,
        429,
        "even the right code waits now"
    );
}

async fn sign_in(url: &str, password: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{url}api/clerk/sign-in"))
        .header("X-Huiyin-Clerk", "1")
        .json(&serde_json::json!({"clerk_id": "w001", "password": password}))
        .send()
        .await
        .unwrap()
}

async fn session_status(url: &str, cookie: &str) -> u16 {
    reqwest::Client::new()
        .get(format!("{url}api/clerk/session"))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_clerk_session_made_on_one_instance_works_on_the_others() {
    let Some(cluster) = Cluster::start(
        3,
        Vec::new(),
        &["--clerk-sign-in-failures-per-account", "3"],
    )
    .await
    else {
        return;
    };
    cluster.add_clerk("w001").await;
    let [a, b, c] = [0, 1, 2].map(|n| cluster.instances[n].url.clone());
    let signed_in = sign_in(&a, PASSWORD).await;
    assert_eq!(signed_in.status(), 200);
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(session_status(&b, &cookie).await, 200, "valid on another");
    assert_eq!(session_status(&c, &cookie).await, 200, "and on the third");
    let signed_out = reqwest::Client::new()
        .post(format!("{c}api/clerk/sign-out"))
        .header("X-Huiyin-Clerk", "1")
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert!(signed_out.status().is_success());
    assert_eq!(
        session_status(&a, &cookie).await,
        401,
        "signed out everywhere"
    );

    // Wrong passwords spread over the instances meet one limit.
    for url in [&a, &b, &c] {
        assert_eq!(sign_in(url, "not-the-password").await.status(), 401);
    }
    assert_eq!(
        sign_in(&a, PASSWORD).await.status(),
        429,
        "the account waits, wherever the next try lands"
    );
}

fn png() -> Vec<u8> {
    let mut png = Vec::new();
    image::RgbImage::from_pixel(8, 8, image::Rgb([200, 30, 30]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}

#[tokio::test]
async fn a_photo_uploaded_through_one_instance_is_served_by_the_others() {
    let Some(cluster) = Cluster::start(3, Vec::new(), &[]).await else {
        return;
    };
    let client = reqwest::Client::new();
    let uploaded: Value = client
        .post(format!("{}api/media", cluster.instances[0].url))
        .header("content-type", "image/png")
        .body(png())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let media_url = uploaded["url"].as_str().expect("a photo URL").to_owned();
    assert!(
        media_url.starts_with(&cluster.nginx.url),
        "on the balancer's address"
    );
    let path = media_url.strip_prefix(&cluster.nginx.url).unwrap();
    let mut served = Vec::new();
    for instance in &cluster.instances[1..] {
        let response = client
            .get(format!("{}{path}", instance.url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "image/jpeg");
        served.push(response.bytes().await.unwrap());
    }
    assert_eq!(served[0], served[1]);
    // A request filed through a third instance names it: the photo is found and kept.
    let mut body = noise_complaint("cluster: a photo");
    body["media_urls"] = serde_json::json!([media_url]);
    let (status, answer) = file_once(&cluster.instances[2].url, "cluster-photo-1", &body).await;
    assert_eq!(status, 201, "{answer}");
}

/// Reads one `case` event from a live stream (the first view).
async fn first_event(stream: &mut reqwest::Response) {
    let mut seen = String::new();
    while !seen.contains("event: case") {
        let chunk = stream
            .chunk()
            .await
            .unwrap()
            .expect("the stream stays open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
}

#[tokio::test]
async fn watchers_on_every_instance_cause_one_upstream_poll_per_interval() {
    let Some(cluster) = Cluster::start(3, Vec::new(), &["--case-poll-secs", "1"]).await else {
        return;
    };
    let (status, receipt) = file_once(
        &cluster.nginx.url,
        "cluster-watch-1",
        &noise_complaint("cluster: watched"),
    )
    .await;
    assert_eq!(status, 201);
    let (id, code) = (
        receipt["case_id"].as_str().unwrap(),
        receipt["query_code"].as_str().unwrap(),
    );
    let mut streams = Vec::new();
    for instance in &cluster.instances {
        for _ in 0..2 {
            let mut stream =
                reqwest::get(format!("{}api/cases/{id}/events?code={code}", instance.url))
                    .await
                    .unwrap();
            assert_eq!(stream.status(), 200);
            first_event(&mut stream).await;
            streams.push(stream);
        }
    }
    // Every watcher on every instance has the case; now count the polls.
    let case_path = format!("/requests/{id}.json");
    let before = cluster.proxy.gets_of(&case_path);
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(4)).await;
    let polls = cluster.proxy.gets_of(&case_path) - before;
    let intervals = started.elapsed().as_secs() as usize;
    // One poller: about one poll per interval (a tick may drift across one). Three
    // pollers, one per instance, would make three per interval.
    assert!(
        polls >= 1 && polls <= intervals + 2,
        "{polls} upstream polls in {intervals} intervals with watchers on 3 instances"
    );
    drop(streams);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let after_leaving = cluster.proxy.gets_of(&case_path);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(
        cluster.proxy.gets_of(&case_path),
        after_leaving,
        "nobody watches anywhere: nobody polls"
    );
}

#[tokio::test]
async fn a_stopping_instance_finishes_its_filing_and_sends_live_watchers_elsewhere() {
    // The second filing's answer takes a second: SIGTERM lands while it is in progress.
    let plan = vec![
        Fault::SlowAnswer(Duration::ZERO),
        Fault::SlowAnswer(Duration::from_millis(1000)),
    ];
    let Some(mut cluster) = Cluster::start(2, plan, &["--upstream-timeout-ms", "5000"]).await
    else {
        return;
    };
    let (status, receipt) = file_once(
        &cluster.instances[1].url,
        "cluster-drain-0",
        &noise_complaint("cluster: drain watched"),
    )
    .await;
    assert_eq!(status, 201);
    let (id, code) = (
        receipt["case_id"].as_str().unwrap().to_owned(),
        receipt["query_code"].as_str().unwrap().to_owned(),
    );
    let stopping = cluster.instances[0].url.clone();
    let mut stream = reqwest::get(format!("{stopping}api/cases/{id}/events?code={code}"))
        .await
        .unwrap();
    first_event(&mut stream).await;
    let in_flight = {
        let (url, body) = (
            stopping.clone(),
            noise_complaint("cluster: drain in flight"),
        );
        tokio::spawn(async move { file_once(&url, "cluster-drain-1", &body).await })
    };
    while cluster.proxy.filing_posts() < 2 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &cluster.instances[0].pid()])
        .status();
    // The live stream ends with a retry hint ...
    let mut rest = String::new();
    while let Ok(Some(chunk)) = stream.chunk().await {
        rest.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(rest.contains("retry: 1000"), "told to reconnect: {rest:?}");
    // ... the filing in progress is answered ...
    let (status, _) = in_flight.await.unwrap();
    assert_eq!(status, 201, "finished, not cut off");
    // ... and the instance exits by itself, cleanly.
    let exit = cluster.instances[0].child.wait().await.unwrap();
    assert!(exit.success(), "{exit}");
    // The balancer sends the next request to the instance that stays.
    let health = reqwest::get(format!("{}healthz", cluster.nginx.url))
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}
