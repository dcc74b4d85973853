use image::ImageFormat;

/// The photo formats we take, told by their magic bytes (the Content-Type a client sends
/// is its own claim, and a file name's extension even less).
pub fn photo_format(bytes: &[u8]) -> Option<ImageFormat> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some(ImageFormat::Jpeg),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(ImageFormat::Png),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Some(ImageFormat::WebP),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_three_photo_formats_and_nothing_else() {
        assert_eq!(
            photo_format(b"\xFF\xD8\xFF\xE0rest"),
            Some(ImageFormat::Jpeg)
        );
        assert_eq!(
            photo_format(b"\x89PNG\r\n\x1A\nrest"),
            Some(ImageFormat::Png)
        );
        assert_eq!(
            photo_format(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(ImageFormat::WebP)
        );
        assert_eq!(photo_format(b"GIF89a"), None);
        assert_eq!(photo_format(b"RIFF\0\0\0\0WAVEfmt "), None);
        assert_eq!(photo_format(b"\xFF\xD8"), None);
        assert_eq!(photo_format(b""), None);
    }
}
