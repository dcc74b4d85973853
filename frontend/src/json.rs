//! JSON in and out of the app: the browser's own `JSON.parse` and `JSON.stringify`, with
//! serde-wasm-bindgen between JavaScript values and the contract's types.
//!
//! Not serde_json: its parser and writer were 7% of the .wasm's code, and every page
//! carries them (#7, docs/performance.md). The browser has both built in; serde-wasm-bindgen
//! is wasm-bindgen's preferred bridge (the router's history state already uses it). The unit
//! tests run natively, where there is no browser: there `from_str` and `to_string` are
//! serde_json's, which read and write the same text.

use js_sys::{JSON, JsString};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// Not JSON, or not the shape the type expects.
#[derive(Debug)]
pub struct Invalid;

/// Reads JSON text into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Invalid> {
    #[cfg(target_arch = "wasm32")]
    return from_value(JSON::parse(text).map_err(|_| Invalid)?);
    #[cfg(not(target_arch = "wasm32"))]
    return serde_json::from_str(text).map_err(|_| Invalid);
}

/// Writes `value` as JSON text, as serde_json would: objects for maps, `null` for `None`.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Invalid> {
    #[cfg(target_arch = "wasm32")]
    return to_js_string(value).map(String::from);
    #[cfg(not(target_arch = "wasm32"))]
    return serde_json::to_string(value).map_err(|_| Invalid);
}

/// Reads a value the browser has already parsed (`Response.json()`).
pub fn from_value<T: DeserializeOwned>(value: JsValue) -> Result<T, Invalid> {
    serde_wasm_bindgen::from_value(value).map_err(|_| Invalid)
}

/// JSON text as a JavaScript string, for a request body: it never crosses into Rust.
pub fn to_js_string<T: Serialize + ?Sized>(value: &T) -> Result<JsString, Invalid> {
    // JSON's shapes, not JavaScript's: plain objects for maps, `null` for `None`.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = value.serialize(&serializer).map_err(|_| Invalid)?;
    JSON::stringify(&value).map_err(|_| Invalid)
}
