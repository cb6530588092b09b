//! JavaScript failures become Rust errors here, in one place: a thrown `JsValue` is turned
//! into a [`JsError`] carrying the text a person can read.

use wasm_bindgen::{JsCast, JsValue};

/// A failed call into the browser.
#[derive(Debug, Clone, PartialEq)]
pub struct JsError(pub String);

impl std::fmt::Display for JsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JsError {}

impl From<JsValue> for JsError {
    fn from(value: JsValue) -> Self {
        if let Some(e) = value.dyn_ref::<js_sys::Error>() {
            return JsError(String::from(e.message()));
        }
        if let Some(s) = value.as_string() {
            return JsError(s);
        }
        JsError(format!("{value:?}"))
    }
}

impl From<postcard::Error> for JsError {
    fn from(e: postcard::Error) -> Self {
        JsError(format!("message encoding: {e}"))
    }
}

impl JsError {
    /// For the `ok_or_else` of a browser object that should exist.
    pub fn missing(what: &str) -> Self {
        JsError(format!("{what} is not available"))
    }
}

pub type JsResult<T> = Result<T, JsError>;

/// The page's window.
pub fn window() -> JsResult<web_sys::Window> {
    web_sys::window().ok_or_else(|| JsError::missing("window"))
}

/// `performance.now()` in the page or the worker, 0 where there is no clock.
pub fn now_ms() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |p| p.now())
}

/// Copies an `ArrayBuffer` into wasm memory.
pub fn bytes_of(buffer: &js_sys::ArrayBuffer) -> Vec<u8> {
    js_sys::Uint8Array::new(buffer).to_vec()
}

/// Copies bytes out of wasm memory into a fresh `ArrayBuffer` that can be transferred.
pub fn buffer_of(bytes: &[u8]) -> js_sys::ArrayBuffer {
    js_sys::Uint8Array::from(bytes).buffer()
}

/// Writes to the browser console (for figures a developer wants to see).
pub fn log(message: &str) {
    web_sys::console::log_1(&message.into());
}

/// Logs a failure the user need not be told about (focus, a timing mark, releasing a
/// download's URL): the page carries on, and a developer sees it in the console.
pub fn log_failure<T, E: Into<JsError>>(what: &str, result: Result<T, E>) {
    if let Err(e) = result {
        web_sys::console::error_1(&format!("{what}: {}", e.into()).into());
    }
}
