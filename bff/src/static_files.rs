use std::path::Path;

use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

/// The built frontend. Client routes such as `/services` are answered with index.html
/// (status 200) so that a reload or a shared link opens the right page.
pub fn router(dist: &Path) -> Router {
    let index = dist.join("index.html");
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(index));
    Router::new().fallback_service(files)
}
