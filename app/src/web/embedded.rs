//! The files a single-file build carries inside the page (`cargo xtask dist
//! --single-file`, see `xtask/src/single_file.rs`). Its start-up script decodes them from
//! base64 blocks the browser never runs into `self.segworkFiles`, a name → `Uint8Array`
//! map, before the page's wasm starts. Where a file is there, the page uses it and
//! fetches nothing; in a served build the map is absent and every file is fetched from
//! the page's own origin as before.

use super::js::{window, JsError, JsResult};
use wasm_bindgen::JsCast;

/// The embedded bytes of `name`, or `None` when the page was served rather than packed.
pub fn file(name: &str) -> JsResult<Option<js_sys::Uint8Array>> {
    let files = js_sys::Reflect::get(&window()?.into(), &"segworkFiles".into())?;
    if files.is_undefined() || files.is_null() {
        return Ok(None);
    }
    let bytes = js_sys::Reflect::get(&files, &name.into())?;
    if bytes.is_undefined() {
        return Ok(None);
    }
    bytes
        .dyn_into()
        .map(Some)
        .map_err(|_| JsError(format!("the page's copy of {name} is not bytes")))
}

/// The embedded text of `name` (UTF-8), or `None` as for [`file`].
pub fn text(name: &str) -> JsResult<Option<String>> {
    let Some(bytes) = file(name)? else {
        return Ok(None);
    };
    String::from_utf8(bytes.to_vec())
        .map(Some)
        .map_err(|_| JsError(format!("the page's copy of {name} is not UTF-8 text")))
}

/// The embedded file `name` as a `Blob`, or `None` as for [`file`].
pub fn blob(name: &str) -> JsResult<Option<web_sys::Blob>> {
    let Some(bytes) = file(name)? else {
        return Ok(None);
    };
    Ok(Some(web_sys::Blob::new_with_u8_array_sequence(
        &js_sys::Array::of1(&bytes),
    )?))
}
