//! Residents' photos. An upload is trusted for nothing: its format is read from its first
//! bytes, its pixel count from its header before any pixel is decoded, and what is kept is
//! a fresh JPEG re-encoded from the pixels alone, so no EXIF (GPS position, camera serial,
//! time), XMP, ICC or comment of the original survives.

mod id;
mod photo;
mod sniff;
mod store;

pub use id::MediaId;
pub use store::{Attached, Decoding, DiskPhotos, MediaStore, PhotoBytes, SaveError};

/// Largest upload body. A phone's full-resolution JPEG is 2 to 8 MiB.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// Largest pixel count accepted, checked from the header before decoding: a few kilobytes
/// of PNG can claim gigapixels (a decompression bomb). 40 MP covers every phone camera.
pub const MAX_PIXELS: u64 = 40_000_000;

/// The most one decode may allocate for the decoded pixels (checked from the header, before
/// any pixel is decoded, and enforced on the decoder as its allocation limit). A 40 MP phone
/// JPEG (8-bit RGB, 120 MB) fits; a 6300×6300 PNG with transparency (8-bit RGBA, 159 MB) does
/// not and is refused as `image_too_large`. With the scaled copy, its turning and the JPEG
/// encoder's input, one decode stays under 260 MiB (see the README's "Bounds").
pub const DECODE_BUDGET_BYTES: u64 = 128 * 1024 * 1024;

/// Longest side of a stored photo: enough to read a street sign, small on a slow network.
pub const MAX_SIDE: u32 = 2560;

/// JPEG quality of stored photos.
pub const JPEG_QUALITY: u8 = 85;
