use std::io::Cursor;

use api::ErrorCode;
use image::codecs::jpeg::JpegEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageReader, Limits, RgbImage};

use super::{DECODE_BUDGET_BYTES, JPEG_QUALITY, MAX_PIXELS, MAX_SIDE, sniff};

/// Why an upload is not a photo we keep. Each is the client's doing, so each is a 4xx.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("not a JPEG, PNG or WebP file")]
    Unsupported,
    #[error("more pixels than allowed")]
    TooManyPixels,
    #[error("cannot be decoded")]
    Unreadable,
}

impl PhotoError {
    pub fn code(self) -> ErrorCode {
        match self {
            PhotoError::Unsupported => ErrorCode::UnsupportedMediaType,
            PhotoError::TooManyPixels => ErrorCode::ImageTooLarge,
            PhotoError::Unreadable => ErrorCode::ImageUnreadable,
        }
    }
}

/// The upload's pixels, upright and at most [`MAX_SIDE`] on the long side, as a new JPEG
/// that carries no metadata at all. CPU-bound: run it off the async runtime.
pub fn reencode(upload: &[u8]) -> Result<Vec<u8>, PhotoError> {
    let format = sniff::photo_format(upload).ok_or(PhotoError::Unsupported)?;
    let mut reader = ImageReader::with_format(Cursor::new(upload), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(DECODE_BUDGET_BYTES);
    reader.limits(limits);
    // Building the decoder reads the header only; no pixel buffer exists yet.
    let mut decoder = reader.into_decoder().map_err(from_image)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS
        || decoder.total_bytes() > DECODE_BUDGET_BYTES
    {
        return Err(PhotoError::TooManyPixels);
    }
    // Phones store portrait shots sideways plus an EXIF flag; the flag is about to be
    // dropped, so turn the pixels. After scaling down: turning copies the whole image.
    // A broken EXIF block only costs the turning.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(from_image)?;
    let mut image = fit(image);
    image.apply_orientation(orientation);
    encode(&image)
}

fn fit(image: DynamicImage) -> DynamicImage {
    if image.width().max(image.height()) <= MAX_SIDE {
        return image;
    }
    // Keeps the aspect ratio. Area averaging in integers allocates only the small copy;
    // a filtered resize (`resize`) keeps a float copy of the full height, 258 MB for a
    // 6300×6300 photo, more than the decoded pixels themselves.
    image.thumbnail(MAX_SIDE, MAX_SIDE)
}

fn encode(image: &DynamicImage) -> Result<Vec<u8>, PhotoError> {
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode_image(&opaque(image))
        .map_err(|_| PhotoError::Unreadable)?;
    Ok(jpeg)
}

/// JPEG has no transparency: a screenshot's transparent parts become white, not black.
fn opaque(image: &DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.to_rgb8();
    }
    let rgba = image.to_rgba8();
    let mut rgb = RgbImage::new(rgba.width(), rgba.height());
    for (out, pixel) in rgb.pixels_mut().zip(rgba.pixels()) {
        let alpha = u16::from(pixel[3]);
        for channel in 0..3 {
            let blended = (u16::from(pixel[channel]) * alpha + 255 * (255 - alpha) + 127) / 255;
            out[channel] = u8::try_from(blended).unwrap_or(u8::MAX);
        }
    }
    rgb
}

fn from_image(error: ImageError) -> PhotoError {
    match error {
        ImageError::Limits(_) => PhotoError::TooManyPixels,
        // A file of the right family that we still cannot read (truncated, a JPEG variant
        // the decoder lacks...) is "cannot be opened" to the resident, not "wrong type".
        _ => PhotoError::Unreadable,
    }
}

#[cfg(test)]
mod tests {
    use image::codecs::png::PngEncoder;
    use image::{ExtendedColorType, ImageEncoder, Rgba, RgbaImage};

    use super::*;

    fn png(image: &RgbaImage) -> Vec<u8> {
        let mut bytes = Vec::new();
        PngEncoder::new(&mut bytes)
            .write_image(
                image.as_raw(),
                image.width(),
                image.height(),
                ExtendedColorType::Rgba8,
            )
            .unwrap();
        bytes
    }

    fn decoded(jpeg: &[u8]) -> DynamicImage {
        image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg).unwrap()
    }

    #[test]
    fn transparent_pixels_become_white() {
        let image = RgbaImage::from_pixel(8, 8, Rgba([0, 0, 0, 0]));
        let out = decoded(&reencode(&png(&image)).unwrap()).to_rgb8();
        assert!(
            out.pixels().all(|p| p.0.iter().all(|&c| c > 240)),
            "{:?}",
            out.get_pixel(0, 0)
        );
    }

    #[test]
    fn large_photos_are_scaled_down_keeping_their_shape() {
        let image = RgbaImage::from_pixel(MAX_SIDE * 2, 100, Rgba([10, 200, 30, 255]));
        let out = decoded(&reencode(&png(&image)).unwrap());
        assert_eq!((out.width(), out.height()), (MAX_SIDE, 50));
    }

    #[test]
    fn a_truncated_photo_is_unreadable() {
        let bytes = png(&RgbaImage::from_pixel(64, 64, Rgba([1, 2, 3, 255])));
        assert_eq!(
            reencode(&bytes[..bytes.len() / 2]),
            Err(PhotoError::Unreadable)
        );
    }
}
