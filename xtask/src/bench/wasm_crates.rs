//! The .wasm broken down by crate: the size of every function body in the code section,
//! named from the `name` custom section (kept by a build with symbols), grouped by the crate
//! that the demangled name starts with. Generic code is counted where it was instantiated
//! from (`core::ptr::drop_in_place<yew::…>` goes to yew), as cargo-bloat does.

use std::collections::HashMap;

use anyhow::Context;
use serde::{Deserialize, Serialize};
use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Breakdown {
    /// The whole file, name section included.
    pub file_bytes: u64,
    /// Function bodies (the code section without its header).
    pub code_bytes: u64,
    /// Static data: strings, tables, the Fluent messages compiled in.
    pub data_bytes: u64,
    /// The `name` section itself (absent from the shipped file).
    pub name_section_bytes: u64,
    pub functions: usize,
    pub named_functions: usize,
    pub crates: Vec<CrateSize>,
    pub largest_functions: Vec<FunctionSize>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CrateSize {
    pub name: String,
    pub bytes: u64,
    pub functions: usize,
    /// Share of the code section, in percent.
    pub share_of_code: f64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FunctionSize {
    pub name: String,
    pub bytes: u64,
}

pub fn analyze(wasm: &[u8]) -> anyhow::Result<Breakdown> {
    let mut imported_functions = 0u32;
    let mut bodies: Vec<u64> = Vec::new();
    let mut names: HashMap<u32, String> = HashMap::new();
    let mut breakdown = Breakdown {
        file_bytes: wasm.len() as u64,
        ..Breakdown::default()
    };
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.context("reading the .wasm")? {
            Payload::ImportSection(imports) => {
                for import in imports.into_imports() {
                    if matches!(import?.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                        imported_functions += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let range = body.range();
                bodies.push(range.end - range.start);
            }
            Payload::DataSection(data) => {
                let range = data.range();
                breakdown.data_bytes += range.end - range.start;
            }
            Payload::CustomSection(custom) => {
                if let KnownCustom::Name(reader) = custom.as_known() {
                    breakdown.name_section_bytes += custom.data().len() as u64;
                    for subsection in reader {
                        if let Name::Function(map) = subsection? {
                            for naming in map {
                                let naming = naming?;
                                names.insert(naming.index, naming.name.to_owned());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    breakdown.code_bytes = bodies.iter().sum();
    breakdown.functions = bodies.len();
    let mut by_crate: HashMap<String, (u64, usize)> = HashMap::new();
    let mut functions: Vec<FunctionSize> = Vec::with_capacity(bodies.len());
    for (i, bytes) in bodies.iter().enumerate() {
        let index = imported_functions + i as u32;
        let name = names.get(&index).map(|n| clean_name(n));
        if name.is_some() {
            breakdown.named_functions += 1;
        }
        let krate = name
            .as_deref()
            .map_or_else(|| "[unnamed]".to_owned(), crate_of);
        let entry = by_crate.entry(krate).or_default();
        entry.0 += bytes;
        entry.1 += 1;
        functions.push(FunctionSize {
            name: name.unwrap_or_else(|| format!("func[{index}]")),
            bytes: *bytes,
        });
    }
    let code = breakdown.code_bytes.max(1) as f64;
    let mut crates: Vec<CrateSize> = by_crate
        .into_iter()
        .map(|(name, (bytes, functions))| CrateSize {
            name,
            bytes,
            functions,
            share_of_code: 100.0 * bytes as f64 / code,
        })
        .collect();
    crates.sort_by(|a, b| b.bytes.cmp(&a.bytes).then(a.name.cmp(&b.name)));
    functions.sort_by(|a, b| b.bytes.cmp(&a.bytes).then(a.name.cmp(&b.name)));
    functions.truncate(15);
    breakdown.crates = crates;
    breakdown.largest_functions = functions;
    Ok(breakdown)
}

/// A readable name: demangled (when rustc's mangling survived), without the `::h…` hash.
pub fn clean_name(raw: &str) -> String {
    let demangled = match rustc_demangle::try_demangle(raw) {
        Ok(d) => format!("{d:#}"),
        Err(_) => raw.to_owned(),
    };
    strip_disambiguators(strip_hash(&demangled))
}

/// `core[c5930c85a12de822]::fmt` → `core::fmt` (v0 mangling's crate disambiguators).
fn strip_disambiguators(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let hex_len = after.bytes().take_while(u8::is_ascii_hexdigit).count();
        out.push_str(&rest[..open]);
        if hex_len >= 8 && after[hex_len..].starts_with(']') {
            rest = &after[hex_len + 1..];
        } else {
            out.push('[');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn strip_hash(name: &str) -> &str {
    match name.rsplit_once("::h") {
        Some((head, hash)) if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
            head
        }
        _ => name,
    }
}

/// The crate a function belongs to, by the first path in its name.
pub fn crate_of(name: &str) -> String {
    if name.starts_with("__wbg_")
        || name.starts_with("__wbindgen")
        || name.starts_with("Closure(")
        || name.contains("Externref")
    {
        return "wasm-bindgen (JS glue)".to_owned();
    }
    // Generic glue is charged to what it was instantiated for.
    for wrapper in ["core::ptr::drop_in_place<", "core::ptr::drop_glue<"] {
        if let Some(inner) = name.strip_prefix(wrapper)
            && let Some(krate) = first_path_crate(inner)
        {
            return krate;
        }
    }
    first_path_crate(name)
        .unwrap_or_else(|| "[no crate in name: std / compiler builtins]".to_owned())
}

/// The first `identifier::` in a name: `<alloc::vec::Vec<T> as …>::drop` → alloc.
fn first_path_crate(name: &str) -> Option<String> {
    let bytes = name.as_bytes();
    let mut start = None;
    for (i, &b) in bytes.iter().enumerate() {
        let ident = b.is_ascii_alphanumeric() || b == b'_';
        match (start, ident) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                if name[i..].starts_with("::") && !bytes[s].is_ascii_digit() {
                    return Some(name[s..i].to_owned());
                }
                start = None;
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_go_to_their_crate() {
        assert_eq!(crate_of("core::fmt::write"), "core");
        assert_eq!(
            crate_of("<alloc::vec::Vec<T> as core::ops::drop::Drop>::drop"),
            "alloc"
        );
        assert_eq!(crate_of("<&T as core::fmt::Display>::fmt"), "core");
        assert_eq!(
            crate_of(
                "core::ptr::drop_in_place<yew::html::component::lifecycle::CompStateInner<frontend::app::App>>"
            ),
            "yew"
        );
        assert_eq!(crate_of("frontend::pages::home::{{closure}}"), "frontend");
        assert_eq!(crate_of("__wbg_get_1234"), "wasm-bindgen (JS glue)");
        assert_eq!(
            crate_of(
                "Closure(Closure { owned: true, function: Function { arguments: [Externref] } }) -> Externref"
            ),
            "wasm-bindgen (JS glue)"
        );
        assert_eq!(
            crate_of("memcpy"),
            "[no crate in name: std / compiler builtins]"
        );
    }

    #[test]
    fn mangled_names_are_demangled_without_hash() {
        assert_eq!(
            clean_name("_ZN4core3fmt5write17h0123456789abcdefE"),
            "core::fmt::write"
        );
        assert_eq!(
            clean_name(
                "fluent_bundle::bundle::FluentBundle<R,M>::format_pattern::h0123456789abcdef"
            ),
            "fluent_bundle::bundle::FluentBundle<R,M>::format_pattern"
        );
        assert_eq!(clean_name("dlmalloc"), "dlmalloc");
        assert_eq!(
            clean_name("<f64 as core[c5930c85a12de822]::fmt::Display>::fmt"),
            "<f64 as core::fmt::Display>::fmt"
        );
        assert_eq!(
            crate_of(&clean_name(
                "<str as core[c5930c85a12de822]::cmp::PartialEq>::eq.116"
            )),
            "core"
        );
        assert_eq!(clean_name("[T]::sort"), "[T]::sort");
    }

    #[test]
    fn a_tiny_module_is_counted_by_function() {
        // (module (import "m" "f" (func)) (func $a::x) (func $b::y nop nop))
        // with a name section naming the two defined functions.
        let mut wasm = vec![0, b'a', b's', b'm', 1, 0, 0, 0];
        wasm.extend([1, 4, 1, 0x60, 0, 0]); // type section: () -> ()
        wasm.extend([2, 7, 1, 1, b'm', 1, b'f', 0, 0]); // import section
        wasm.extend([3, 3, 2, 0, 0]); // function section
        wasm.extend([10, 9, 2, 2, 0, 0x0b, 4, 0, 0x01, 0x01, 0x0b]); // code section
        let mut names = vec![4, b'n', b'a', b'm', b'e'];
        let sub = [
            2u8, 1, 4, b'a', b':', b':', b'x', 2, 4, b'b', b':', b':', b'y',
        ];
        names.extend([1, sub.len() as u8]);
        names.extend(sub);
        wasm.push(0);
        wasm.push(names.len() as u8);
        wasm.extend(names);
        let breakdown = analyze(&wasm).unwrap();
        assert_eq!(breakdown.functions, 2);
        assert_eq!(breakdown.named_functions, 2);
        assert_eq!(breakdown.code_bytes, 2 + 4);
        assert_eq!(breakdown.crates[0].name, "b");
        assert_eq!(breakdown.crates[0].bytes, 4);
        assert_eq!(breakdown.crates[1].name, "a");
    }
}
