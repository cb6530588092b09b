//! The figures of the last run, published as `window.__segworkLastRun` for the benchmark
//! and the end-to-end tests: `{ stages: [{stage, ms}], total_ms, wasm_memory_bytes, ... }`.

use super::js::{log, window, JsResult};
use crate::protocol::StageTiming;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

pub struct Figures {
    /// Per stage, measured in the worker with `performance.now()`.
    pub stages: Vec<StageTiming>,
    /// From the user's action (drop, setting change) to the results decoded on this page.
    pub total_ms: f64,
    /// Worker time of the analysis request alone.
    pub worker_ms: f64,
    /// Decoding the answer on this thread (the only part of the run on the main thread
    /// besides drawing).
    pub decode_ms: f64,
    pub wasm_memory_bytes: f64,
}

fn set(target: &Object, key: &str, value: &JsValue) -> JsResult<()> {
    Reflect::set(target, &key.into(), value)?;
    Ok(())
}

fn to_js(f: &Figures) -> JsResult<Object> {
    let stages = Array::new();
    for t in &f.stages {
        let entry = Object::new();
        set(&entry, "stage", &format!("{:?}", t.stage).into())?;
        set(&entry, "label", &t.stage.label().into())?;
        set(&entry, "ms", &t.ms.into())?;
        stages.push(&entry);
    }
    let out = Object::new();
    set(&out, "stages", &stages)?;
    set(&out, "total_ms", &f.total_ms.into())?;
    set(&out, "worker_ms", &f.worker_ms.into())?;
    set(&out, "decode_ms", &f.decode_ms.into())?;
    set(&out, "wasm_memory_bytes", &f.wasm_memory_bytes.into())?;
    Ok(out)
}

/// Sets `window.__segworkLastRun` and logs a one-line summary.
pub fn publish(f: &Figures) {
    let result = to_js(f).and_then(|o| -> JsResult<()> {
        let w: JsValue = window()?.into();
        Reflect::set(&w, &"__segworkLastRun".into(), &o)?;
        Ok(())
    });
    if let Err(e) = result {
        web_sys::console::error_1(&format!("could not publish run figures: {e}").into());
    }
    log(&format!(
        "segwork: analysis shown after {:.0} ms (worker {:.0} ms, decoding {:.1} ms, wasm memory {:.0} MiB)",
        f.total_ms,
        f.worker_ms,
        f.decode_ms,
        f.wasm_memory_bytes / 1048576.0
    ));
}

/// Sets `window.__segworkReady` (the page's `performance.now()`) when the first worker is
/// ready: from then on the page can take a file without any further request.
pub fn mark_ready() {
    let Ok(w) = window() else { return };
    let key: JsValue = "__segworkReady".into();
    if Reflect::get(&w, &key).is_ok_and(|v| v.is_undefined()) {
        let _ = Reflect::set(&w, &key, &super::js::now_ms().into());
    }
}
