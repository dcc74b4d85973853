//! Processes the benchmark starts, and the little it needs to talk to them: every server is
//! held by a [`Guard`] that stops it (SIGTERM, then SIGKILL) when dropped, whatever happened;
//! every tool runs under a time limit; HTTP goes to 127.0.0.1 only.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// A server process of the benchmark, stopped by PID when dropped.
pub struct Guard {
    name: String,
    child: Child,
    log: PathBuf,
    /// The first signal sent when stopping (`-TERM`, or `-INT` for perf, which then saves).
    signal: &'static str,
}

impl Guard {
    /// Starts the command with its output going to `log`.
    pub fn spawn(name: &str, command: &mut Command, log: &Path) -> anyhow::Result<Guard> {
        Guard::spawn_with_signal(name, command, log, "-TERM")
    }

    pub fn spawn_with_signal(
        name: &str,
        command: &mut Command,
        log: &Path,
        signal: &'static str,
    ) -> anyhow::Result<Guard> {
        let out =
            std::fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
        let child = command
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .with_context(|| format!("starting {name}"))?;
        eprintln!("xtask bench: started {name} (pid {})", child.id());
        Ok(Guard {
            name: name.to_owned(),
            child,
            log: log.to_path_buf(),
            signal,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Fails, with the end of its log, when the process has exited.
    pub fn check_alive(&mut self) -> anyhow::Result<()> {
        if let Some(status) = self.child.try_wait()? {
            bail!(
                "{} exited ({status}); the end of {}:\n{}",
                self.name,
                self.log.display(),
                log_tail(&self.log)
            );
        }
        Ok(())
    }

    /// Waits until `GET path` answers 200, failing when the process dies or time runs out.
    pub fn wait_ready(
        &mut self,
        addr: SocketAddr,
        path: &str,
        limit: Duration,
    ) -> anyhow::Result<()> {
        let deadline = Instant::now() + limit;
        loop {
            self.check_alive()?;
            if let Ok(response) = http(addr, "GET", path, &[], None)
                && response.status == 200
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!(
                    "{} did not answer GET {path} on {addr} within {limit:?}",
                    self.name
                );
            }
            thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        let _ = Command::new("kill")
            .args([self.signal, &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                eprintln!(
                    "xtask bench: stopped {} (pid {})",
                    self.name,
                    self.child.id()
                );
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        eprintln!(
            "xtask bench: killed {} (pid {})",
            self.name,
            self.child.id()
        );
    }
}

fn log_tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// A free loopback port (bound, then released for the server to take).
pub fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// What a tool printed, and whether it succeeded.
pub struct Output {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Runs a command to its end, killing it (by its PID) when it outlives `limit`.
pub fn run_bounded(command: &mut Command, limit: Duration) -> anyhow::Result<Output> {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting {program}"))?;
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out = thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let err = thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            bail!("{program} ran longer than {limit:?} and was stopped");
        }
        thread::sleep(Duration::from_millis(50));
    };
    Ok(Output {
        success: status.success(),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    })
}

/// A command pinned to one CPU with `taskset` (when there is a CPU to pin to).
pub fn pinned(cpu: Option<usize>, program: impl AsRef<OsStr>) -> Command {
    match cpu {
        Some(cpu) => {
            let mut command = Command::new("taskset");
            command.arg("-c").arg(cpu.to_string()).arg(program);
            command
        }
        None => Command::new(program),
    }
}

pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

/// One HTTP/1.1 request on a fresh connection to a loopback address.
pub fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> anyhow::Result<Response> {
    anyhow::ensure!(
        addr.ip().is_loopback(),
        "the benchmark talks to 127.0.0.1 only"
    );
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = body.unwrap_or_default();
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> anyhow::Result<Response> {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .context("no end of the response head")?;
    let head = String::from_utf8_lossy(&raw[..end]);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("no status code")?;
    let chunked = head.lines().any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    let rest = &raw[end + 4..];
    let body = if chunked {
        dechunk(rest)?
    } else {
        rest.to_vec()
    };
    Ok(Response { status, body })
}

fn dechunk(mut rest: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .context("bad chunk")?;
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        anyhow::ensure!(rest.len() >= size, "truncated chunk");
        body.extend_from_slice(&rest[..size]);
        rest = rest.get(size + 2..).unwrap_or_default();
    }
}

/// A field of `/proc/<pid>/status` in kB (VmRSS, VmHWM).
pub fn proc_status_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status_field_kb(&status, field)
}

fn status_field_kb(status: &str, field: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

/// CPU time (user + system, all threads) of a process and its children (nginx's workers), in
/// clock ticks, from `/proc/<pid>/stat`.
pub fn cpu_ticks_with_children(pid: u32) -> Option<u64> {
    let mut total = cpu_ticks(pid)?;
    let children =
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
    for child in children
        .split_whitespace()
        .filter_map(|c| c.parse::<u32>().ok())
    {
        total += cpu_ticks(child).unwrap_or(0);
    }
    Some(total)
}

fn cpu_ticks(pid: u32) -> Option<u64> {
    stat_ticks(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)
}

fn stat_ticks(stat: &str) -> Option<u64> {
    // The command name is in parentheses and may hold spaces: count the fields after it.
    let after = stat.get(stat.rfind(')')? + 2..)?;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// Clock ticks per second (`getconf CLK_TCK`; 100 on Linux).
pub fn ticks_per_second() -> f64 {
    crate::process::first_line("getconf", &["CLK_TCK"])
        .and_then(|t| t.parse().ok())
        .unwrap_or(100.0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_cpu_ticks_from_proc_stat() {
        let stat =
            "4242 (huiyin bff) S 1 4242 4242 0 -1 4194560 900 0 0 0 1234 56 0 0 20 0 3 0 100 0 0";
        assert_eq!(stat_ticks(stat), Some(1290));
    }

    use super::*;

    #[test]
    fn reads_a_chunked_response() {
        let raw = b"HTTP/1.1 201 Created\r\ncontent-type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        let response = parse_response(raw).unwrap();
        assert_eq!(response.status, 201);
        assert_eq!(response.body, b"hello world");
        let plain = parse_response(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok").unwrap();
        assert_eq!((plain.status, plain.body.as_slice()), (200, &b"ok"[..]));
    }

    #[test]
    fn reads_proc_status_fields() {
        let status = "Name:\thuiyin-bff\nVmHWM:\t   21504 kB\nVmRSS:\t   18000 kB\n";
        assert_eq!(status_field_kb(status, "VmHWM"), Some(21504));
        assert_eq!(status_field_kb(status, "VmRSS"), Some(18000));
        assert_eq!(status_field_kb(status, "VmSwap"), None);
    }
}
