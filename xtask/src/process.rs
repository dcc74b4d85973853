use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;

use anyhow::{Context, bail};

/// Runs a command with inherited output; fails when it does.
pub fn run(program: impl AsRef<OsStr>, args: &[&str]) -> anyhow::Result<()> {
    let program = program.as_ref();
    let status = Command::new(program)
        .args(args)
        .status()
        .with_context(|| format!("starting {}", program.to_string_lossy()))?;
    if !status.success() {
        bail!(
            "{} {} failed ({status})",
            program.to_string_lossy(),
            args.join(" ")
        );
    }
    Ok(())
}

pub fn cargo(args: &[&str]) -> anyhow::Result<()> {
    run(cargo_program(), args)
}

pub fn cargo_program() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// The first line of a command's standard output, or None when it cannot run.
pub fn first_line(program: impl AsRef<OsStr>, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .next()
        .map(|l| l.trim().to_owned())
}

/// Runs a command, echoing its standard output as it comes and returning it too.
pub fn run_teed(command: &mut Command) -> anyhow::Result<(bool, String)> {
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .context("starting a test command")?;
    let stdout = child.stdout.take().expect("piped");
    let echo = thread::spawn(move || {
        let mut captured = String::new();
        let mut out = std::io::stdout();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = writeln!(out, "{line}");
            captured.push_str(&line);
            captured.push('\n');
        }
        captured
    });
    let status = child.wait()?;
    let captured = echo.join().unwrap_or_default();
    Ok((status.success(), captured))
}

/// Replaces this process with the program (so Ctrl-C and SIGTERM reach it directly).
#[cfg(unix)]
pub fn exec(program: &Path, args: &[String]) -> anyhow::Result<()> {
    use std::os::unix::process::CommandExt;
    let error = Command::new(program).args(args).exec();
    Err(error).with_context(|| format!("starting {}", program.display()))
}

#[cfg(not(unix))]
pub fn exec(program: &Path, args: &[String]) -> anyhow::Result<()> {
    let status = Command::new(program).args(args).status()?;
    std::process::exit(status.code().unwrap_or(1));
}
