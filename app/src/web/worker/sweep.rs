//! The k sweep after an analysis, computed one k per task.

use super::{failed, post, scope, CURRENT, PREPARED};
use crate::protocol::{Failure, RequestId, Response, StageTiming};
use crate::web::js::now_ms;
use segwork_core::pipeline::{Sweep, SweepKey};
use segwork_core::{AnalysisParams, Stage};
use std::cell::RefCell;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The k sweep after an analysis, one k per task: between two k values the worker reads
/// its messages, so a new request (another k, say) waits for one k at most, not for the
/// whole sweep. A new request drops the job; the clusterings it made stay in the prepared
/// file's cache, so a sweep asked for again does not redo them.
pub(super) struct SweepJob {
    id: RequestId,
    params: AnalysisParams,
    key: SweepKey,
    ks: Vec<usize>,
    points: Vec<segwork_core::model::SweepPoint>,
    started: f64,
}

thread_local! {
    static SWEEP: RefCell<Option<SweepJob>> = const { RefCell::new(None) };
}

impl SweepJob {
    pub(super) fn start(id: RequestId, params: AnalysisParams, key: SweepKey) {
        let job = SweepJob {
            id,
            params,
            ks: key.ks.clone().collect(),
            key,
            points: vec![],
            started: now_ms(),
        };
        SWEEP.with(|s| *s.borrow_mut() = Some(job));
        schedule_sweep_step();
    }

    pub(super) fn drop_pending() {
        SWEEP.with(|s| s.borrow_mut().take());
    }

    /// Sweeps the next k; answers when every k is done.
    fn step() {
        let Some(mut job) = SWEEP.with(|s| s.borrow_mut().take()) else {
            return;
        };
        CURRENT.with(|c| c.set(Some(job.id)));
        let Some(&k) = job.ks.get(job.points.len()) else {
            return;
        };
        let swept = PREPARED.with(|p| {
            p.borrow()
                .as_ref()
                .map(|prepared| segwork_core::sweep(prepared, &job.params, k..=k, &mut |_| {}))
        });
        let done = match swept {
            None => Some(Response::Failed {
                id: Some(job.id),
                failure: Failure::NoFile,
            }),
            Some(Err(e)) => Some(failed(job.id, e)),
            Some(Ok(points)) => {
                job.points.extend(points);
                let finished = job.points.len() >= job.ks.len();
                finished.then(|| Response::Swept {
                    id: job.id,
                    sweep: Arc::new(Sweep {
                        key: job.key.clone(),
                        points: std::mem::take(&mut job.points),
                    }),
                    timing: StageTiming {
                        stage: Stage::Sweep,
                        ms: now_ms() - job.started,
                    },
                })
            }
        };
        CURRENT.with(|c| c.set(None));
        match done {
            Some(response) => post(&response, None),
            None => {
                post(
                    &Response::Progress {
                        id: job.id,
                        stage: Stage::Sweep,
                        fraction: Some(job.points.len() as f64 / job.ks.len() as f64),
                        elapsed_ms: now_ms() - job.started,
                    },
                    None,
                );
                SWEEP.with(|s| *s.borrow_mut() = Some(job));
                schedule_sweep_step();
            }
        }
    }
}

/// Runs the next sweep step as a new task, after any message already waiting.
fn schedule_sweep_step() {
    let step = Closure::once_into_js(SweepJob::step);
    if let Err(e) =
        scope().set_timeout_with_callback_and_timeout_and_arguments_0(step.unchecked_ref(), 0)
    {
        web_sys::console::error_1(&format!("worker could not schedule the k sweep: {e:?}").into());
    }
}
