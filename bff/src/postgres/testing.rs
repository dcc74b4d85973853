//! The PostgreSQL half of the store tests. `cargo xtask test` (and `cargo xtask postgres`)
//! start a throw-away PostgreSQL and name it in `HUIYIN_TEST_DATABASE_URL`; each test gets
//! a database of its own there. Without it the PostgreSQL half is left out, loudly, and
//! under `HUIYIN_REQUIRE_POSTGRES=1` (set by `cargo xtask test`) it fails instead.

use tokio_postgres::NoTls;

pub const URL_VAR: &str = "HUIYIN_TEST_DATABASE_URL";
pub const REQUIRE_VAR: &str = "HUIYIN_REQUIRE_POSTGRES";

/// A new, empty database on the test PostgreSQL (its URL), or `None` when the run has none.
pub async fn fresh_database() -> Option<String> {
    let Ok(base) = std::env::var(URL_VAR) else {
        if std::env::var(REQUIRE_VAR).is_ok_and(|v| v == "1") {
            panic!("{REQUIRE_VAR}=1 but {URL_VAR} is unset: the PostgreSQL store went untested");
        }
        eprintln!(
            "note: {URL_VAR} unset, the PostgreSQL half of this test is left out (run `cargo xtask postgres`)"
        );
        return None;
    };
    let (client, connection) = tokio_postgres::connect(&base, NoTls)
        .await
        .unwrap_or_else(|e| panic!("{URL_VAR}={base}: {e}"));
    let driver = tokio::spawn(connection);
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("randomness");
    let name = format!(
        "huiyin_test_{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .expect("creating a test database");
    drop(client);
    let _ = driver.await;
    let mut url = url::Url::parse(&base).expect("a postgres:// URL");
    url.set_path(&name);
    Some(url.to_string())
}
