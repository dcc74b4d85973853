//! `huiyin-bff clerk add|disable|list`: the only way accounts are made or disabled.

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, bail};

use super::password::{self, MIN_PASSWORD_CHARS};
use super::store::ClerkStore;
use super::valid_clerk_id;
use crate::config::{ClerkCommand, Config};

pub async fn run(config: &Config, command: &ClerkCommand) -> anyhow::Result<()> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating data folder {}", config.data_dir.display()))?;
    let store = match &config.database_url {
        Some(url) => {
            let db = crate::postgres::Postgres::connect(url)
                .await
                .context("connecting to PostgreSQL (--database-url)")?;
            ClerkStore::new(std::sync::Arc::new(crate::postgres::PgClerks::new(db)))
        }
        None => ClerkStore::open(&config.data_dir.join("bff.sqlite3"))
            .context("opening the clerk accounts")?,
    };
    match command {
        ClerkCommand::Add { clerk_id, name } => {
            if !valid_clerk_id(clerk_id) {
                bail!(
                    "a clerk id is 1 to 32 letters, digits, `.`, `_` or `-` (it is sent to the city's system with each case)"
                );
            }
            let name = name.as_deref().map(str::trim).filter(|n| !n.is_empty());
            if name.is_some_and(|n| n.chars().count() > 64) {
                bail!("a name is at most 64 characters");
            }
            // Blocks its thread on the terminal: nothing else runs in this command.
            let password = read_password()?;
            let hash = password::hash(&password).map_err(anyhow::Error::msg)?;
            if !store.add_account(clerk_id, name, &hash).await? {
                bail!("there is already a clerk `{clerk_id}`");
            }
            store.audit(clerk_id, "account_added", None, None).await?;
            println!("added clerk {clerk_id}");
        }
        ClerkCommand::Disable { clerk_id } => {
            if !store.disable(clerk_id).await? {
                bail!("there is no clerk `{clerk_id}`");
            }
            store
                .audit(clerk_id, "account_disabled", None, None)
                .await?;
            println!("disabled clerk {clerk_id}; their sessions have ended");
        }
        ClerkCommand::List => {
            for account in store.accounts().await? {
                let created = chrono::DateTime::from_timestamp_millis(account.created_at)
                    .map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_default();
                println!(
                    "{}\t{}\t{}\tadded {}",
                    account.clerk_id,
                    account.name.as_deref().unwrap_or("-"),
                    if account.disabled {
                        "disabled"
                    } else {
                        "active"
                    },
                    created
                );
            }
        }
        ClerkCommand::Audit { limit } => {
            for entry in store.audit_log(*limit).await? {
                let at = chrono::DateTime::from_timestamp_millis(entry.at)
                    .map(|at| at.to_rfc3339())
                    .unwrap_or_default();
                println!(
                    "{at}\t{}\t{}\t{}\t{}",
                    entry.clerk_id,
                    entry.action,
                    entry.case_id.as_deref().unwrap_or("-"),
                    entry.detail.as_deref().unwrap_or("")
                );
            }
        }
    }
    Ok(())
}

/// From a terminal: asked twice without echo. Otherwise: the first line of standard input
/// (for scripts: `printf '%s\n' "$PW" | huiyin-bff clerk add w001`). Never a flag, which
/// would show in `ps` and shell histories.
fn read_password() -> anyhow::Result<String> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("New clerk's password: ")?;
        let again = rpassword::prompt_password("The same again: ")?;
        if first != again {
            bail!("the two passwords differ");
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    if password.chars().count() < MIN_PASSWORD_CHARS {
        bail!("a clerk's password has at least {MIN_PASSWORD_CHARS} characters");
    }
    Ok(password)
}
