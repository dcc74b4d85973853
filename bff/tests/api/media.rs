use std::time::{Duration, Instant};

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{ExtendedColorType, ImageEncoder, Rgb, RgbImage};
use serde_json::Value;

use crate::helpers::{TestApp, noise_complaint, spawn_app, spawn_with};

const GPS_SECRET: &[u8] = b"HUIYIN-GPS-MARKER";

async fn upload(app: &TestApp, body: Vec<u8>, content_type: &str) -> (u16, Value) {
    let response = app
        .client
        .post(app.at("/api/media"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// A 40×20 photo as a phone writes it: JPEG with an EXIF block holding "rotate 90°" and a
/// GPS directory (its map datum carries a marker we can look for).
fn phone_jpeg() -> Vec<u8> {
    let image = RgbImage::from_fn(40, 20, |x, _| Rgb([(x * 6) as u8, 120, 200]));
    let mut jpeg = Vec::new();
    JpegEncoder::new(&mut jpeg).encode_image(&image).unwrap();
    let tiff = exif_with_orientation_and_gps();
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&u16::try_from(2 + 6 + tiff.len()).unwrap().to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    // Right after SOI, where cameras put it.
    jpeg.splice(2..2, app1);
    jpeg
}

fn exif_with_orientation_and_gps() -> Vec<u8> {
    fn entry(tiff: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]) {
        tiff.extend_from_slice(&tag.to_le_bytes());
        tiff.extend_from_slice(&kind.to_le_bytes());
        tiff.extend_from_slice(&count.to_le_bytes());
        tiff.extend_from_slice(&value);
    }
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    const ASCII: u16 = 2;
    let gps_ifd: u32 = 8 + 2 + 2 * 12 + 4;
    let datum_at: u32 = gps_ifd + 2 + 2 * 12 + 4;
    let mut tiff = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
    tiff.extend_from_slice(&2u16.to_le_bytes());
    entry(&mut tiff, 0x0112, SHORT, 1, [6, 0, 0, 0]); // Orientation: rotate 90° clockwise
    entry(&mut tiff, 0x8825, LONG, 1, gps_ifd.to_le_bytes()); // GPSInfo
    tiff.extend_from_slice(&0u32.to_le_bytes());
    assert_eq!(tiff.len() as u32, gps_ifd);
    tiff.extend_from_slice(&2u16.to_le_bytes());
    entry(&mut tiff, 0x0001, ASCII, 2, *b"N\0\0\0"); // GPSLatitudeRef
    let datum_len = u32::try_from(GPS_SECRET.len() + 1).unwrap();
    entry(&mut tiff, 0x0012, ASCII, datum_len, datum_at.to_le_bytes()); // GPSMapDatum
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(GPS_SECRET);
    tiff.push(0);
    tiff
}

/// The markers of a JPEG's header segments, up to the image data.
fn jpeg_segments(jpeg: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], [0xFF, 0xD8]);
    let mut markers = Vec::new();
    let mut at = 2;
    while jpeg[at] == 0xFF && jpeg[at + 1] != 0xDA {
        markers.push(jpeg[at + 1]);
        at += 2 + usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
    }
    markers
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_pixel(width, height, Rgb([200, 30, 30]));
    let mut bytes = Vec::new();
    PngEncoder::new(&mut bytes)
        .write_image(image.as_raw(), width, height, ExtendedColorType::Rgb8)
        .unwrap();
    bytes
}

#[tokio::test]
async fn a_phone_photo_is_kept_upright_without_its_location_or_any_metadata() {
    let app = spawn_app().await;
    let original = phone_jpeg();
    assert!(contains(&original, GPS_SECRET) && contains(&original, b"Exif\0\0"));

    let (status, body) = upload(&app, original, "image/jpeg").await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_str().unwrap();
    let url = body["url"].as_str().unwrap();
    assert_eq!(url, app.at(&format!("/media/{id}.jpg")));

    let stored =
        std::fs::read(app.data_dir.join("media/pending").join(format!("{id}.jpg"))).unwrap();
    assert!(!contains(&stored, GPS_SECRET), "the GPS directory survived");
    assert!(!contains(&stored, b"Exif"), "an EXIF block survived");
    assert!(
        !jpeg_segments(&stored).contains(&0xE1),
        "an APP1 segment survived"
    );
    let upright = image::load_from_memory(&stored).unwrap();
    assert_eq!(
        (upright.width(), upright.height()),
        (20, 40),
        "EXIF rotation applied"
    );

    let served = app.client.get(url).send().await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    assert_eq!(
        served.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(served.bytes().await.unwrap(), stored);
}

#[tokio::test]
async fn png_and_webp_photos_are_kept_as_jpeg() {
    let app = spawn_app().await;
    let image = RgbImage::from_pixel(30, 10, Rgb([10, 160, 90]));
    let mut webp = Vec::new();
    WebPEncoder::new_lossless(&mut webp)
        .write_image(image.as_raw(), 30, 10, ExtendedColorType::Rgb8)
        .unwrap();
    // The declared type is ignored: the bytes say what the file is.
    for (bytes, declared) in [
        (png(30, 10), "image/png"),
        (webp, "application/octet-stream"),
    ] {
        let (status, body) = upload(&app, bytes, declared).await;
        assert_eq!(status, 201, "{declared}: {body}");
        let served = app
            .client
            .get(body["url"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let photo = image::load_from_memory_with_format(&served, image::ImageFormat::Jpeg).unwrap();
        assert_eq!((photo.width(), photo.height()), (30, 10));
    }
}

#[tokio::test]
async fn gifs_text_and_empty_bodies_are_unsupported() {
    let app = spawn_app().await;
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    for (bytes, declared) in [
        (gif, "image/gif"),
        (b"just some text".to_vec(), "image/jpeg"),
        (Vec::new(), "image/png"),
    ] {
        let (status, body) = upload(&app, bytes, declared).await;
        assert_eq!(status, 415, "{declared}");
        assert_eq!(body["code"], "unsupported_media_type");
    }
}

/// A PNG of a few dozen bytes whose header claims 30000×30000 pixels (2.7 GB as RGB).
fn png_bomb() -> Vec<u8> {
    fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        png.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        let start = png.len();
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        let crc = crc32(&png[start..]);
        png.extend_from_slice(&crc.to_be_bytes());
    }
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&30000u32.to_be_bytes());
    ihdr.extend_from_slice(&30000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, no interlace
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &[0x78, 0x9c, 0x63, 0x00, 0x00]);
    chunk(&mut png, b"IEND", &[]);
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[tokio::test]
async fn a_decompression_bomb_is_refused_from_its_header() {
    let app = spawn_app().await;
    let started = Instant::now();
    let (status, body) = upload(&app, png_bomb(), "image/png").await;
    assert_eq!(status, 422);
    assert_eq!(body["code"], "image_too_large");
    // Decoding 900 megapixels would take far longer (and gigabytes).
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_broken_photo_is_unreadable() {
    let app = spawn_app().await;
    let mut broken = phone_jpeg();
    broken.truncate(broken.len() / 3);
    for bytes in [
        broken,
        b"\xFF\xD8\xFF\xE0 and then nothing like a JPEG".to_vec(),
    ] {
        let (status, body) = upload(&app, bytes, "image/jpeg").await;
        assert_eq!(status, 422);
        assert_eq!(body["code"], "image_unreadable");
    }
}

#[tokio::test]
async fn an_oversize_upload_is_413_json() {
    let app = spawn_app().await;
    let mut bytes = png(8, 8);
    bytes.resize(10 * 1024 * 1024 + 1, 0);
    let (status, body) = upload(&app, bytes, "image/png").await;
    assert_eq!(status, 413);
    assert_eq!(body["code"], "payload_too_large");
}

#[tokio::test]
async fn only_stored_photo_names_are_served() {
    let app = spawn_app().await;
    std::fs::create_dir_all(app.data_dir.join("media")).unwrap();
    for path in [
        "/media/..%2Fsandbox.sqlite3",
        "/media/..%2F..%2F..%2Fetc%2Fpasswd",
        "/media/%2E%2E%2Fsandbox.sqlite3",
        "/media/0123456789abcdef0123456789abcdef.jpg",
        "/media/0123456789ABCDEF0123456789ABCDEF.jpg",
        "/media/0123456789abcdef0123456789abcdef.png",
    ] {
        let response = app.client.get(app.at(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "not_found", "{path}");
    }
}

#[tokio::test]
async fn photo_urls_are_built_on_the_public_url() {
    let app = spawn_with(|config| {
        config.public_url = Some("https://huiyin.city.example/app".parse().unwrap());
    })
    .await;
    let (status, body) = upload(&app, png(4, 4), "image/png").await;
    assert_eq!(status, 201);
    let id = body["id"].as_str().unwrap();
    assert_eq!(
        body["url"],
        format!("https://huiyin.city.example/app/media/{id}.jpg")
    );
}

#[tokio::test]
async fn a_filed_request_keeps_its_photo_and_the_city_can_fetch_it() {
    let app = spawn_app().await;
    let (status, body) = upload(&app, png(8, 8), "image/png").await;
    assert_eq!(status, 201);
    let id = body["id"].as_str().unwrap().to_owned();
    let url = body["url"].as_str().unwrap().to_owned();
    let pending = app.data_dir.join("media/pending").join(format!("{id}.jpg"));
    let kept = app.data_dir.join("media").join(format!("{id}.jpg"));
    assert!(
        pending.exists() && !kept.exists(),
        "waits until a request names it"
    );

    let mut request = noise_complaint("楼下烧烤店每晚音响很吵");
    request["media_urls"] = serde_json::json!([url]);
    let response = app.post_request(Some("photo-kept-1"), &request).await;
    assert_eq!(response.status(), 201);
    let receipt: api::Receipt = response.json().await.unwrap();
    assert!(kept.exists() && !pending.exists(), "kept once filed");

    let case = app.upstream_case(&receipt.case_id).await;
    assert_eq!(case["media_url"], url.as_str());
    assert_eq!(app.client.get(&url).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn a_photo_no_request_names_is_deleted_after_its_retention_and_a_late_draft_is_told() {
    let app = spawn_with(|config| config.unattached_photo_secs = 1).await;
    let (status, body) = upload(&app, png(8, 8), "image/png").await;
    assert_eq!(status, 201);
    let url = body["url"].as_str().unwrap().to_owned();
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.client.get(&url).send().await.unwrap().status() == 200 {
        assert!(
            Instant::now() < deadline,
            "the unattached photo was never deleted"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let leftovers: Vec<_> = std::fs::read_dir(app.data_dir.join("media/pending"))
        .unwrap()
        .collect();
    assert!(leftovers.is_empty(), "nothing of it on disk");

    let mut request = noise_complaint("楼下烧烤店每晚音响很吵");
    request["media_urls"] = serde_json::json!([url]);
    let response = app.post_request(Some("photo-gone-1"), &request).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "validation_failed", "{body}");
    assert_eq!(
        body["fields"],
        serde_json::json!([{"field": "media", "code": "photo_gone"}])
    );
    assert_eq!(
        app.upstream_case_count().await,
        0,
        "no case without its photo"
    );
}
