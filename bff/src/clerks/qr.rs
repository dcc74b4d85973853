//! The QR code on a window receipt: the case's tracking page, drawn as SVG by the BFF so
//! that the browser bundle carries no QR encoder.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use url::Url;

/// The address a resident opens to follow the case: the app's case page. The query code
/// is not in it (addresses end up in histories and shared links); the receipt prints the
/// code beside the QR code, and the page asks for it.
pub fn tracking_url(public_url: &Url, case_id: &str) -> Url {
    let mut url = public_url.clone();
    url.set_query(None);
    url.set_fragment(None);
    if let Ok(mut segments) = url.path_segments_mut() {
        segments.pop_if_empty().push("cases").push(case_id);
    }
    url
}

/// The SVG of the tracking link's QR code (error correction M: a creased receipt still reads).
pub fn tracking_qr_svg(public_url: &Url, case_id: &str) -> Option<String> {
    let link = tracking_url(public_url, case_id);
    let code = QrCode::with_error_correction_level(link.as_str(), EcLevel::M).ok()?;
    Some(
        code.render::<svg::Color>()
            .min_dimensions(240, 240)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_is_the_case_page_under_the_public_url() {
        let base: Url = "https://huiyin.example.cn/app/".parse().unwrap();
        assert_eq!(
            tracking_url(&base, "20261128000001").as_str(),
            "https://huiyin.example.cn/app/cases/20261128000001"
        );
        let root: Url = "http://127.0.0.1:8080/".parse().unwrap();
        assert_eq!(
            tracking_url(&root, "a b").as_str(),
            "http://127.0.0.1:8080/cases/a%20b"
        );
        let svg = tracking_qr_svg(&root, "20261128000001").unwrap();
        assert!(svg.contains("<svg"));
    }
}
