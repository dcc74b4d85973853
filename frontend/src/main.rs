fn main() {
    // Off the web this binary does nothing: the server renders pages through the library.
    #[cfg(target_arch = "wasm32")]
    frontend::start();
}
