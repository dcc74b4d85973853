//! A throw-away PostgreSQL for the tests (`cargo xtask test`, `cargo xtask postgres`):
//! Debian's `postgresql` (installed when missing), a new cluster in a temporary folder,
//! owned by and run as an unprivileged user (`nobody` when xtask runs as root: PostgreSQL
//! refuses root), listening on a free loopback port only, with durability off (a test
//! cluster needs no fsync). Stopped and deleted when the guard drops, and, should xtask
//! die without dropping it (SIGKILL, a panic elsewhere), killed by the kernel with it
//! (the parent-death signal).

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::process;

/// What the BFF's tests read (bff/src/postgres/testing.rs).
pub const URL_VAR: &str = "HUIYIN_TEST_DATABASE_URL";
/// Set by `cargo xtask test`: the PostgreSQL half of the store tests must run.
pub const REQUIRE_VAR: &str = "HUIYIN_REQUIRE_POSTGRES";

pub struct TestPostgres {
    child: Child,
    dir: PathBuf,
    pub url: String,
}

/// Debian's PostgreSQL binaries, the newest installed major version.
fn binaries() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("postgres").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn ensure_installed() -> anyhow::Result<PathBuf> {
    if let Some(bin) = binaries() {
        return Ok(bin);
    }
    crate::tools::apt_install("PostgreSQL", &["postgresql"])?;
    binaries().context("apt-get installed postgresql, but no /usr/lib/postgresql/*/bin/postgres")
}

/// Folders of earlier clusters whose xtask was killed before it could delete them (the
/// kernel stopped their PostgreSQL with it): named after that xtask's pid, now gone.
fn remove_orphans() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix("huiyin-pg-")) else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Who runs the cluster: this user, or `nobody` for root.
fn unprivileged() -> anyhow::Result<Option<(u32, u32)>> {
    if process::first_line("id", &["-u"]).as_deref() != Some("0") {
        return Ok(None);
    }
    let id = |flag: &str| -> anyhow::Result<u32> {
        process::first_line("id", &[flag, "nobody"])
            .context("the user `nobody` is missing")?
            .parse()
            .context("reading nobody's ids")
    };
    Ok(Some((id("-u")?, id("-g")?)))
}

fn as_user(command: &mut Command, user: Option<(u32, u32)>) -> &mut Command {
    if let Some((uid, gid)) = user {
        command.uid(uid).gid(gid);
    }
    command
}

impl TestPostgres {
    pub fn start() -> anyhow::Result<TestPostgres> {
        let bin = ensure_installed()?;
        let user = unprivileged()?;
        remove_orphans();
        let dir = std::env::temp_dir().join(format!("huiyin-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        if let Some((uid, gid)) = user {
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid))
                .with_context(|| format!("giving {} to nobody", dir.display()))?;
        }
        let data = dir.join("data");
        let mut initdb = Command::new(bin.join("initdb"));
        let initdb = as_user(&mut initdb, user)
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                "huiyin",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .output()
            .context("starting initdb")?;
        if !initdb.status.success() {
            let _ = std::fs::remove_dir_all(&dir);
            bail!(
                "initdb failed: {}",
                String::from_utf8_lossy(&initdb.stderr).trim()
            );
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let log = std::fs::File::create(dir.join("postgres.log"))?;
        let mut command = Command::new(bin.join("postgres"));
        as_user(&mut command, user)
            .arg("-D")
            .arg(&data)
            .arg("-k")
            .arg(&dir)
            .args(["-h", "127.0.0.1", "-p", &port.to_string()])
            // Several BFF processes with a pool each, and tests in parallel.
            .args(["-c", "max_connections=300", "-c", "fsync=off"])
            .args(["-c", "synchronous_commit=off", "-c", "full_page_writes=off"])
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        // SAFETY: prctl is async-signal-safe; nothing else runs between fork and exec.
        unsafe {
            command.pre_exec(|| {
                // Immediate shutdown when xtask dies, whatever killed it.
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGQUIT) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().context("starting postgres")?;
        let postgres = TestPostgres {
            child,
            dir,
            url: format!("postgres://huiyin@127.0.0.1:{port}/postgres"),
        };
        postgres.wait_ready(&bin, port)?;
        Ok(postgres)
    }

    fn wait_ready(&self, bin: &Path, port: u16) -> anyhow::Result<()> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            let ready = Command::new(bin.join("pg_isready"))
                .args(["-q", "-h", "127.0.0.1", "-p", &port.to_string()])
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let log = std::fs::read_to_string(self.dir.join("postgres.log")).unwrap_or_default();
        bail!("PostgreSQL did not start within 30 s:\n{log}")
    }

    /// The postmaster: every backend it starts inherits its CPU affinity.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits until PostgreSQL ends (Ctrl-C reaches it with the terminal's process group).
    pub fn wait(mut self) -> anyhow::Result<()> {
        self.child.wait()?;
        Ok(())
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        // SIGQUIT: immediate shutdown (nothing to keep), then SIGKILL if it lingers.
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-QUIT", &pid]).status();
        let until = Instant::now() + Duration::from_secs(5);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `cargo xtask postgres`: one for `cargo test -p huiyin-bff` by hand, until Ctrl-C.
pub fn serve() -> anyhow::Result<()> {
    let postgres = TestPostgres::start()?;
    println!("PostgreSQL for the tests is up; in another shell:");
    println!("  export {URL_VAR}={}", postgres.url);
    println!("  cargo test -p huiyin-bff <filter>");
    println!("Ctrl-C stops it and deletes its folder.");
    postgres.wait()
}
