//! Huiyin's developer commands. `cargo xtask run` and `cargo xtask test` are all a fresh
//! machine needs: each installs what is missing (and skips what is there) first.

mod bench;
mod budget;
mod compress;
mod conformance;
mod e2e;
mod frontend;
mod messages;
mod minify;
mod postgres;
mod process;
mod test;
mod tools;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Huiyin's developer commands")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Install missing tools, build the frontend, and serve the app with the embedded
    /// sandbox on http://127.0.0.1:8080/. Arguments after `--` go to the BFF and win over
    /// its defaults here, as `HUIYIN_*` variables do.
    Run {
        #[arg(last = true)]
        bff_args: Vec<String>,
    },
    /// Run every check: fmt, clippy, cargo test, the release frontend build, browser tests.
    Test,
    /// Install missing tools and build the frontend into dist/ (release, offline).
    Dist,
    /// Build the frontend and run only the browser tests whose file names contain one of
    /// the given words (all of them when none is given), e.g. `cargo xtask e2e window`.
    E2e { files: Vec<String> },
    /// Install the build and test tools only.
    Setup,
    /// Start a throw-away PostgreSQL for `cargo test -p huiyin-bff` (as `cargo xtask test`
    /// does), print its URL and keep it until Ctrl-C.
    Postgres,
    /// Only the Open311 conformance step of `cargo xtask test` (PyPI `georeport` and the
    /// JSON Schemas against the standalone sandbox, in full and in plain mode).
    Conformance,
    /// Measure the bundle, page load (Lighthouse) and the BFF's overhead (against the
    /// sandbox alone and a tuned nginx); writes docs/performance.md and docs/performance.json.
    Bench(bench::Args),
    /// Check the first page's compressed size against size-budget.json (as `cargo xtask test`
    /// does), or with --update set the budget to today's size plus the headroom.
    Budget {
        /// Write the current sizes plus the headroom into size-budget.json.
        #[arg(long)]
        update: bool,
        /// Headroom above the measured size, in percent (default: the file's, else 2).
        #[arg(long)]
        headroom: Option<f64>,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let root = workspace_root();
    std::env::set_current_dir(&root)?;
    match cli.command {
        Command::Run { bff_args } => run(&root, bff_args),
        Command::Test => test::all(&root),
        Command::Dist => {
            tools::ensure_build_tools(&root)?;
            frontend::build(&root)
        }
        Command::E2e { files } => {
            tools::ensure_build_tools(&root)?;
            tools::ensure_browser_test_tools(&root)?;
            frontend::build(&root)?;
            let (passed, failed) = e2e::run(&root, &files)?;
            println!("summary: {passed} passed, {failed} failed");
            anyhow::ensure!(failed == 0, "{failed} browser tests failed");
            Ok(())
        }
        Command::Conformance => {
            let (passed, failed) = conformance::run(&root)?;
            println!("conformance: {passed} passed, {failed} failed");
            if failed > 0 {
                anyhow::bail!("{failed} conformance tests failed");
            }
            Ok(())
        }
        Command::Setup => {
            tools::ensure_build_tools(&root)?;
            tools::ensure_browser_test_tools(&root)
        }
        Command::Postgres => postgres::serve(),
        Command::Bench(args) => bench::run(&root, args),
        Command::Budget { update, headroom } => {
            tools::ensure_build_tools(&root)?;
            frontend::build(&root)?;
            messages::check_wasm(&root)?;
            if update {
                budget::update(&root, headroom)
            } else {
                budget::check(&root)
            }
        }
    }
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn run(root: &std::path::Path, bff_args: Vec<String>) -> anyhow::Result<()> {
    tools::ensure_build_tools(root)?;
    frontend::build(root)?;
    process::cargo(&["build", "--release", "--package", "huiyin-bff"])?;
    let args = run_args(root, bff_args, |name| std::env::var_os(name).is_some());
    process::exec(&root.join("target/release/huiyin-bff"), &args)
}

/// What `cargo xtask run` gives the BFF: its defaults for trying the product (the
/// checkout's `data/` and `dist/`, demo mode every 20 s), each only when the operator has
/// not said otherwise by a flag after `--` or by the setting's `HUIYIN_*` variable; then
/// the operator's own arguments, unchanged. The BFF takes each flag once, so a default
/// given beside the operator's would stop it, and one given instead of their variable
/// would silently win over it.
fn run_args(
    root: &std::path::Path,
    operator_args: Vec<String>,
    env_is_set: impl Fn(&str) -> bool,
) -> Vec<String> {
    let defaults = [
        (
            "--data-dir",
            "HUIYIN_DATA_DIR",
            root.join("data").display().to_string(),
        ),
        (
            "--dist-dir",
            "HUIYIN_DIST_DIR",
            root.join("dist").display().to_string(),
        ),
        (
            "--sandbox-demo-interval-secs",
            "HUIYIN_SANDBOX_DEMO_INTERVAL_SECS",
            "20".to_owned(),
        ),
    ];
    let mut args = Vec::new();
    for (flag, variable, value) in defaults {
        let names = [flag, former_name(flag)];
        let given = operator_args.iter().any(|a| {
            names
                .iter()
                .any(|name| a == name || a.starts_with(&format!("{name}=")))
        });
        if !given && !env_is_set(variable) {
            args.extend([flag.to_owned(), value]);
        }
    }
    args.extend(operator_args);
    args
}

/// The name a flag had before, which the BFF still reads (a hidden alias).
fn former_name(flag: &str) -> &str {
    match flag {
        "--sandbox-demo-interval-secs" => "--sandbox-demo-secs",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::run_args;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|a| (*a).to_owned()).collect()
    }

    #[test]
    fn without_a_word_from_the_operator_the_checkout_is_served_in_demo_mode() {
        let args = run_args(Path::new("/src/huiyin"), Vec::new(), |_| false);
        assert_eq!(
            args,
            strings(&[
                "--data-dir",
                "/src/huiyin/data",
                "--dist-dir",
                "/src/huiyin/dist",
                "--sandbox-demo-interval-secs",
                "20"
            ])
        );
    }

    #[test]
    fn an_operators_flag_after_the_dashes_replaces_the_default() {
        let given = strings(&["--data-dir", "/srv/huiyin", "--listen", "0.0.0.0:8080"]);
        let args = run_args(Path::new("/src/huiyin"), given, |_| false);
        assert_eq!(args.iter().filter(|a| *a == "--data-dir").count(), 1);
        assert_eq!(
            args,
            strings(&[
                "--dist-dir",
                "/src/huiyin/dist",
                "--sandbox-demo-interval-secs",
                "20",
                "--data-dir",
                "/srv/huiyin",
                "--listen",
                "0.0.0.0:8080"
            ])
        );
        let joined = run_args(
            Path::new("/src/huiyin"),
            strings(&["--dist-dir=/srv/dist"]),
            |_| false,
        );
        assert!(!joined.contains(&"/src/huiyin/dist".to_owned()));
    }

    #[test]
    fn an_operators_environment_variable_replaces_the_default() {
        let args = run_args(Path::new("/src/huiyin"), Vec::new(), |name| {
            name == "HUIYIN_DATA_DIR" || name == "HUIYIN_SANDBOX_DEMO_INTERVAL_SECS"
        });
        assert_eq!(args, strings(&["--dist-dir", "/src/huiyin/dist"]));
    }

    #[test]
    fn the_demo_intervals_former_flag_replaces_the_default_too() {
        let given = strings(&["--sandbox-demo-secs", "5"]);
        let args = run_args(Path::new("/src/huiyin"), given, |_| false);
        assert!(!args.contains(&"--sandbox-demo-interval-secs".to_owned()));
        assert!(args.ends_with(&strings(&["--sandbox-demo-secs", "5"])));
    }
}
