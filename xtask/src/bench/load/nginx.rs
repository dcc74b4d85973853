//! nginx: Debian's reverse proxy, tuned with upstream keepalive, as the yardstick.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};

use super::super::procs::{self, Guard};
use super::Servers;

/// nginx from the template in bench/, in the foreground, pinned like the other servers.
pub fn start(servers: &Servers) -> anyhow::Result<(Guard, SocketAddr)> {
    let upstream = servers.sandbox.to_string();
    start_balancer(
        servers.root,
        servers.server_cpu,
        &upstream,
        "nginx",
        "/services.json?locale=zh-CN",
    )
}

/// The same nginx in front of `upstream`: one `host:port`, or several joined by
/// `"; server "` (round-robin; bench/instances.rs), ready when `GET ready_path` answers.
pub fn start_balancer(
    root: &Path,
    cpu: Option<usize>,
    upstream: &str,
    name: &str,
    ready_path: &str,
) -> anyhow::Result<(Guard, SocketAddr)> {
    let prefix = root.join("target/bench").join(name);
    let _ = std::fs::remove_dir_all(&prefix);
    std::fs::create_dir_all(&prefix)?;
    let port = procs::free_port()?;
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse()?;
    let template = std::fs::read_to_string(root.join("bench/nginx.conf.template"))
        .context("reading bench/nginx.conf.template")?;
    let config = render_nginx(
        &template,
        &prefix.display().to_string(),
        &addr.to_string(),
        upstream,
    );
    let config_path = prefix.join("nginx.conf");
    std::fs::write(&config_path, config)?;
    let check = procs::run_bounded(
        Command::new("/usr/sbin/nginx")
            .arg("-t")
            .arg("-p")
            .arg(&prefix)
            .arg("-e")
            .arg(prefix.join("error.log"))
            .arg("-c")
            .arg(&config_path),
        Duration::from_secs(30),
    )?;
    if !check.success {
        bail!(
            "nginx -t rejected the configuration: {}",
            check.stderr.trim()
        );
    }
    let mut command = procs::pinned(cpu, "/usr/sbin/nginx");
    command
        .arg("-p")
        .arg(&prefix)
        .arg("-e")
        .arg(prefix.join("error.log"))
        .arg("-c")
        .arg(&config_path);
    let mut guard = Guard::spawn("nginx", &mut command, &prefix.join("stdout.log"))?;
    guard.wait_ready(addr, ready_path, Duration::from_secs(20))?;
    Ok((guard, addr))
}

pub fn render_nginx(template: &str, prefix: &str, listen: &str, upstream: &str) -> String {
    template
        .replace("{{PREFIX}}", prefix)
        .replace("{{LISTEN}}", listen)
        .replace("{{UPSTREAM}}", upstream)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nginx_template_renders_and_keeps_upstream_keepalive() {
        let template =
            std::fs::read_to_string(crate::workspace_root().join("bench/nginx.conf.template"))
                .unwrap();
        let config = render_nginx(&template, "/tmp/x", "127.0.0.1:1", "127.0.0.1:2");
        assert!(!config.contains("{{"));
        assert!(config.contains("server 127.0.0.1:2;"));
        assert!(config.contains("keepalive 256;"));
        assert!(config.contains("proxy_set_header Connection \"\";"));
    }
}
