//! Downloads made in the browser: a Blob, an object URL, a click on a hidden link.

use super::js::{window, JsError, JsResult};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement, Url};

/// How long an object URL is kept before it is revoked: long enough for the download to start.
const REVOKE_AFTER_MS: i32 = 60_000;

/// Offers `bytes` as a file named `name`.
pub fn bytes(name: &str, mime: &str, bytes: &[u8]) -> JsResult<()> {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let array = js_sys::Uint8Array::from(bytes);
    let blob = Blob::new_with_u8_array_sequence_and_options(&js_sys::Array::of1(&array), &options)?;
    blob_file(name, &blob)
}

/// Offers a blob as a file named `name`.
pub fn blob_file(name: &str, blob: &Blob) -> JsResult<()> {
    let url = Url::create_object_url_with_blob(blob)?;
    let document = window()?
        .document()
        .ok_or_else(|| JsError::missing("document"))?;
    let link: HtmlAnchorElement = document
        .create_element("a")?
        .dyn_into()
        .map_err(|_| JsError::missing("a link"))?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let revoke = Closure::once_into_js(move || {
        super::js::log_failure("release a download", Url::revoke_object_url(&url));
    });
    window()?.set_timeout_with_callback_and_timeout_and_arguments_0(
        revoke.unchecked_ref(),
        REVOKE_AFTER_MS,
    )?;
    Ok(())
}

/// Saves a canvas as a PNG file.
pub fn canvas_png(canvas: &HtmlCanvasElement, name: &str) -> JsResult<()> {
    let name = name.to_owned();
    let done = Closure::once_into_js(move |blob: Option<Blob>| {
        let result = blob
            .ok_or_else(|| JsError::missing("the chart image"))
            .and_then(|b| blob_file(&name, &b));
        if let Err(e) = result {
            web_sys::console::error_1(&format!("could not save the chart: {e}").into());
        }
    });
    canvas.to_blob(done.unchecked_ref())?;
    Ok(())
}
