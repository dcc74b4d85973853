//! The fault matrix: a real `huiyin-bff` process, the real sandbox, our fault-injecting proxy
//! between them, and a client that retries like the device's outbox (same key, capped
//! backoff with jitter, `Retry-After` honoured, stops on a final answer). Each case asserts
//! one case per key, none lost, and a final answer within a bounded number of tries.
//!
//! With `HUIYIN_FAULT_MATRIX_REPORT=<file>` each case appends one JSON line to the file
//! (`cargo xtask bench` renders them as a table).

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::fault_proxy::{Fault, FaultProxy};
use crate::helpers::{noise_complaint, standalone_sandbox};

/// Short on purpose: the whole matrix runs in seconds.
const UPSTREAM_TIMEOUT_MS: u64 = 400;
/// The most tries a device makes before it shows the resident what to do.
const MAX_TRIES: u32 = 12;
const API_KEY: &str = "fault-matrix-key";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Lookup {
    /// The upstream honours `Idempotency-Key` (the sandbox as it is).
    Token,
    /// A plain GeoReport v2 server: the proxy strips the header, the BFF searches.
    Search,
    /// No way to look up: the resident is told to check by phone.
    None,
}

impl Lookup {
    fn flag(self) -> &'static str {
        match self {
            Lookup::Token => "idempotency-key",
            Lookup::Search => "search",
            Lookup::None => "none",
        }
    }
}

struct Sandbox {
    addr: SocketAddr,
    _dir: TempDir,
}

async fn start_sandbox() -> Sandbox {
    let (addr, dir) = standalone_sandbox(API_KEY).await;
    Sandbox { addr, _dir: dir }
}

impl Sandbox {
    /// The sandbox's own count of cases with this description: the truth upstream.
    async fn cases_with(&self, description: &str) -> usize {
        let url = format!("http://{}/requests.json", self.addr);
        let cases: Vec<Value> = reqwest::get(url).await.unwrap().json().await.unwrap();
        cases
            .iter()
            .filter(|c| c["description"] == description)
            .count()
    }
}

/// A real BFF process, killed when dropped.
struct Bff {
    child: Child,
    url: String,
}

struct BffFiles {
    data: TempDir,
    dist: TempDir,
    port: u16,
}

impl BffFiles {
    fn new() -> BffFiles {
        let dist = TempDir::new().unwrap();
        std::fs::write(
            dist.path().join("index.html"),
            "<!doctype html><title>t</title>",
        )
        .unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        BffFiles {
            data: TempDir::new().unwrap(),
            dist,
            port,
        }
    }
}

async fn start_bff(files: &BffFiles, upstream: &str, lookup: Lookup) -> Bff {
    let mut child = Command::new(env!("CARGO_BIN_EXE_huiyin-bff"))
        .args(["--listen", &format!("127.0.0.1:{}", files.port)])
        .args(["--upstream", upstream, "--api-key", API_KEY])
        .args(["--upstream-timeout-ms", &UPSTREAM_TIMEOUT_MS.to_string()])
        .args(["--rate-limit-per-minute", "0"])
        .arg("--data-dir")
        .arg(files.data.path())
        .arg("--dist-dir")
        .arg(files.dist.path())
        .env("HUIYIN_UPSTREAM_LOOKUP", lookup.flag())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        // Its log only when asked: the matrix provokes failures on purpose.
        .stderr(if std::env::var_os("HUIYIN_FAULT_MATRIX_LOGS").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        })
        .kill_on_drop(true)
        .spawn()
        .expect("the huiyin-bff binary starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines
            .next_line()
            .await
            .unwrap()
            .expect("the BFF says where it serves");
        if let Some(url) = line.strip_prefix("Huiyin is serving at ") {
            break url.trim().to_owned();
        }
    };
    // Keep reading so the pipe never fills.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Bff { child, url }
}

impl Bff {
    fn kill_9(&mut self) {
        // SIGKILL: no shutdown, no cleanup, as a crash or an OOM kill.
        self.child.start_kill().unwrap();
    }

    fn rss_kb(&self) -> Option<u64> {
        let pid = self.child.id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }
}

/// What the device ends with.
#[derive(Debug, PartialEq)]
pub(crate) enum Final {
    Filed(String),
    Refused(String),
}

pub(crate) struct Outcome {
    pub(crate) answer: Final,
    tries: u32,
    elapsed: Duration,
}

/// Codes the outbox stops on: the resident must act (or call).
fn is_final_refusal(code: &str) -> bool {
    !matches!(
        code,
        "submission_in_progress"
            | "submission_unconfirmed"
            | "upstream_unavailable"
            | "upstream_timeout"
            | "upstream_invalid"
            | "rate_limited"
            | "service_busy"
    )
}

/// Files like the outbox: one key, retried after network failures and passing refusals
/// with capped exponential backoff and jitter, `Retry-After` honoured.
pub(crate) async fn file_like_the_outbox(url: &str, key: &str, body: &Value) -> Outcome {
    let client = reqwest::Client::new();
    let started = Instant::now();
    for tries in 1..=MAX_TRIES {
        let sent = client
            .post(format!("{url}api/requests"))
            .header("Idempotency-Key", key)
            .json(body)
            .timeout(Duration::from_secs(10))
            .send()
            .await;
        let mut wait = backoff(tries);
        if let Ok(response) = sent {
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok());
            let answer: Value = response.json().await.unwrap_or(Value::Null);
            if (200..300).contains(&status) {
                return Outcome {
                    answer: Final::Filed(answer["case_id"].as_str().unwrap().to_owned()),
                    tries,
                    elapsed: started.elapsed(),
                };
            }
            let code = answer["code"].as_str().unwrap_or("").to_owned();
            if code == "submission_in_progress" {
                assert!(
                    retry_after.is_some(),
                    "409 submission_in_progress says when to retry"
                );
            }
            if is_final_refusal(&code) {
                return Outcome {
                    answer: Final::Refused(code),
                    tries,
                    elapsed: started.elapsed(),
                };
            }
            if let Some(secs) = retry_after {
                wait = Duration::from_secs(secs.min(3));
            }
        }
        tokio::time::sleep(wait).await;
    }
    panic!("no final answer for {key} after {MAX_TRIES} tries");
}

/// 100 ms doubling to at most 1.6 s, with up to a quarter of jitter.
fn backoff(tries: u32) -> Duration {
    let base = 100u64 << tries.min(4);
    let mut byte = [0u8; 1];
    getrandom::fill(&mut byte).unwrap();
    Duration::from_millis(base + base * u64::from(byte[0]) / 1024)
}

fn report(fault: &str, lookup: Lookup, cases: usize, outcome: &Outcome) {
    let Ok(path) = std::env::var("HUIYIN_FAULT_MATRIX_REPORT") else {
        return;
    };
    let line = serde_json::json!({
        "fault": fault,
        "lookup": lookup.flag(),
        "cases_per_key": cases,
        "tries": outcome.tries,
        "final": match &outcome.answer {
            Final::Filed(_) => "filed".to_owned(),
            Final::Refused(code) => code.clone(),
        },
        "ms_to_final_answer": outcome.elapsed.as_millis() as u64,
    });
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(Path::new(&path))
        .unwrap();
    writeln!(file, "{line}").unwrap();
}

/// A device's key for the case: visible ASCII, as the outbox makes them.
fn key_for(name: &str) -> String {
    let slug: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("key-{slug}")
}

/// One fault, one key: exactly one case and the resident filed.
async fn one_fault(name: &str, lookup: Lookup, plan: Vec<Fault>) {
    let sandbox = start_sandbox().await;
    let proxy = FaultProxy::start(sandbox.addr, plan, lookup == Lookup::Search).await;
    let files = BffFiles::new();
    let bff = start_bff(&files, &proxy.url, lookup).await;
    let description = format!("{name} {lookup:?}: 楼下烧烤店每晚音响很吵");
    let outcome =
        file_like_the_outbox(&bff.url, &key_for(name), &noise_complaint(&description)).await;
    let cases = sandbox.cases_with(&description).await;
    report(name, lookup, cases, &outcome);
    assert_eq!(
        cases, 1,
        "{name}/{lookup:?}: cases for one key (final answer {:?})",
        outcome.answer
    );
    assert!(
        matches!(outcome.answer, Final::Filed(_)),
        "{name}/{lookup:?}: the resident has a receipt, got {:?}",
        outcome.answer
    );
}

macro_rules! fault_case {
    ($token:ident, $search:ident, $name:literal, $plan:expr) => {
        #[tokio::test]
        async fn $token() {
            one_fault($name, Lookup::Token, $plan).await;
        }
        #[tokio::test]
        async fn $search() {
            one_fault($name, Lookup::Search, $plan).await;
        }
    };
}

fault_case!(
    slow_past_the_timeout_files_once,
    slow_past_the_timeout_files_once_on_a_plain_server,
    "slow past the timeout",
    vec![Fault::SlowAnswer(Duration::from_millis(
        UPSTREAM_TIMEOUT_MS * 3
    ))]
);
fault_case!(
    reset_before_the_upstream_acted_files_once,
    reset_before_the_upstream_acted_files_once_on_a_plain_server,
    "reset before acting",
    vec![Fault::ResetBefore]
);
fault_case!(
    reset_after_the_upstream_acted_files_once,
    reset_after_the_upstream_acted_files_once_on_a_plain_server,
    "reset after acting",
    vec![Fault::ResetAfter]
);
fault_case!(
    a_500_before_the_upstream_acted_files_once,
    a_500_before_the_upstream_acted_files_once_on_a_plain_server,
    "500 before acting",
    vec![Fault::ServerErrorBefore]
);
fault_case!(
    a_500_after_the_upstream_acted_files_once,
    a_500_after_the_upstream_acted_files_once_on_a_plain_server,
    "500 after acting",
    vec![Fault::ServerErrorAfter]
);
fault_case!(
    a_garbage_answer_files_once,
    a_garbage_answer_files_once_on_a_plain_server,
    "garbage answer",
    vec![Fault::GarbageAfter]
);
fault_case!(
    faults_twice_in_a_row_still_file_once,
    faults_twice_in_a_row_still_file_once_on_a_plain_server,
    "500 after, then reset after",
    vec![Fault::ServerErrorAfter, Fault::ResetAfter]
);

async fn oversized(lookup: Lookup) {
    let sandbox = start_sandbox().await;
    let proxy = FaultProxy::start(
        sandbox.addr,
        vec![Fault::OversizedAfter],
        lookup == Lookup::Search,
    )
    .await;
    let files = BffFiles::new();
    let bff = start_bff(&files, &proxy.url, lookup).await;
    let rss_before = bff.rss_kb();
    let description = format!("oversized {lookup:?}: 楼下烧烤店每晚音响很吵");
    let outcome =
        file_like_the_outbox(&bff.url, "key-oversized", &noise_complaint(&description)).await;
    let rss_after = bff.rss_kb();
    let cases = sandbox.cases_with(&description).await;
    report("oversized answer (50 MB)", lookup, cases, &outcome);
    assert_eq!(cases, 1);
    assert!(matches!(outcome.answer, Final::Filed(_)));
    if let (Some(before), Some(after)) = (rss_before, rss_after) {
        // The answer is 50 MB: reading it whole would show here.
        assert!(
            after < before + 20 * 1024,
            "RSS grew from {before} kB to {after} kB on a 50 MB answer"
        );
    }
}

#[tokio::test]
async fn an_oversized_answer_is_cut_off_and_files_once() {
    oversized(Lookup::Token).await;
}

#[tokio::test]
async fn an_oversized_answer_is_cut_off_and_files_once_on_a_plain_server() {
    oversized(Lookup::Search).await;
}

async fn down_then_up(lookup: Lookup) {
    let sandbox = start_sandbox().await;
    let proxy = FaultProxy::start(sandbox.addr, vec![], lookup == Lookup::Search).await;
    let files = BffFiles::new();
    let bff = start_bff(&files, &proxy.url, lookup).await;
    proxy.go_down_for(Duration::from_millis(1500));
    tokio::time::sleep(Duration::from_millis(50)).await;
    let description = format!("down then up {lookup:?}: 楼下烧烤店每晚音响很吵");
    let outcome = file_like_the_outbox(&bff.url, "key-down", &noise_complaint(&description)).await;
    let cases = sandbox.cases_with(&description).await;
    report("upstream down, then up", lookup, cases, &outcome);
    assert_eq!(cases, 1);
    assert!(matches!(outcome.answer, Final::Filed(_)));
}

#[tokio::test]
async fn the_upstream_down_then_up_files_once() {
    down_then_up(Lookup::Token).await;
}

#[tokio::test]
async fn the_upstream_down_then_up_files_once_on_a_plain_server() {
    down_then_up(Lookup::Search).await;
}

/// `kill -9` of the BFF while its POST is with the upstream, then a restart on the same
/// data folder; the device keeps retrying throughout.
async fn killed_mid_post(name: &str, lookup: Lookup, fault: Fault) {
    let sandbox = start_sandbox().await;
    let proxy = FaultProxy::start(sandbox.addr, vec![fault], lookup == Lookup::Search).await;
    let files = BffFiles::new();
    let mut bff = start_bff(&files, &proxy.url, lookup).await;
    let description = format!("{name} {lookup:?}: 楼下烧烤店每晚音响很吵");
    let url = bff.url.clone();
    let body = noise_complaint(&description);
    let device = tokio::spawn(async move { file_like_the_outbox(&url, "key-killed", &body).await });
    proxy.held().await;
    bff.kill_9();
    let _ = bff.child.wait().await;
    let _restarted = start_bff(&files, &proxy.url, lookup).await;
    let outcome = device.await.unwrap();
    let cases = sandbox.cases_with(&description).await;
    report(name, lookup, cases, &outcome);
    assert_eq!(cases, 1, "{name}/{lookup:?}");
    assert!(matches!(outcome.answer, Final::Filed(_)));
}

#[tokio::test]
async fn a_bff_killed_after_the_upstream_acted_files_once_after_restart() {
    killed_mid_post(
        "BFF kill -9 after upstream acted",
        Lookup::Token,
        Fault::HoldAfter,
    )
    .await;
}

#[tokio::test]
async fn a_bff_killed_after_the_upstream_acted_files_once_after_restart_on_a_plain_server() {
    killed_mid_post(
        "BFF kill -9 after upstream acted",
        Lookup::Search,
        Fault::HoldAfter,
    )
    .await;
}

#[tokio::test]
async fn a_bff_killed_before_the_upstream_acted_files_once_after_restart() {
    killed_mid_post(
        "BFF kill -9 before upstream acted",
        Lookup::Token,
        Fault::HoldBefore,
    )
    .await;
}

#[tokio::test]
async fn a_bff_killed_before_the_upstream_acted_files_once_after_restart_on_a_plain_server() {
    killed_mid_post(
        "BFF kill -9 before upstream acted",
        Lookup::Search,
        Fault::HoldBefore,
    )
    .await;
}

/// Twenty devices' worth of retries with one key at once, the first POST reset after the
/// upstream acted: one case, and every try ends with its receipt.
async fn twenty_at_once(lookup: Lookup) {
    let sandbox = start_sandbox().await;
    let proxy = FaultProxy::start(
        sandbox.addr,
        vec![Fault::ResetAfter],
        lookup == Lookup::Search,
    )
    .await;
    let files = BffFiles::new();
    let bff = start_bff(&files, &proxy.url, lookup).await;
    let description = format!("twenty {lookup:?}: 楼下烧烤店每晚音响很吵");
    let started = Instant::now();
    let tries = (0..20).map(|_| {
        let (url, body) = (bff.url.clone(), noise_complaint(&description));
        tokio::spawn(async move { file_like_the_outbox(&url, "key-twenty", &body).await })
    });
    let mut outcomes = Vec::new();
    for attempt in tries {
        outcomes.push(attempt.await.unwrap());
    }
    let cases = sandbox.cases_with(&description).await;
    let worst = Outcome {
        answer: Final::Filed(String::new()),
        tries: outcomes.iter().map(|o| o.tries).max().unwrap(),
        elapsed: started.elapsed(),
    };
    report(
        "20 concurrent retries, one key (reset after)",
        lookup,
        cases,
        &worst,
    );
    assert_eq!(cases, 1);
    let first = &outcomes[0].answer;
    assert!(matches!(first, Final::Filed(_)));
    assert!(
        outcomes.iter().all(|o| &o.answer == first),
        "every try has the one receipt"
    );
}

#[tokio::test]
async fn twenty_concurrent_retries_with_one_key_file_once() {
    twenty_at_once(Lookup::Token).await;
}

#[tokio::test]
async fn twenty_concurrent_retries_with_one_key_file_once_on_a_plain_server() {
    twenty_at_once(Lookup::Search).await;
}

/// The same key with another body, while the first attempt's outcome is unknown: refused,
/// and the first still files once.
async fn same_key_new_body(lookup: Lookup) {
    let sandbox = start_sandbox().await;
    let proxy = FaultProxy::start(
        sandbox.addr,
        vec![Fault::ServerErrorAfter],
        lookup == Lookup::Search,
    )
    .await;
    let files = BffFiles::new();
    let bff = start_bff(&files, &proxy.url, lookup).await;
    let description = format!("new body {lookup:?}: 楼下烧烤店每晚音响很吵");
    let first = reqwest::Client::new()
        .post(format!("{}api/requests", bff.url))
        .header("Idempotency-Key", "key-body")
        .json(&noise_complaint(&description))
        .send()
        .await
        .unwrap();
    assert!(
        !first.status().is_success(),
        "the first answer was lost to the 500"
    );
    let other = file_like_the_outbox(
        &bff.url,
        "key-body",
        &noise_complaint("另一件完全不同的事情"),
    )
    .await;
    assert_eq!(
        other.answer,
        Final::Refused("idempotency_key_reused".into())
    );
    let outcome = file_like_the_outbox(&bff.url, "key-body", &noise_complaint(&description)).await;
    let cases = sandbox.cases_with(&description).await;
    report("same key, new body (after a 500)", lookup, cases, &outcome);
    assert_eq!(cases, 1);
    assert_eq!(sandbox.cases_with("另一件完全不同的事情").await, 0);
    assert!(matches!(outcome.answer, Final::Filed(_)));
}

#[tokio::test]
async fn the_same_key_with_a_new_body_is_refused_and_files_once() {
    same_key_new_body(Lookup::Token).await;
}

#[tokio::test]
async fn the_same_key_with_a_new_body_is_refused_and_files_once_on_a_plain_server() {
    same_key_new_body(Lookup::Search).await;
}

/// An upstream with no way to look a case up: after a 500 the resident is told the city may
/// have it and to check by phone, however often the device tries; nothing is filed twice.
#[tokio::test]
async fn without_lookup_an_unknown_outcome_sends_the_resident_to_the_hotline() {
    let sandbox = start_sandbox().await;
    let proxy = FaultProxy::start(sandbox.addr, vec![Fault::ServerErrorAfter], true).await;
    let files = BffFiles::new();
    let bff = start_bff(&files, &proxy.url, Lookup::None).await;
    let description = "no lookup: 楼下烧烤店每晚音响很吵";
    let body = noise_complaint(description);
    let outcome = file_like_the_outbox(&bff.url, "key-none", &body).await;
    let cases = sandbox.cases_with(description).await;
    report(
        "500 after acting, upstream without lookup",
        Lookup::None,
        cases,
        &outcome,
    );
    assert_eq!(
        outcome.answer,
        Final::Refused("submission_unverifiable".into())
    );
    let again = file_like_the_outbox(&bff.url, "key-none", &body).await;
    assert_eq!(
        again.answer,
        Final::Refused("submission_unverifiable".into())
    );
    assert_eq!(sandbox.cases_with(description).await, 1);
    assert_eq!(proxy.filing_posts(), 1, "never sent again");
}
