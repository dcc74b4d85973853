//! `GET discovery`: where the endpoint is and what it speaks.

use axum::http::{HeaderMap, header};
use axum::response::Response;

use crate::doc::Doc;
use crate::format::Format;

/// When this endpoint's behaviour last changed.
pub const CHANGESET: &str = "2025-11-28T00:00:00+08:00";
pub const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";

pub async fn discovery(headers: HeaderMap, format: Format) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '[' | ']'))
        })
        .unwrap_or("127.0.0.1:8311");
    let doc = Doc::obj([
        ("changeset", CHANGESET.into()),
        ("contact", "12345 政务服务便民热线 sandbox (Huiyin)".into()),
        (
            "key_service",
            "API keys are set when the sandbox starts (--api-key / HUIYIN_API_KEY).".into(),
        ),
        (
            "endpoints",
            Doc::list([Doc::obj([
                ("specification", SPECIFICATION.into()),
                ("url", format!("http://{host}/").into()),
                ("changeset", CHANGESET.into()),
                ("type", "test".into()),
                (
                    "formats",
                    Doc::list([Format::Xml, Format::Json].map(|f| {
                        f.content_type()
                            .split(';')
                            .next()
                            .unwrap_or_default()
                            .into()
                    })),
                ),
            ])]),
        ),
    ]);
    format.reply("discovery", Ok(doc))
}
