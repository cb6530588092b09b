//! The worker's answers: progress, a prepared file, an analysis to show, a failure or a
//! dead worker. Answers to requests the page gave up on are ignored.

use super::{cancel, held, is_current, reconcile_settings, send, with, Pending};
use crate::layers::{Layers, LayersStoreFields};
use crate::protocol::{Failure, Layer, Request, RequestId, Response, StageTiming};
use crate::web::client::Event;
use crate::web::js::now_ms;
use crate::web::state::{MappingNeeded, Workbench};
use crate::web::timing;
use leptos::prelude::*;
use segwork_core::pipeline::Sweep;
use segwork_core::{AnalysisParams, Error, LoadError, Stage};
use std::sync::Arc;

/// How the answer to an analysis reached the page.
struct Received {
    timings: Vec<StageTiming>,
    worker_ms: f64,
    wasm_memory_bytes: f64,
    bytes: usize,
    decode_ms: f64,
}

pub(super) fn on_event(wb: Workbench, event: Event) {
    match event {
        Event::Died(detail) => crashed(wb, &detail),
        Event::Answer {
            response,
            bytes,
            decode_ms,
        } => on_response(wb, *response, bytes, decode_ms),
    }
}

/// An abort trap (`unreachable`) with no panic reported before it: panics reach the page
/// as a `Crash` answer from the hook first, so this is an allocation that failed inside
/// Rust's allocator, which aborts without a hook.
fn failed_allocation(detail: &str) -> bool {
    detail.contains("unreachable")
}

fn crashed(wb: Workbench, detail: &str) {
    let running = with(|s| s.pending.is_some());
    cancel(wb);
    if running && failed_allocation(detail) {
        let failure = Failure::Crash {
            message: format!("memory allocation failed: {detail}"),
        };
        wb.error.set(Some(failure.message()));
        return;
    }
    let what = if running {
        "The analysis stopped"
    } else {
        "The analysis engine stopped"
    };
    wb.error.set(Some(format!(
        "{what} ({detail}). If the file is very large, the browser may have run out of memory for this page. The engine has been restarted; your results so far are kept."
    )));
}

fn on_response(wb: Workbench, response: Response, bytes: usize, decode_ms: f64) {
    match response {
        Response::Ready => timing::mark_ready(),
        Response::Progress {
            id,
            stage,
            fraction,
            ..
        } if is_current(Some(id)) => {
            wb.running.update(|r| {
                // A stage the run skips (the sweep, when kept) still reports; it is not shown.
                if let Some(r) = r.as_mut().filter(|r| r.stages.contains(&stage)) {
                    r.stage = Some(stage);
                    r.fraction = fraction;
                }
            });
        }
        // The recommendations being measured.
        Response::Progress {
            id,
            stage,
            fraction,
            ..
        } if super::recs::is_asked(Some(id)) => super::recs::progressed(wb, stage, fraction),
        // The k sweep after the segments on screen.
        Response::Progress {
            id,
            stage: Stage::Sweep,
            fraction: Some(f),
            ..
        } if with(|s| s.shown_id) == Some(id) => wb.layers.sweep_progress().set(Some(f)),
        Response::Prepared {
            id,
            report,
            timings,
        } if is_current(Some(id)) => {
            let params = with(|s| {
                s.worker_holds_shown = false;
                s.pending.as_mut().map(|p| {
                    p.prepare_timings = timings;
                    p.report = Some(report);
                    p.params.clone()
                })
            });
            if let Some(params) = params {
                let held = Box::new(held(wb));
                send(wb, &Request::Analyse { id, params, held }, None);
            }
        }
        Response::Analysed {
            id,
            params,
            layers,
            timings,
            total_ms,
            wasm_memory_bytes,
        } if is_current(Some(id)) => {
            let Some(p) = with(|s| s.pending.take()) else {
                return;
            };
            let received = Received {
                timings,
                worker_ms: total_ms,
                wasm_memory_bytes,
                bytes,
                decode_ms,
            };
            analysed(wb, id, p, *params, layers, received);
        }
        Response::Swept { sweep, timing, .. } => swept(wb, sweep, timing),
        Response::Insights {
            id,
            layers,
            timings,
        } if Some(id) == with(|s| s.shown_id) => {
            insights(wb, layers, timings);
        }
        Response::Recommended {
            id,
            layer,
            timings,
            total_ms,
            wasm_memory_bytes,
            helper,
        } => super::recs::recommended(
            wb,
            id,
            layer,
            &timings,
            total_ms,
            (wasm_memory_bytes, helper),
        ),
        Response::Listed { id, lists, ms } => super::recs::listed(wb, id, lists, ms),
        Response::Failed { id, failure } if super::recs::lists_asked(id) && !failure.is_crash() => {
            super::recs::lists_failed(wb, failure.message());
        }
        Response::Failed { id, failure } if super::recs::is_asked(id) && !failure.is_crash() => {
            super::recs::failed(wb, failure.message());
        }
        Response::Failed { id, failure } if is_current(id) => failed(wb, failure),
        // The k sweep of the results on screen failed: it is not coming.
        Response::Failed { id, failure } if id.is_some() && id == with(|s| s.shown_id) => {
            wb.layers.sweep_progress().set(None);
            web_sys::console::error_1(&format!("k sweep: {}", failure.message()).into());
        }
        _ => {}
    }
}

/// Shows the layers of an analysis (with the file's report, when the file was read for
/// it) and publishes the run's figures.
fn analysed(
    wb: Workbench,
    id: RequestId,
    p: Pending,
    params: AnalysisParams,
    layers: Vec<Layer>,
    r: Received,
) {
    let store = wb.layers;
    if let Some(report) = p.report {
        store.file().set(Some(report));
    }
    for layer in layers {
        put(store, layer);
    }
    store.params().set(Some(params));
    let sweep_pending = store.with_untracked(Layers::sweep_pending);
    store.sweep_progress().set(sweep_pending.then_some(0.0));
    with(|s| {
        s.shown = Some(p.source.clone());
        s.worker_holds_shown = true;
        s.shown_id = Some(id);
    });
    let rows = store
        .features()
        .with_untracked(|f| f.as_ref().map_or(0, |f| f.ids.len()));
    reconcile_settings(wb);
    wb.file_name.set(Some(p.source.name.clone()));
    wb.selected.update(|s| *s = s.filter(|&r| r < rows));
    wb.brushed.set(vec![]);
    wb.running.set(None);
    timing::publish(&timing::Figures {
        stages: p
            .prepare_timings
            .iter()
            .chain(&r.timings)
            .copied()
            .collect(),
        total_ms: now_ms() - p.started,
        worker_ms: r.worker_ms,
        decode_ms: r.decode_ms,
        wasm_memory_bytes: r.wasm_memory_bytes,
        response_bytes: r.bytes,
        sweep_pending,
    });
}

/// Puts a layer in its place in the store, so only the views reading it update.
fn put(store: reactive_stores::Store<Layers>, layer: Layer) {
    match layer {
        Layer::Features(f) => store.features().set(Some(f)),
        Layer::Model(m) => store.model().set(Some(m)),
        Layer::Segmentation(s) => store.segmentation().set(Some(s)),
        Layer::Names(n) => store.names().set(Some(n)),
        Layer::Rfm(l) => store.rfm().set(Some(l)),
        Layer::Lifetime(l) => store.lifetime().set(Some(l)),
        Layer::Cohorts(l) => store.cohorts().set(Some(l)),
        Layer::Baskets(l) => store.baskets().set(Some(l)),
    }
}

/// Shows the marketer's analyses made on the file on screen; any other is stale.
fn insights(wb: Workbench, layers: Vec<Layer>, timings: Vec<StageTiming>) {
    let file = wb
        .layers
        .file()
        .with_untracked(|f| f.as_ref().map(|f| f.key));
    let of_file = |l: &Layer| match l {
        Layer::Names(x) => Some(x.file),
        Layer::Rfm(x) => Some(x.key.file),
        Layer::Lifetime(x) => Some(x.key.file),
        Layer::Cohorts(x) => Some(x.key.file),
        Layer::Baskets(x) => Some(x.key.file),
        _ => None,
    };
    for layer in layers {
        if of_file(&layer).is_some() && of_file(&layer) == file {
            put(wb.layers, layer);
        }
    }
    timing::insights_done(&timings);
}

/// Shows a k sweep made on the model on screen; any other is stale.
fn swept(wb: Workbench, sweep: Arc<Sweep>, timing: StageTiming) {
    let store = wb.layers;
    let fits = store
        .model()
        .with_untracked(|m| m.as_ref().is_some_and(|m| m.key == sweep.key.model));
    if fits {
        store.sweep().set(Some(sweep));
        store.sweep_progress().set(None);
        timing::sweep_done(timing);
    }
}

fn failed(wb: Workbench, failure: Failure) {
    let pending = with(|s| s.pending.take());
    wb.running.set(None);
    // The worker dropped the sweep it was computing when it took the failed request.
    wb.layers.sweep_progress().set(None);
    reconcile_settings(wb);
    if let (
        Failure::Core(Error::Load(LoadError::MissingColumns {
            sheet,
            missing,
            found,
            preview,
        })),
        Some(p),
    ) = (&failure, &pending)
    {
        super::files::await_mapping(p.source.clone());
        wb.mapping.set(Some(MappingNeeded {
            file_name: p.source.name.clone(),
            sheet: sheet.clone(),
            missing: missing.clone(),
            found: found.clone(),
            preview: preview.as_deref().cloned(),
            remembered: preview
                .as_ref()
                .and_then(|p| super::remembered::recall(&p.headers)),
        }));
        return;
    }
    if failure.is_crash() {
        cancel(wb);
    }
    if failure == Failure::NoFile {
        with(|s| s.worker_holds_shown = false);
    }
    wb.error.set(Some(failure.message()));
}
