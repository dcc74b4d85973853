use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = bff::Config::parse();
    if let Some(bff::Command::Clerk(command)) = &config.command {
        return bff::run_clerk_command(&config, command).await;
    }
    if let Err(problem) = config.check() {
        anyhow::bail!(problem);
    }
    bff::telemetry::init(config.log_format);
    let app = bff::Application::build(config).await?;
    // These lines are read by `cargo xtask test` to find the ports: keep their shape.
    println!("Huiyin is serving at {}", app.url());
    if let Some(url) = app.sandbox_url() {
        println!("Embedded sandbox at {url}");
    }
    app.run_until_stopped().await
}
