//! Photo upload through `XMLHttpRequest`: `fetch` cannot report upload progress.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ProgressEvent, XmlHttpRequest};
use yew::Callback;

use super::{ClientError, StoredPhoto, read_text};

type Handler = Closure<dyn FnMut()>;

const UPLOAD_TIMEOUT_MS: u32 = 120_000;

/// Sends the photo's bytes to `POST /api/media`; `progress` hears the percentage sent.
pub async fn upload_photo(
    file: web_sys::File,
    progress: Callback<u8>,
) -> Result<StoredPhoto, ClientError> {
    let xhr = XmlHttpRequest::new().map_err(|_| ClientError::Network)?;
    xhr.open_with_async("POST", api::paths::MEDIA, true)
        .map_err(|_| ClientError::Network)?;
    let _ = xhr.set_request_header("Content-Type", "application/octet-stream");
    // A stalled upload ends as a failure the resident can retry, not an endless bar.
    xhr.set_timeout(UPLOAD_TIMEOUT_MS);
    // The handlers live until the request ends; dropping them afterwards frees them.
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
        if event.length_computable() && event.total() > 0.0 {
            let percent = (event.loaded() / event.total() * 100.0).clamp(0.0, 100.0);
            progress.emit(percent as u8);
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    let settle: RefCell<Vec<Handler>> = RefCell::default();
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        let on_load = Closure::<dyn FnMut()>::new(move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        });
        let on_error = Closure::<dyn FnMut()>::new(move || {
            let _ = reject.call0(&wasm_bindgen::JsValue::NULL);
        });
        xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
        xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        xhr.set_onabort(Some(on_error.as_ref().unchecked_ref()));
        xhr.set_ontimeout(Some(on_error.as_ref().unchecked_ref()));
        settle.borrow_mut().extend([on_load, on_error]);
    });
    xhr.send_with_opt_blob(Some(&file))
        .map_err(|_| ClientError::Network)?;
    let outcome = JsFuture::from(done).await;
    drop(settle);
    drop(on_progress);
    outcome.map_err(|_| ClientError::Network)?;
    let status = xhr.status().map_err(|_| ClientError::Network)?;
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    read_text(status, &text)
}
