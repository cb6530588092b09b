//! The measured recommendations: asked for when their view is shown, for the segmentation
//! on screen, and put in the store when they arrive. They take seconds, so they are
//! computed on demand, not after every analysis.

use super::{send, with};
use crate::layers::LayersStoreFields;
use crate::protocol::{Request, RequestId, StageTiming};
use crate::web::js::now_ms;
use crate::web::state::{RecsStatus, Workbench};
use leptos::prelude::*;
use segwork_core::pipeline::RecsLayer;
use std::sync::Arc;

/// Asks the worker for the recommendations of the segmentation on screen, unless they
/// are shown, already asked for, or an analysis is running (its answer changes them).
pub fn recommend(wb: Workbench) {
    let running = with(|s| s.pending.is_some());
    let (params, shown) = wb
        .layers
        .with_untracked(|l| (l.params.clone(), l.recs_shown().is_some()));
    let Some(params) = params.filter(|_| !running && !shown) else {
        return;
    };
    if matches!(wb.recs.get_untracked(), RecsStatus::Running { .. })
        && with(|s| s.recs_for.as_ref() == Some(&params))
    {
        return;
    }
    let id = with(|s| {
        s.next_id += 1;
        s.recs_id = Some(s.next_id);
        s.recs_for = Some(params.clone());
        s.next_id
    });
    wb.recs.set(RecsStatus::Running { since: now_ms() });
    send(wb, &Request::Recommend { id, params }, None);
}

/// True when `id` is the recommendations request waited for.
pub(super) fn is_asked(id: Option<RequestId>) -> bool {
    id.is_some() && with(|s| s.recs_id) == id
}

/// The recommendations arrived: shown when they belong to the segmentation on screen.
pub(super) fn recommended(
    wb: Workbench,
    id: RequestId,
    layer: Arc<RecsLayer>,
    timing: StageTiming,
    wasm_memory_bytes: f64,
) {
    if !is_asked(Some(id)) {
        return;
    }
    with(|s| s.recs_id = None);
    wb.layers.recs().set(Some(layer));
    wb.recs.set(RecsStatus::Idle);
    crate::web::timing::recs_done(timing, wasm_memory_bytes);
}

/// The recommendations request failed.
pub(super) fn failed(wb: Workbench, message: String) {
    with(|s| s.recs_id = None);
    wb.recs.set(RecsStatus::Failed(message));
}

/// The worker was replaced: a request it had is not coming back.
pub(super) fn forget(wb: Workbench) {
    with(|s| {
        s.recs_id = None;
        s.recs_for = None;
    });
    if matches!(wb.recs.get_untracked(), RecsStatus::Running { .. }) {
        wb.recs.set(RecsStatus::Idle);
    }
}
