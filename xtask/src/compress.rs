//! Precompressed copies of the built frontend: `file.br` (brotli, quality 11) and `file.gz`
//! (gzip -9) next to each text asset and the wasm. The BFF serves them as they are, so the
//! slowest settings cost once at build time instead of on every request.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// What compresses well; images other than SVG are compressed already.
const EXTENSIONS: &[&str] = &[
    "js",
    "wasm",
    "css",
    "html",
    "svg",
    "webmanifest",
    "json",
    "ftl",
];

pub fn precompress(dist: &Path) -> anyhow::Result<()> {
    let mut files = Vec::new();
    collect(dist, &mut files).with_context(|| format!("listing {}", dist.display()))?;
    let (mut before, mut after) = (0, 0);
    for file in files {
        let plain = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
        before += plain.len();
        after += keep_if_smaller(&file, "br", &plain, brotli(&plain)?)?;
        keep_if_smaller(&file, "gz", &plain, gzip(&plain)?)?;
    }
    eprintln!("xtask: precompressed dist/ ({before} bytes, {after} as brotli)");
    Ok(())
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e))
        {
            files.push(path);
        }
    }
    Ok(())
}

/// A compressed copy no smaller than the file is worse than none: it would be served anyway.
/// Answers the size served.
fn keep_if_smaller(
    file: &Path,
    suffix: &str,
    plain: &[u8],
    compressed: Vec<u8>,
) -> anyhow::Result<usize> {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    let target = PathBuf::from(name);
    if compressed.len() < plain.len() {
        std::fs::write(&target, &compressed)
            .with_context(|| format!("writing {}", target.display()))?;
        Ok(compressed.len())
    } else {
        // A stale copy from an earlier build would be served instead of the new file.
        let _ = std::fs::remove_file(&target);
        Ok(plain.len())
    }
}

pub fn brotli(plain: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        // Quality 11, window 2^22: the strongest settings browsers decode.
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(plain)?;
        writer.flush()?;
    }
    Ok(out)
}

pub fn gzip(plain: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(plain)?;
    Ok(encoder.finish()?)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn both_copies_decompress_to_the_original() {
        let dist = std::env::temp_dir().join(format!("xtask-compress-{}", std::process::id()));
        std::fs::create_dir_all(dist.join("sub")).unwrap();
        let text = "body { color: #0b4f8a; }\n".repeat(200);
        std::fs::write(dist.join("sub/app-0123456789abcdef.css"), &text).unwrap();
        std::fs::write(dist.join("photo.png"), b"not compressed").unwrap();
        std::fs::write(dist.join("tiny.js"), b"x").unwrap();
        precompress(&dist).unwrap();

        let br = std::fs::read(dist.join("sub/app-0123456789abcdef.css.br")).unwrap();
        let mut unbrotli = String::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_string(&mut unbrotli)
            .unwrap();
        assert_eq!(unbrotli, text);
        let gz = std::fs::read(dist.join("sub/app-0123456789abcdef.css.gz")).unwrap();
        let mut ungzip = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut ungzip)
            .unwrap();
        assert_eq!(ungzip, text);
        assert!(!dist.join("photo.png.br").exists(), "only listed types");
        assert!(!dist.join("tiny.js.br").exists(), "not when larger");
        std::fs::remove_dir_all(&dist).unwrap();
    }
}
