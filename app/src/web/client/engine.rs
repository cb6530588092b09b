//! The worker's code, loaded once per page: its JavaScript glue and its compiled wasm,
//! fetched from the page's own origin or, in a single-file build, taken from the page.

use super::super::embedded;
use super::super::js::{window, JsError, JsResult};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, Url};

/// The worker's JavaScript glue and wasm, as trunk names them.
const WORKER_GLUE: &str = "worker.js";
const WORKER_WASM: &str = "worker_bg.wasm";

/// The worker's code, loaded once.
pub struct Engine {
    /// Object URL of the bootstrap script (glue plus start-up).
    pub script_url: String,
    pub module: js_sys::WebAssembly::Module,
}

/// Fetches the worker's glue and compiles its wasm (off the main thread, while streaming),
/// or takes both from the page itself in a single-file build.
pub async fn load_engine() -> JsResult<Engine> {
    let (glue, module) = match embedded::text(WORKER_GLUE)? {
        Some(glue) => (glue, compile_embedded().await?),
        None => fetch_engine().await?,
    };
    // The first message carries the compiled module, the instance's role ("main" or
    // "helper") and the port between the two (see `worker/helper.rs`).
    let source = format!("{glue}\nself.onmessage = (e) => {{ self.onmessage = null; self.segworkRole = e.data.role; self.segworkPort = e.data.port; wasm_bindgen({{ module_or_path: e.data.module }}); }};\n");
    let options = BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob =
        Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&source.into()), &options)?;
    Ok(Engine {
        script_url: Url::create_object_url_with_blob(&blob)?,
        module,
    })
}

/// The worker's glue and wasm as the page's own origin serves them.
async fn fetch_engine() -> JsResult<(String, js_sys::WebAssembly::Module)> {
    let window = window()?;
    let base = window
        .document()
        .and_then(|d| d.base_uri().ok().flatten())
        .ok_or_else(|| JsError::missing("the page's address"))?;
    let glue_url = Url::new_with_base(WORKER_GLUE, &base)?.href();
    let wasm_url = Url::new_with_base(WORKER_WASM, &base)?.href();
    let glue: web_sys::Response = JsFuture::from(window.fetch_with_str(&glue_url))
        .await?
        .dyn_into()?;
    if !glue.ok() {
        return Err(JsError(format!("{WORKER_GLUE}: HTTP {}", glue.status())));
    }
    let glue = JsFuture::from(glue.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    let module = JsFuture::from(js_sys::WebAssembly::compile_streaming(
        &window.fetch_with_str(&wasm_url),
    ))
    .await?
    .dyn_into()?;
    Ok((glue, module))
}

/// Compiles the worker's wasm carried by a single-file page.
async fn compile_embedded() -> JsResult<js_sys::WebAssembly::Module> {
    let bytes =
        embedded::file(WORKER_WASM)?.ok_or_else(|| JsError::missing("the worker's wasm"))?;
    Ok(JsFuture::from(js_sys::WebAssembly::compile(&bytes))
        .await?
        .dyn_into()?)
}
