//! The figures of the last run, published as `window.__segworkLastRun` for the benchmark
//! and the end-to-end tests: `{ seq, stages: [{stage, ms}], total_ms, wasm_memory_bytes,
//! response_bytes, ... }`,
//! where `seq` counts the runs shown since the page opened.

use super::js::{log, window, JsResult};
use crate::protocol::{HelperFigures, StageTiming};
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
    /// Size of the worker's answer on the wire: the layers that changed, so a new k sends
    /// only its segmentation.
    pub response_bytes: usize,
    /// The k sweep follows in a later answer ([`sweep_done`]).
    pub sweep_pending: bool,
}

thread_local! {
    /// How many runs were published: each run's `seq`, so that a test can wait for the
    /// next one by number.
    static SEQ: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// The figures last published, completed in place when the sweep arrives, so that a
    /// late sweep does not look like a new run.
    static LAST: std::cell::RefCell<Option<(Object, Vec<StageTiming>)>> = const { std::cell::RefCell::new(None) };
}

fn set(target: &Object, key: &str, value: &JsValue) -> JsResult<()> {
    Reflect::set(target, &key.into(), value)?;
    Ok(())
}

fn stages_js(stages: &[StageTiming]) -> JsResult<Array> {
    let out = Array::new();
    for t in stages {
        let entry = Object::new();
        set(&entry, "stage", &format!("{:?}", t.stage).into())?;
        set(&entry, "label", &t.stage.label().into())?;
        set(&entry, "ms", &t.ms.into())?;
        out.push(&entry);
    }
    Ok(out)
}

fn to_js(f: &Figures) -> JsResult<Object> {
    let out = Object::new();
    let seq = SEQ.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    set(&out, "seq", &seq.into())?;
    set(&out, "stages", &stages_js(&f.stages)?.into())?;
    set(&out, "sweep_pending", &f.sweep_pending.into())?;
    set(&out, "insights_ready", &false.into())?;
    set(&out, "total_ms", &f.total_ms.into())?;
    set(&out, "worker_ms", &f.worker_ms.into())?;
    set(&out, "decode_ms", &f.decode_ms.into())?;
    set(&out, "wasm_memory_bytes", &f.wasm_memory_bytes.into())?;
    set(&out, "response_bytes", &(f.response_bytes as f64).into())?;
    Ok(out)
}

/// Sets `window.__segworkLastRun` and logs a one-line summary.
pub fn publish(f: &Figures) {
    let result = to_js(f).and_then(|o| -> JsResult<()> {
        let w: JsValue = window()?.into();
        Reflect::set(&w, &"__segworkLastRun".into(), &o)?;
        LAST.with(|l| *l.borrow_mut() = Some((o, f.stages.clone())));
        Ok(())
    });
    if let Err(e) = result {
        web_sys::console::error_1(&format!("could not publish run figures: {e}").into());
    }
    log(&format!(
        "segwork: analysis shown after {:.0} ms (worker {:.0} ms, {} bytes sent to the page, decoding {:.1} ms, wasm memory {:.0} MiB)",
        f.total_ms,
        f.worker_ms,
        f.response_bytes,
        f.decode_ms,
        f.wasm_memory_bytes / 1048576.0
    ));
}

/// Adds the sweep's time to the figures last published, in stage order, and clears
/// their `sweep_pending`.
pub fn sweep_done(timing: StageTiming) {
    merge(&[timing], "sweep_pending", false);
}

/// Adds the marketer's analyses' times to the figures last published, in stage order,
/// and sets their `insights_ready`.
pub fn insights_done(timings: &[StageTiming]) {
    merge(timings, "insights_ready", true);
}

/// Adds the recommendations' stage times to the figures last published, sets their
/// `recs_ready`, `recs_ms` (the worker's time for all of them) and
/// `recs_wasm_memory_bytes` (the worker's memory afterwards), and `recs_helper`: null, or
/// when the helper made EASE's half, `{ wait_ms, busy_ms, wasm_memory_bytes, stages }`
/// (the worker's wait for it after its own half, the helper's time, memory and stages).
pub fn recs_done(
    timings: &[StageTiming],
    total_ms: f64,
    wasm_memory_bytes: f64,
    helper: Option<HelperFigures>,
) {
    merge(timings, "recs_ready", true);
    LAST.with(|l| {
        if let Some((object, _)) = l.borrow().as_ref() {
            let result = set(object, "recs_ms", &total_ms.into())
                .and_then(|()| set(object, "recs_wasm_memory_bytes", &wasm_memory_bytes.into()))
                .and_then(|()| set(object, "recs_helper", &helper_object(helper.as_ref())?));
            super::js::log_failure("publish the recommendations' figures", result);
        }
    });
}

/// The helper's figures as published (null without a helper).
fn helper_object(helper: Option<&HelperFigures>) -> JsResult<JsValue> {
    let Some(h) = helper else {
        return Ok(JsValue::NULL);
    };
    let o = Object::new();
    set(&o, "wait_ms", &h.wait_ms.into())?;
    set(&o, "busy_ms", &h.busy_ms.into())?;
    set(&o, "wasm_memory_bytes", &h.wasm_memory_bytes.into())?;
    set(&o, "stages", &stages_js(&h.timings)?.into())?;
    Ok(o.into())
}

/// Publishes the worker's time to make the customers' lists that last arrived, and how
/// many customers' they were, as `lists_ms` and `lists_customers`.
pub fn lists_done(ms: f64, customers: usize) {
    LAST.with(|l| {
        if let Some((object, _)) = l.borrow().as_ref() {
            let result = set(object, "lists_ms", &ms.into())
                .and_then(|()| set(object, "lists_customers", &(customers as f64).into()));
            super::js::log_failure("publish the lists' time", result);
        }
    });
}

fn merge(timings: &[StageTiming], flag: &str, value: bool) {
    LAST.with(|l| {
        let mut last = l.borrow_mut();
        let Some((object, stages)) = last.as_mut() else {
            return;
        };
        stages.retain(|t| timings.iter().all(|n| n.stage != t.stage));
        stages.extend_from_slice(timings);
        let rank = |s: segwork_core::Stage| segwork_core::Stage::ALL.iter().position(|x| *x == s);
        stages.sort_by_key(|t| rank(t.stage));
        let result = stages_js(stages)
            .and_then(|a| set(object, "stages", &a.into()))
            .and_then(|()| set(object, flag, &value.into()));
        if let Err(e) = result {
            web_sys::console::error_1(&format!("could not publish stage times: {e}").into());
        }
    });
}

/// Sets `window.__segworkReady` (the page's `performance.now()`) when the first worker is
/// ready: from then on the page can take a file without any further request.
pub fn mark_ready() {
    let Ok(w) = window() else { return };
    let key: JsValue = "__segworkReady".into();
    if Reflect::get(&w, &key).is_ok_and(|v| v.is_undefined()) {
        let set = Reflect::set(&w, &key, &super::js::now_ms().into());
        super::js::log_failure("mark the page ready", set);
    }
}

/// Sets `window.__segworkScatterDrawn` (the page's `performance.now()`) each time the
/// scatter's points are drawn, so that the benchmark can time a new k up to the redrawn
/// plot.
pub fn scatter_drawn() {
    let Ok(w) = window() else { return };
    let set = Reflect::set(
        &w,
        &"__segworkScatterDrawn".into(),
        &super::js::now_ms().into(),
    );
    super::js::log_failure("mark the scatter drawn", set);
}
