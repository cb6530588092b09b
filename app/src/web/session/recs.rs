//! The measured recommendations: asked for when their view is shown, for the segmentation
//! on screen, and put in the store when they arrive. They take seconds, so they are
//! computed on demand, not after every analysis.

use super::{send, with};
use crate::layers::LayersStoreFields;
use crate::protocol::{HeldLists, HelperFigures, Request, RequestId, StageTiming};
use crate::web::js::now_ms;
use crate::web::state::{RecsStatus, Workbench};
use leptos::prelude::*;
use segwork_core::pipeline::RecsLayer;
use segwork_core::{AnalysisParams, Stage};
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
        let id = s.new_id();
        (s.recs_id, s.recs_for) = (Some(id), Some(params.clone()));
        id
    });
    wb.recs.set(RecsStatus::Running {
        since: now_ms(),
        stage: None,
        fraction: None,
    });
    send(wb, &Request::Recommend { id, params }, None);
}

/// The worker reported how far the recommendations it measures have got.
pub(super) fn progressed(wb: Workbench, stage: Stage, fraction: Option<f64>) {
    wb.recs.update(|status| {
        if let RecsStatus::Running {
            stage: s,
            fraction: f,
            ..
        } = status
        {
            (*s, *f) = (Some(stage), fraction);
        }
    });
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
    timings: &[StageTiming],
    total_ms: f64,
    memory: (f64, Option<HelperFigures>),
) {
    if !is_asked(Some(id)) {
        return;
    }
    with(|s| s.recs_id = None);
    wb.layers.recs().set(Some(layer));
    wb.recs.set(RecsStatus::Idle);
    crate::web::timing::recs_done(timings, total_ms, memory.0, memory.1);
}

/// The recommendations request failed.
pub(super) fn failed(wb: Workbench, message: String) {
    with(|s| s.recs_id = None);
    wb.recs.set(RecsStatus::Failed(message));
}

/// Asks the worker for the lists of customer `c` (ledger index) from the recommendations
/// shown, unless they are held or already asked for.
pub fn ask_lists(wb: Workbench, c: u32) {
    let (params, held) = wb.layers.with_untracked(|l| {
        let held = l
            .lists_shown()
            .is_some_and(|h| h.complete || h.lists.contains_key(&c));
        (l.params.clone().filter(|_| l.recs_shown().is_some()), held)
    });
    if let Some(params) = params.filter(|_| !held) {
        ask(wb, params, Some(c));
    }
}

/// Runs `then` once every customer's lists from the recommendations shown are held: now
/// when they are, else when they arrive (asked for here). An export uses it.
pub fn with_all_lists(wb: Workbench, then: Box<dyn FnOnce()>) {
    let (params, lacking) = wb
        .layers
        .with_untracked(|l| (l.params.clone(), l.lacks_all_lists()));
    match params.filter(|_| lacking) {
        None => then(),
        Some(params) => {
            with(|s| s.after_all_lists = Some(then));
            wb.making_lists.set(true);
            ask(wb, params, None);
        }
    }
}

/// Sends a lists request unless the same one is being waited for.
fn ask(wb: Workbench, params: AnalysisParams, customer: Option<u32>) {
    let asked = (params, customer);
    if with(|s| s.lists_id.is_some() && s.lists_for.as_ref() == Some(&asked)) {
        return;
    }
    let id = with(|s| {
        let id = s.new_id();
        (s.lists_id, s.lists_for) = (Some(id), Some(asked.clone()));
        id
    });
    let (params, customer) = asked;
    let customers = customer.map(|c| vec![c]);
    send(
        wb,
        &Request::Lists {
            id,
            params,
            customers,
        },
        None,
    );
}

/// True when `id` is the lists request waited for.
pub(super) fn lists_asked(id: Option<RequestId>) -> bool {
    id.is_some() && with(|s| s.lists_id) == id
}

/// Customers' lists arrived: kept with those already held for the same recommendations,
/// and the export waiting for all of them made.
pub(super) fn listed(wb: Workbench, id: RequestId, lists: Arc<HeldLists>, ms: f64) {
    if lists_asked(Some(id)) {
        with(|s| {
            s.lists_id = None;
            s.lists_for = None;
        });
    }
    wb.layers
        .lists()
        .update(|held| *held = Some(HeldLists::added(held.as_ref(), &lists)));
    crate::web::timing::lists_done(ms, lists.lists.len());
    if !wb.layers.with_untracked(|l| l.lacks_all_lists()) {
        wb.making_lists.set(false);
        if let Some(then) = with(|s| s.after_all_lists.take()) {
            then();
        }
    }
}

/// A lists request failed: said on the page, and a waiting export dropped.
pub(super) fn lists_failed(wb: Workbench, message: String) {
    with(|s| {
        s.lists_id = None;
        s.lists_for = None;
        s.after_all_lists = None;
    });
    wb.making_lists.set(false);
    wb.error.set(Some(format!(
        "The customers' lists could not be made: {message}"
    )));
}

/// The worker was replaced: a request it had is not coming back.
pub(super) fn forget(wb: Workbench) {
    with(|s| {
        s.recs_id = None;
        s.recs_for = None;
        s.lists_id = None;
        s.lists_for = None;
        s.after_all_lists = None;
    });
    wb.making_lists.set(false);
    if matches!(wb.recs.get_untracked(), RecsStatus::Running { .. }) {
        wb.recs.set(RecsStatus::Idle);
    }
}
