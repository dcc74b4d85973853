//! Residents' photos. An upload is trusted for nothing: its format is read from its first
//! bytes, its pixel count from its header before any pixel is decoded, and what is kept is
//! a fresh JPEG re-encoded from the pixels alone, so no EXIF (GPS position, camera serial,
//! time), XMP, ICC or comment of the original survives.

mod id;
mod photo;
mod sniff;
mod store;

pub use id::MediaId;
pub use photo::PhotoError;
pub use store::{Attached, MediaStore, SaveError};

/// Largest upload body. A phone's full-resolution JPEG is 2 to 8 MiB.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// Largest pixel count accepted, checked from the header before decoding: a few kilobytes
/// of PNG can claim gigapixels (a decompression bomb). 40 MP covers every phone camera.
pub const MAX_PIXELS: u64 = 40_000_000;

/// Longest side of a stored photo: enough to read a street sign, small on a slow network.
pub const MAX_SIDE: u32 = 2560;

/// JPEG quality of stored photos.
pub const JPEG_QUALITY: u8 = 85;
