/// The .wasm's allocator: Talc, in place of Rust's default (dlmalloc), which is larger and
/// slower (issue 19: the first page's download). The app runs on one thread (no atomics).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    // Off the web this binary does nothing: the server renders pages through the library.
    #[cfg(target_arch = "wasm32")]
    frontend::start();
}
