use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = bff::Config::parse();
    bff::telemetry::init(config.log_format);
    let app = bff::Application::build(config).await?;
    // These lines are read by `cargo xtask test` to find the ports: keep their shape.
    println!("Huiyin is serving at {}", app.url());
    if let Some(url) = app.sandbox_url() {
        println!("Embedded sandbox at {url}");
    }
    app.run_until_stopped().await
}
