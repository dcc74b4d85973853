//! A fault-injecting HTTP proxy of our own, on real sockets, between a real BFF and the real
//! sandbox. Every request passes through untouched except the filing POSTs
//! (`POST …/requests.json`): the n-th of them meets the n-th fault of the plan (then they
//! pass). Nothing of the BFF is mocked: the proxy only does what a broken network or a
//! broken city system does.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// What one filing POST meets.
#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// Forwarded, and the answer held for this long before it is passed on (the BFF has
    /// given up by then: the upstream acted, the BFF cannot know).
    SlowAnswer(Duration),
    /// The connection is reset before anything reaches the upstream.
    ResetBefore,
    /// Forwarded (the case is made), then the connection is reset instead of the answer.
    ResetAfter,
    /// A 500 without asking the upstream.
    ServerErrorBefore,
    /// Forwarded (the case is made), then a 500 instead of its answer.
    ServerErrorAfter,
    /// Forwarded, then a 200 whose body is not Open311.
    GarbageAfter,
    /// Forwarded, then a 200 with a 50 MB body of garbage.
    OversizedAfter,
    /// Held before forwarding, never answered (the BFF is killed meanwhile); `held` fires.
    HoldBefore,
    /// Forwarded, then never answered (the BFF is killed meanwhile); `held` fires.
    HoldAfter,
}

/// A 50 MB answer: far past any sane cap.
pub const OVERSIZED_BYTES: usize = 50 * 1024 * 1024;

pub struct FaultProxy {
    pub url: String,
    shared: Arc<Shared>,
}

struct Shared {
    upstream: SocketAddr,
    plan: Mutex<VecDeque<Fault>>,
    /// A plain GeoReport v2 server knows no `Idempotency-Key`: strip it to play one.
    strip_idempotency_key: bool,
    /// While set, nothing listens: connections are refused.
    down: AtomicBool,
    filing_posts: AtomicUsize,
    /// Every request's first line (`GET /requests/… HTTP/1.1`), in arrival order.
    request_lines: Mutex<Vec<String>>,
    /// A held POST has arrived (and, for `HoldAfter`, reached the upstream).
    held: Notify,
}

impl FaultProxy {
    pub async fn start(
        upstream: SocketAddr,
        plan: Vec<Fault>,
        strip_idempotency_key: bool,
    ) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared {
            upstream,
            plan: Mutex::new(plan.into()),
            strip_idempotency_key,
            down: AtomicBool::new(false),
            filing_posts: AtomicUsize::new(0),
            request_lines: Mutex::new(Vec::new()),
            held: Notify::new(),
        });
        tokio::spawn(accept_loop(listener, addr, shared.clone()));
        FaultProxy {
            url: format!("http://{addr}/"),
            shared,
        }
    }

    /// The filing POSTs that reached the proxy so far.
    pub fn filing_posts(&self) -> usize {
        self.shared.filing_posts.load(Ordering::SeqCst)
    }

    /// The GETs that reached the proxy so far whose path starts with `path`.
    pub fn gets_of(&self, path: &str) -> usize {
        let prefix = format!("GET {path}");
        self.shared
            .request_lines
            .lock()
            .unwrap()
            .iter()
            .filter(|line| line.starts_with(&prefix))
            .count()
    }

    /// Waits until a held POST has arrived.
    pub async fn held(&self) {
        self.shared.held.notified().await;
    }

    /// The upstream is down (connections refused) for `down_for`, then back on the same port.
    pub fn go_down_for(&self, down_for: Duration) {
        self.shared.down.store(true, Ordering::SeqCst);
        let shared = self.shared.clone();
        tokio::spawn(async move {
            tokio::time::sleep(down_for).await;
            shared.down.store(false, Ordering::SeqCst);
        });
    }
}

async fn accept_loop(mut listener: TcpListener, addr: SocketAddr, shared: Arc<Shared>) {
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((client, _)) = accepted else { return };
                tokio::spawn(serve(client, shared.clone()));
            }
            _ = tokio::time::sleep(Duration::from_millis(10)) => {
                if shared.down.load(Ordering::SeqCst) {
                    // Down: nothing listens, connections are refused; back on the same port.
                    drop(listener);
                    while shared.down.load(Ordering::SeqCst) {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                    listener = TcpListener::bind(addr).await.unwrap();
                }
            }
        }
    }
}

fn reset(stream: TcpStream) {
    let _ = stream.set_zero_linger();
    drop(stream);
}

/// One request per connection: the head and its `Content-Length` body.
async fn read_request(client: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = find(&buffer, b"\r\n\r\n") {
            break at + 4;
        }
        let n = client.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let length = header(&head, "content-length")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end..].to_vec();
    while body.len() < length {
        let n = client.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some((head, body))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

/// The head with `Connection: close` (one request per upstream connection) and, when asked,
/// without `Idempotency-Key`.
fn rewrite_head(head: &str, strip_idempotency_key: bool) -> String {
    let mut lines: Vec<&str> = head
        .trim_end_matches("\r\n")
        .split("\r\n")
        .filter(|line| {
            let name = line.split(':').next().unwrap_or("").trim();
            let stripped = name.eq_ignore_ascii_case("connection")
                || (strip_idempotency_key && name.eq_ignore_ascii_case("idempotency-key"));
            !stripped
        })
        .collect();
    lines.push("connection: close");
    format!("{}\r\n\r\n", lines.join("\r\n"))
}

async fn forward(shared: &Shared, head: &str, body: &[u8]) -> Option<Vec<u8>> {
    let mut upstream = TcpStream::connect(shared.upstream).await.ok()?;
    upstream
        .write_all(rewrite_head(head, shared.strip_idempotency_key).as_bytes())
        .await
        .ok()?;
    upstream.write_all(body).await.ok()?;
    let mut answer = Vec::new();
    upstream.read_to_end(&mut answer).await.ok()?;
    Some(answer)
}

async fn serve(mut client: TcpStream, shared: Arc<Shared>) {
    let Some((head, body)) = read_request(&mut client).await else {
        return;
    };
    let request_line = head.lines().next().unwrap_or("");
    shared
        .request_lines
        .lock()
        .unwrap()
        .push(request_line.to_owned());
    let filing = request_line.starts_with("POST ")
        && request_line.split_whitespace().nth(1).is_some_and(|path| {
            path.split('?')
                .next()
                .unwrap_or("")
                .ends_with("/requests.json")
        });
    let fault = if filing {
        shared.filing_posts.fetch_add(1, Ordering::SeqCst);
        shared.plan.lock().unwrap().pop_front()
    } else {
        None
    };
    match fault {
        None => {
            if let Some(answer) = forward(&shared, &head, &body).await {
                let _ = client.write_all(&answer).await;
                let _ = client.shutdown().await;
            } else {
                reset(client);
            }
        }
        Some(Fault::SlowAnswer(delay)) => {
            let answer = forward(&shared, &head, &body).await;
            tokio::time::sleep(delay).await;
            if let Some(answer) = answer {
                let _ = client.write_all(&answer).await;
            }
        }
        Some(Fault::ResetBefore) => reset(client),
        Some(Fault::ResetAfter) => {
            let _ = forward(&shared, &head, &body).await;
            reset(client);
        }
        Some(Fault::ServerErrorBefore) => answer_500(client).await,
        Some(Fault::ServerErrorAfter) => {
            let _ = forward(&shared, &head, &body).await;
            answer_500(client).await;
        }
        Some(Fault::GarbageAfter) => {
            let _ = forward(&shared, &head, &body).await;
            let page = "<html><body>Service temporarily unavailable</body></html>";
            let _ = client
                .write_all(
                    format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                        page.len()
                    )
                    .as_bytes(),
                )
                .await;
            let _ = client.shutdown().await;
        }
        Some(Fault::OversizedAfter) => {
            let _ = forward(&shared, &head, &body).await;
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {OVERSIZED_BYTES}\r\nconnection: close\r\n\r\n"
            );
            if client.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = vec![b'x'; 64 * 1024];
            let mut sent = 0;
            // Stops when the BFF hangs up (it should, long before the end).
            while sent < OVERSIZED_BYTES {
                if client.write_all(&chunk).await.is_err() {
                    return;
                }
                sent += chunk.len();
            }
        }
        Some(Fault::HoldBefore) => {
            shared.held.notify_one();
            // Until the BFF is killed and the connection goes with it.
            let mut rest = [0u8; 1];
            let _ = client.read(&mut rest).await;
        }
        Some(Fault::HoldAfter) => {
            let _ = forward(&shared, &head, &body).await;
            shared.held.notify_one();
            let mut rest = [0u8; 1];
            let _ = client.read(&mut rest).await;
        }
    }
}

async fn answer_500(mut client: TcpStream) {
    let body = "Internal Server Error";
    let _ = client
        .write_all(
            format!(
                "HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        )
        .await;
    let _ = client.shutdown().await;
}
