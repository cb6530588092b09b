//! The marketer's analyses after an analysis, as a task of their own started a moment after
//! the segments are sent: computed at once, they kept a core busy while the page drew the
//! results, and on 2 cores the page's longest task grew from about 65 ms to about 110 ms
//! (sample file, measured). A new request drops a job not yet started.

use super::{failed, post, scope, Clock, PREPARED};
use crate::protocol::{Failure, Held, RequestId, Response};
use segwork_core::AnalysisParams;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// How long after the segments the analyses start: the page draws the results meanwhile.
const AFTER_MS: i32 = 250;

pub(super) struct InsightsJob {
    id: RequestId,
    params: AnalysisParams,
    held: Held,
}

thread_local! {
    static PENDING: RefCell<Option<InsightsJob>> = const { RefCell::new(None) };
}

impl InsightsJob {
    /// Computes the analyses for request `id` shortly, unless another request comes first.
    pub(super) fn start(id: RequestId, params: AnalysisParams, held: Held) {
        PENDING.with(|p| *p.borrow_mut() = Some(InsightsJob { id, params, held }));
        let run = Closure::once_into_js(InsightsJob::run);
        if let Err(e) = scope()
            .set_timeout_with_callback_and_timeout_and_arguments_0(run.unchecked_ref(), AFTER_MS)
        {
            web_sys::console::error_1(
                &format!("worker could not schedule the analyses: {e:?}").into(),
            );
        }
    }

    /// A new request replaces the analyses of the previous one.
    pub(super) fn drop_pending() {
        PENDING.with(|p| p.borrow_mut().take());
    }

    fn run() {
        let Some(job) = PENDING.with(|p| p.borrow_mut().take()) else {
            return;
        };
        post(&job.answer(), None);
    }

    /// Always an answer (with no layers when the page holds them all), so the page knows
    /// the run is complete.
    fn answer(&self) -> Response {
        let mut clock = Clock::new(self.id);
        let result = PREPARED.with(|p| {
            p.borrow().as_ref().map(|prepared| {
                segwork_core::pipeline::insights(prepared, &self.params.insights, &mut |e| {
                    clock.on(e)
                })
            })
        });
        match result {
            None => Response::Failed {
                id: Some(self.id),
                failure: Failure::NoFile,
            },
            Some(Err(e)) => failed(self.id, e),
            Some(Ok(insights)) => Response::Insights {
                id: self.id,
                layers: self.held.insights.missing(&insights),
                timings: clock.timings,
            },
        }
    }
}
