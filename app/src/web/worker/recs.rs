//! Recommendation requests: the measured recommendations of a segmentation, and customers'
//! lists from them.

use super::{failed, wasm_memory_bytes, Clock, PREPARED};
use crate::protocol::{Failure, HeldLists, HelperFigures, RequestId, Response};
use crate::web::js::now_ms;
use segwork_core::pipeline::RecsLayer;
use segwork_core::{AnalysisParams, Error};
use std::sync::Arc;

/// The measured recommendations for the segmentation `params` give, made here in full
/// (kept, or computed with the segmentation when it is not kept).
pub(super) fn recommend_now(id: RequestId, params: &AnalysisParams, mut clock: Clock) -> Response {
    let result = PREPARED.with(|p| {
        p.borrow().as_ref().map(|prepared| {
            segwork_core::pipeline::recommendations(prepared, params, &mut |e| clock.on(e))
        })
    });
    answer_recommended(id, result, &clock, None)
}

/// The answer to a `Recommend` request from its result (None: no file), with the helper's
/// figures (wait, memory) when it made EASE's half.
pub(super) fn answer_recommended(
    id: RequestId,
    result: Option<Result<Arc<RecsLayer>, Error>>,
    clock: &Clock,
    helper: Option<HelperFigures>,
) -> Response {
    match result {
        None => Response::Failed {
            id: Some(id),
            failure: Failure::NoFile,
        },
        Some(Err(e)) => failed(id, e),
        Some(Ok(layer)) => Response::Recommended {
            id,
            layer,
            total_ms: now_ms() - clock.started,
            timings: clock.timings.clone(),
            wasm_memory_bytes: wasm_memory_bytes(),
            helper,
        },
    }
}

/// Customers' lists from the recommendations `params` give: kept since they were
/// measured, so only the lists are made now (every customer's when `customers` is None).
pub(super) fn lists(id: RequestId, params: &AnalysisParams, customers: Option<&[u32]>) -> Response {
    let started = now_ms();
    let result = PREPARED.with(|p| {
        p.borrow()
            .as_ref()
            .map(|prepared| segwork_core::pipeline::recommendations(prepared, params, &mut |_| {}))
    });
    let layer = match result {
        None => {
            return Response::Failed {
                id: Some(id),
                failure: Failure::NoFile,
            }
        }
        Some(Err(e)) => return failed(id, e),
        Some(Ok(layer)) => layer,
    };
    let report = match &layer.outcome {
        Ok(report) => report,
        Err(e) => return failed(id, e.clone()),
    };
    let lists = match customers {
        Some(asked) => asked
            .iter()
            .filter_map(|&c| Some((c, report.lists(c)?)))
            .collect(),
        None => (0u32..).zip(report.with_all_lists().customers).collect(),
    };
    Response::Listed {
        id,
        lists: Arc::new(HeldLists {
            key: layer.key.clone(),
            lists,
            complete: customers.is_none(),
        }),
        ms: now_ms() - started,
    }
}
