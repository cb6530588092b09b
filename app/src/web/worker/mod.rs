//! The worker side: owns the analysis core and the prepared file between requests.
//!
//! Requests run one at a time, synchronously inside `onmessage`; the page cancels a run by
//! terminating this worker. A panic posts a `Crash` answer from the panic hook before the
//! wasm instance traps, so the page can replace the worker; running out of memory traps
//! without a hook and reaches the page as the worker's `error` event.

mod helper;
mod insights;
mod recs;
mod sweep;

use super::js::{buffer_of, bytes_of, now_ms, JsError, JsResult};
use crate::protocol::{decode, encode, Failure, Held, Request, RequestId, Response, StageTiming};
use insights::InsightsJob;
use segwork_core::{AnalysisParams, Error, Prepared, Progress, Stage};
use std::cell::{Cell, RefCell};
use std::sync::Arc;
use sweep::SweepJob;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Progress inside a stage is posted at most this often.
const PROGRESS_EVERY_MS: f64 = 50.0;

thread_local! {
    static PREPARED: RefCell<Option<Prepared>> = const { RefCell::new(None) };
    static CURRENT: Cell<Option<RequestId>> = const { Cell::new(None) };
}

/// Entry point of the worker binary.
pub fn start() {
    std::panic::set_hook(Box::new(on_panic));
    if helper::attach() {
        // A helper answers the worker over its port only.
        return;
    }
    let scope = scope();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(handle);
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as its handler: leak it on purpose.
    on_message.forget();
    post(&Response::Ready, None);
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Posts a response, transferring its encoded bytes (and `extra`, if any).
fn post(response: &Response, extra: Option<&js_sys::ArrayBuffer>) {
    if let Err(e) = try_post(response, extra) {
        web_sys::console::error_1(&format!("worker could not answer: {e}").into());
    }
}

fn try_post(response: &Response, extra: Option<&js_sys::ArrayBuffer>) -> JsResult<()> {
    let buffer = buffer_of(&encode(response)?);
    let message = js_sys::Object::new();
    js_sys::Reflect::set(&message, &"msg".into(), &buffer)?;
    let transfer = js_sys::Array::of1(&buffer);
    if let Some(extra) = extra {
        transfer.push(extra);
    }
    scope().post_message_with_transfer(&message, &transfer)?;
    Ok(())
}

fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    let message = info.to_string();
    web_sys::console::error_1(&format!("worker panicked: {message}").into());
    if helper::is_helper() {
        return helper::panicked(message);
    }
    let id = CURRENT.with(Cell::get);
    post(
        &Response::Failed {
            id,
            failure: Failure::Crash { message },
        },
        None,
    );
}

fn field(data: &JsValue, name: &str) -> JsResult<js_sys::ArrayBuffer> {
    js_sys::Reflect::get(data, &name.into())?
        .dyn_into::<js_sys::ArrayBuffer>()
        .map_err(|_| JsError(format!("message without its `{name}` buffer")))
}

fn handle(event: MessageEvent) {
    let data = event.data();
    if helper::is_lost_notice(&data) {
        return helper::lost();
    }
    if helper::busy() {
        return helper::queue(data);
    }
    handle_data(data);
}

/// Runs one message from the page (see [`handle`]).
fn handle_data(data: JsValue) {
    let request = match field(&data, "msg").and_then(|b| Ok(decode::<Request>(&bytes_of(&b))?)) {
        Ok(r) => r,
        Err(e) => {
            let failure = Failure::Protocol {
                message: e.to_string(),
            };
            return post(&Response::Failed { id: None, failure }, None);
        }
    };
    let id = request.id();
    if !matches!(request, Request::Recommend { .. } | Request::Lists { .. }) {
        // A new file or analysis replaces the sweep and the analyses of the previous one.
        SweepJob::drop_pending();
        InsightsJob::drop_pending();
    }
    CURRENT.with(|c| c.set(Some(id)));
    let response = match request {
        Request::Prepare { id, options, clean } => match field(&data, "file") {
            Ok(file) => prepare(id, bytes_of(&file), &options, &clean),
            Err(e) => Response::Failed {
                id: Some(id),
                failure: Failure::Protocol {
                    message: e.to_string(),
                },
            },
        },
        Request::Analyse { id, params, held } => {
            let response = analyse(id, &params, &held);
            if matches!(response, Response::Analysed { .. }) {
                InsightsJob::start(id, params, *held);
            }
            response
        }
        Request::Recommend { id, params } => match helper::recommend(id, &params) {
            Some(response) => response,
            // Answered when the helper has made its half.
            None => return CURRENT.with(|c| c.set(None)),
        },
        Request::Lists {
            id,
            params,
            customers,
        } => recs::lists(id, &params, customers.as_deref()),
    };
    post(&response, None);
    CURRENT.with(|c| c.set(None));
}

fn failed(id: RequestId, e: Error) -> Response {
    Response::Failed {
        id: Some(id),
        failure: Failure::Core(e),
    }
}

fn prepare(
    id: RequestId,
    bytes: Vec<u8>,
    options: &segwork_core::LoadOptions,
    clean: &segwork_core::CleanParams,
) -> Response {
    let mut clock = Clock::new(id);
    match segwork_core::prepare(bytes, options, clean, &mut |p| clock.on(p)) {
        Ok(prepared) => {
            let report = Arc::clone(&prepared.report);
            PREPARED.with(|p| *p.borrow_mut() = Some(prepared));
            Response::Prepared {
                id,
                report,
                timings: clock.timings,
            }
        }
        // The previous file stays: the page still shows its results.
        Err(e) => failed(id, e),
    }
}

/// Answers with the layers the page does not hold, as soon as the segments are ready;
/// the k sweep, when the page does not hold the one asked for, follows as a `Swept`
/// answer, computed one k per task (see [`SweepJob`]).
fn analyse(id: RequestId, params: &AnalysisParams, held: &Held) -> Response {
    let mut clock = Clock::new(id);
    let first = AnalysisParams {
        model: params.model.clone().without_sweep(),
        ..params.clone()
    };
    let result = PREPARED.with(|p| {
        p.borrow().as_ref().map(|prepared| {
            segwork_core::analyse(prepared, &first, &mut |e| clock.on(e))
                .map(|analysis| (analysis, prepared.keys(params)))
        })
    });
    match result {
        None => Response::Failed {
            id: Some(id),
            failure: Failure::NoFile,
        },
        Some(Err(e)) => failed(id, e),
        Some(Ok((analysis, keys))) => {
            if let Some(key) = held.sweep_to_compute(&keys) {
                SweepJob::start(id, params.clone(), key);
            }
            Response::Analysed {
                id,
                params: Box::new(params.clone()),
                layers: held.missing(&analysis),
                total_ms: now_ms() - clock.started,
                timings: clock.timings,
                wasm_memory_bytes: wasm_memory_bytes(),
            }
        }
    }
}

fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

/// Timestamps the core's progress events (the core reads no clock) and forwards them.
struct Clock {
    id: RequestId,
    started: f64,
    stage_started: f64,
    last_post: f64,
    timings: Vec<StageTiming>,
}

impl Clock {
    fn new(id: RequestId) -> Self {
        let now = now_ms();
        Self {
            id,
            started: now,
            stage_started: now,
            last_post: 0.0,
            timings: vec![],
        }
    }

    fn on(&mut self, event: Progress) {
        let now = now_ms();
        let progress = |stage: Stage, fraction| Response::Progress {
            id: self.id,
            stage,
            fraction,
            elapsed_ms: now - self.started,
        };
        match event {
            Progress::Started(stage) => {
                self.stage_started = now;
                self.last_post = now;
                post(&progress(stage, None), None);
            }
            Progress::Within(stage, f) if now - self.last_post >= PROGRESS_EVERY_MS => {
                self.last_post = now;
                post(&progress(stage, Some(f)), None);
            }
            Progress::Within(..) => {}
            Progress::Finished(stage) => self.timings.push(StageTiming {
                stage,
                ms: now - self.stage_started,
            }),
        }
    }
}
