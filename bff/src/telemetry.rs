use tracing_subscriber::EnvFilter;

use crate::LogFormat;

/// Structured logs on stderr. Request logs carry the method, the route pattern and the
/// status only: never a query string, a body or a header, which may hold a resident's data.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}
