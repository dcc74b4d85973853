//! Live updates: the BFF holding many open Server-Sent Event streams (by default 1,000 on 100
//! cases, ten browsers per case), its memory and CPU while it does, and how often it asks
//! the upstream about those cases (one poll per case per interval, however many watch).
//!
//! The streams are plain sockets held by this process, read without blocking; the upstream
//! calls are read from the BFF's own `/metrics` (`huiyin_upstream_calls_total`).

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use super::procs;
use super::stats::median;

pub struct Options {
    /// Streams opened, spread evenly over the cases.
    pub streams: usize,
    /// Seconds measured once every stream has had its first event.
    pub window_secs: u64,
    /// The BFF's `--case-poll-secs`.
    pub poll_interval_secs: u64,
}

/// A case and its query code.
pub struct Case {
    pub id: String,
    pub code: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Live {
    pub cases: usize,
    pub streams: usize,
    /// Streams that received their first `case` event (the others failed or timed out).
    pub streams_live: usize,
    /// Streams that ended or failed during the measured window.
    pub streams_lost: usize,
    /// From the first connection to every stream's first event.
    pub open_secs: f64,
    pub poll_interval_secs: u64,
    pub window_secs: f64,
    /// The BFF's `huiyin_sse_streams_open` gauge during the window.
    pub gauge_streams_open: Option<f64>,
    /// VmRSS of the BFF just before the streams opened.
    pub rss_kb_before: u64,
    /// Median and largest of the once-a-second VmRSS samples during the window.
    pub rss_kb_with_streams: u64,
    pub rss_kb_with_streams_max: u64,
    /// VmRSS a poll interval after the streams closed.
    pub rss_kb_after_close: u64,
    /// CPU time of the BFF (all threads) over the window, as a share of one CPU.
    pub bff_cpu_percent: f64,
    /// The same for the sandbox, which answers the polls.
    pub sandbox_cpu_percent: f64,
    /// `huiyin_upstream_calls_total{operation="case"}` during the window.
    pub upstream_case_calls: f64,
    /// Those calls per poll interval (the design: one per watched case).
    pub upstream_calls_per_interval: f64,
    /// Every upstream call of any kind during the window.
    pub upstream_calls_all: f64,
    /// SSE `case` events received during the window (a case changes rarely) and bytes read
    /// (events and keep-alive comments).
    pub events_in_window: u64,
    pub bytes_in_window: u64,
}

struct Stream {
    socket: TcpStream,
    head_done: bool,
    buffer: Vec<u8>,
    events: u64,
    bytes: u64,
    failed: bool,
}

impl Stream {
    /// A stream whose request was sent on `socket`, nothing read yet.
    fn new(socket: TcpStream) -> Stream {
        Stream {
            socket,
            head_done: false,
            buffer: Vec::new(),
            events: 0,
            bytes: 0,
            failed: false,
        }
    }

    /// Reads what is there without waiting; counts `event: case` lines.
    fn pump(&mut self) {
        if self.failed {
            return;
        }
        let mut chunk = [0u8; 8192];
        loop {
            match self.socket.read(&mut chunk) {
                Ok(0) => {
                    self.failed = true;
                    return;
                }
                Ok(n) => {
                    self.bytes += n as u64;
                    self.buffer.extend_from_slice(&chunk[..n]);
                    self.scan();
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => {
                    self.failed = true;
                    return;
                }
            }
        }
    }

    fn scan(&mut self) {
        if !self.head_done {
            let Some(end) = self.buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
                return;
            };
            let head = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
            if head.split_whitespace().nth(1) != Some("200") {
                self.failed = true;
                return;
            }
            self.head_done = true;
            self.buffer.drain(..end + 4);
        }
        // Count whole lines only; keep a partial last line for the next read.
        let last_newline = self.buffer.iter().rposition(|&b| b == b'\n');
        if let Some(last) = last_newline {
            let text = String::from_utf8_lossy(&self.buffer[..=last]);
            self.events += text
                .lines()
                .filter(|l| l.trim_end() == "event: case")
                .count() as u64;
            self.buffer.drain(..=last);
        }
    }
}

pub fn measure(
    bff: SocketAddr,
    bff_pid: u32,
    sandbox_pid: u32,
    cases: &[Case],
    options: &Options,
) -> anyhow::Result<Live> {
    anyhow::ensure!(!cases.is_empty(), "no cases to watch");
    anyhow::ensure!(
        bff.ip().is_loopback(),
        "the benchmark talks to 127.0.0.1 only"
    );
    check_open_files_limit("this process", "self", options.streams)?;
    check_open_files_limit("the BFF", &bff_pid.to_string(), options.streams)?;
    let interval = Duration::from_secs(options.poll_interval_secs.max(1));
    // Streams from an earlier part of the run have ended and their polls stopped.
    wait_until_polls_stop(bff, interval)?;
    let rss_kb_before = procs::proc_status_kb(bff_pid, "VmRSS").unwrap_or(0);

    let started = Instant::now();
    let mut streams = Vec::with_capacity(options.streams);
    for i in 0..options.streams {
        let case = &cases[i % cases.len()];
        let socket = TcpStream::connect_timeout(&bff, Duration::from_secs(5))
            .with_context(|| format!("opening stream {i}"))?;
        let request = format!(
            "GET {}?code={}&locale=zh-CN HTTP/1.1\r\nHost: {bff}\r\nAccept: text/event-stream\r\n\r\n",
            api::paths::CASE_EVENTS.replace("{id}", &case.id),
            super::load::encode(&case.code)
        );
        (&socket).write_all(request.as_bytes())?;
        socket.set_nonblocking(true)?;
        streams.push(Stream::new(socket));
        // Drain now and then, so that no socket buffer fills while the rest open.
        if i % 50 == 49 {
            streams.iter_mut().for_each(Stream::pump);
        }
    }
    // Every stream's first event comes after its case's first poll.
    let deadline = Instant::now() + interval * 3 + Duration::from_secs(10);
    loop {
        streams.iter_mut().for_each(Stream::pump);
        let waiting = streams
            .iter()
            .filter(|s| !s.failed && s.events == 0)
            .count();
        if waiting == 0 || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let open_secs = started.elapsed().as_secs_f64();
    let streams_live = streams.iter().filter(|s| !s.failed && s.events > 0).count();
    if streams_live == 0 {
        bail!("no stream received an event; is the BFF answering /api/cases/{{id}}/events?");
    }

    let ticks = procs::ticks_per_second();
    let (events_before, bytes_before): (u64, u64) = (
        streams.iter().map(|s| s.events).sum(),
        streams.iter().map(|s| s.bytes).sum(),
    );
    let calls_before = upstream_calls(bff)?;
    let bff_ticks_before = procs::cpu_ticks_with_children(bff_pid).unwrap_or(0);
    let sandbox_ticks_before = procs::cpu_ticks_with_children(sandbox_pid).unwrap_or(0);
    let window_started = Instant::now();
    let window = Duration::from_secs(options.window_secs.max(1));
    let mut rss_samples = Vec::new();
    let mut next_sample = Instant::now();
    while window_started.elapsed() < window {
        streams.iter_mut().for_each(Stream::pump);
        if Instant::now() >= next_sample {
            if let Some(rss) = procs::proc_status_kb(bff_pid, "VmRSS") {
                rss_samples.push(rss as f64);
            }
            next_sample += Duration::from_secs(1);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let window_secs = window_started.elapsed().as_secs_f64();
    let bff_ticks = procs::cpu_ticks_with_children(bff_pid)
        .unwrap_or(0)
        .saturating_sub(bff_ticks_before);
    let sandbox_ticks = procs::cpu_ticks_with_children(sandbox_pid)
        .unwrap_or(0)
        .saturating_sub(sandbox_ticks_before);
    let calls_after = upstream_calls(bff)?;
    let gauge_streams_open = metric_sum(&metrics(bff)?, "huiyin_sse_streams_open", None);
    streams.iter_mut().for_each(Stream::pump);
    let streams_lost = streams.iter().filter(|s| s.failed && s.events > 0).count();
    let events_in_window = streams.iter().map(|s| s.events).sum::<u64>() - events_before;
    let bytes_in_window = streams.iter().map(|s| s.bytes).sum::<u64>() - bytes_before;
    drop(streams);

    // The polls stop at their next tick once no stream watches.
    wait_until_polls_stop(bff, interval)?;
    let rss_kb_after_close = procs::proc_status_kb(bff_pid, "VmRSS").unwrap_or(0);
    let case_calls = calls_after.case - calls_before.case;
    Ok(Live {
        cases: cases.len().min(options.streams),
        streams: options.streams,
        streams_live,
        streams_lost,
        open_secs,
        poll_interval_secs: options.poll_interval_secs,
        window_secs,
        gauge_streams_open,
        rss_kb_before,
        rss_kb_with_streams: median(&rss_samples) as u64,
        rss_kb_with_streams_max: rss_samples.iter().cloned().fold(0.0, f64::max) as u64,
        rss_kb_after_close,
        bff_cpu_percent: 100.0 * bff_ticks as f64 / ticks / window_secs,
        sandbox_cpu_percent: 100.0 * sandbox_ticks as f64 / ticks / window_secs,
        upstream_case_calls: case_calls,
        upstream_calls_per_interval: case_calls * interval.as_secs_f64() / window_secs,
        upstream_calls_all: calls_after.all - calls_before.all,
        events_in_window,
        bytes_in_window,
    })
}

/// Fails early, saying what to do, when a process may not hold the sockets.
fn check_open_files_limit(who: &str, pid: &str, streams: usize) -> anyhow::Result<()> {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap_or_default();
    let soft = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|v| v.parse::<usize>().ok());
    if let Some(soft) = soft
        && soft < streams + 100
    {
        bail!(
            "{who} may open {soft} files, fewer than {streams} streams need: raise it (`ulimit -n {}`) and run again",
            streams + 1000
        );
    }
    Ok(())
}

struct Calls {
    case: f64,
    all: f64,
}

/// Waits until no event stream is open and the upstream case polls have stopped: the BFF's
/// own count of case calls has not moved for one poll interval.
fn wait_until_polls_stop(bff: SocketAddr, interval: Duration) -> anyhow::Result<()> {
    let deadline = Instant::now() + interval * 4 + Duration::from_secs(10);
    let mut last = upstream_calls(bff)?.case;
    let mut quiet_since = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let open = metric_sum(&metrics(bff)?, "huiyin_sse_streams_open", None).unwrap_or(0.0);
        let calls = upstream_calls(bff)?.case;
        if open > 0.0 || calls != last {
            last = calls;
            quiet_since = Instant::now();
        } else if quiet_since.elapsed() > interval {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("the BFF still polls the upstream for cases no stream watches");
        }
    }
}

fn upstream_calls(bff: SocketAddr) -> anyhow::Result<Calls> {
    let text = metrics(bff)?;
    Ok(Calls {
        case: metric_sum(
            &text,
            "huiyin_upstream_calls_total",
            Some("operation=\"case\""),
        )
        .unwrap_or(0.0),
        all: metric_sum(&text, "huiyin_upstream_calls_total", None).unwrap_or(0.0),
    })
}

fn metrics(bff: SocketAddr) -> anyhow::Result<String> {
    let response = procs::http(bff, "GET", "/metrics", &[], None)?;
    anyhow::ensure!(
        response.status == 200,
        "GET /metrics answered {}",
        response.status
    );
    Ok(String::from_utf8_lossy(&response.body).into_owned())
}

/// The sum of a Prometheus metric's samples, optionally only those whose labels hold `label`.
pub fn metric_sum(text: &str, name: &str, label: Option<&str>) -> Option<f64> {
    let mut found = None;
    for line in text.lines() {
        let Some(rest) = line.strip_prefix(name) else {
            continue;
        };
        let (labels, value) = match rest.strip_prefix('{') {
            Some(rest) => match rest.split_once('}') {
                Some((labels, value)) => (labels, value),
                None => continue,
            },
            None if rest.starts_with(' ') => ("", rest),
            None => continue,
        };
        if label.is_some_and(|l| !labels.contains(l)) {
            continue;
        }
        if let Some(v) = value
            .split_whitespace()
            .next()
            .and_then(|v| v.parse::<f64>().ok())
        {
            *found.get_or_insert(0.0) += v;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_prometheus_samples() {
        let text = "# TYPE huiyin_upstream_calls_total counter\n\
huiyin_upstream_calls_total{operation=\"case\",outcome=\"ok\"} 120\n\
huiyin_upstream_calls_total{operation=\"case\",outcome=\"upstream_timeout\"} 3\n\
huiyin_upstream_calls_total{operation=\"services\",outcome=\"ok\"} 2\n\
huiyin_upstream_calls_total_other 9\n\
huiyin_sse_streams_open 1000\n";
        assert_eq!(
            metric_sum(
                text,
                "huiyin_upstream_calls_total",
                Some("operation=\"case\"")
            ),
            Some(123.0)
        );
        assert_eq!(
            metric_sum(text, "huiyin_upstream_calls_total", None),
            Some(125.0)
        );
        assert_eq!(
            metric_sum(text, "huiyin_sse_streams_open", None),
            Some(1000.0)
        );
        assert_eq!(metric_sum(text, "huiyin_nothing", None), None);
    }

    #[test]
    fn counts_case_events_across_reads() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let socket = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let mut stream = Stream::new(socket);
        stream
            .buffer
            .extend_from_slice(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\nevent: case\ndata: {}\n\n:\n\nevent: ca");
        stream.scan();
        assert!(stream.head_done);
        assert_eq!(stream.events, 1);
        stream.buffer.extend_from_slice(b"se\ndata: {}\n\n");
        stream.scan();
        assert_eq!(stream.events, 2);
    }
}
