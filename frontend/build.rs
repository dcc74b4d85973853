//! Compiles `locales/<tag>/main.ftl` into Rust tables (`$OUT_DIR/messages.rs`, read by
//! `src/i18n/messages.rs`), so the app carries no Fluent parser or runtime. Any error in a
//! file (syntax, a message defined twice, a variable one locale spells differently, a
//! Fluent feature the compiler does not cover) fails the build with the file and message.

#[path = "build/fluent_compile.rs"]
mod fluent_compile;
#[path = "build/fluent_marks.rs"]
mod fluent_marks;

use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let locales_dir = Path::new(&manifest).join("../locales");
    println!("cargo::rerun-if-changed={}", locales_dir.display());
    println!("cargo::rerun-if-changed=build/fluent_compile.rs");
    let tags = fluent_compile::locale_tags(&locales_dir).expect("locales/ next to frontend/");
    let mut locales = Vec::new();
    let mut errors = Vec::new();
    for tag in tags {
        let path = locales_dir.join(&tag).join("main.ftl");
        println!("cargo::rerun-if-changed={}", path.display());
        let source = std::fs::read_to_string(&path).expect("readable .ftl");
        match fluent_compile::compile(&format!("locales/{tag}/main.ftl"), &source) {
            Ok(compiled) => locales.push((tag, compiled)),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        match fluent_compile::generate(&locales) {
            Ok(code) => {
                let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
                    .join("messages.rs");
                std::fs::write(out, code).expect("writable OUT_DIR");
                return;
            }
            Err(e) => errors.extend(e),
        }
    }
    for error in &errors {
        eprintln!("error: {error}");
    }
    std::process::exit(1);
}
