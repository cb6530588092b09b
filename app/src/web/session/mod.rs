//! The conversation with the worker: opening a file, re-analysing after a settings
//! change, cancelling, and surviving a worker crash without losing what is on screen.
//!
//! The worker keeps the prepared (read and cleaned) file; this side keeps the file itself
//! as a `Blob`, so after a cancel or a crash it can be prepared again without asking the
//! user, and a column mapping can re-read it.
//!
//! Views say what the user wants (`open`, `change_settings`, `choose_k`, `cancel`); only
//! this module sends requests, and only its answers write the store of layers.

mod answers;
mod files;
mod recs;
mod remembered;

pub use files::{apply_mapping, dismiss_mapping, open_sample, reread, switch_rule};
pub use recs::{ask_lists, recommend, with_all_lists};
pub use remembered::Remembered;

use crate::layers::{Layers, LayersStoreFields};
use crate::protocol::{Held, Request, RequestId, StageTiming};
use crate::settings::Settings;
use crate::web::client;
use crate::web::js::now_ms;
use crate::web::state::{Running, Workbench};
use leptos::prelude::*;
use segwork_core::pipeline::FileReport;
use segwork_core::{AnalysisParams, CleanParams, Keys, LoadOptions, Stage};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// A file the user gave us, kept so it can be read again.
#[derive(Clone)]
pub(super) struct Source {
    pub(super) blob: Blob,
    pub(super) name: String,
    pub(super) options: LoadOptions,
    /// The cleaning rules the user switched off for this file.
    pub(super) clean: CleanParams,
}

/// The request being waited for and what to do with its answer.
pub(super) struct Pending {
    pub(super) id: RequestId,
    pub(super) source: Source,
    pub(super) params: AnalysisParams,
    pub(super) started: f64,
    pub(super) prepare_timings: Vec<StageTiming>,
    /// The file's report, when this request read the file: shown with the analysis that
    /// follows, so a file whose analysis fails leaves the results on screen as they are.
    pub(super) report: Option<Arc<FileReport>>,
}

impl Session {
    /// A new request id: the ids of every kind of request come from one counter.
    pub(super) fn new_id(&mut self) -> RequestId {
        self.next_id += 1;
        self.next_id
    }
}

#[derive(Default)]
pub(super) struct Session {
    pub(super) next_id: RequestId,
    pub(super) pending: Option<Pending>,
    /// The file behind the results on screen.
    pub(super) shown: Option<Source>,
    /// True when the worker holds `shown` prepared.
    pub(super) worker_holds_shown: bool,
    /// The request whose analysis is on screen (its sweep may still arrive).
    pub(super) shown_id: Option<RequestId>,
    /// The recommendations request waited for, and the parameters it was sent with.
    pub(super) recs_id: Option<RequestId>,
    pub(super) recs_for: Option<AnalysisParams>,
    /// The customers' lists request waited for, and the customer asked for (None: all).
    pub(super) lists_id: Option<RequestId>,
    pub(super) lists_for: Option<(AnalysisParams, Option<u32>)>,
    /// What to do once every customer's lists have arrived (an export waiting for them).
    pub(super) after_all_lists: Option<Box<dyn FnOnce()>>,
}

thread_local! {
    static SESSION: RefCell<Session> = RefCell::new(Session::default());
}

pub(super) fn with<T>(f: impl FnOnce(&mut Session) -> T) -> T {
    SESSION.with(|s| f(&mut s.borrow_mut()))
}

/// Starts the worker and routes its events into the workbench's signals.
pub fn start(wb: Workbench) {
    client::start(Rc::new(move |event| answers::on_event(wb, event)));
}

/// The stages a run goes through, for the progress bar: reading the file when the
/// worker does not hold it, and the k sweep when the page does not hold the one asked for.
fn stages(prepare: bool, sweep: bool) -> Vec<Stage> {
    Stage::ALL
        .into_iter()
        // The marketer's analyses follow the results, after the progress bar has gone.
        .filter(|s| !Stage::INSIGHTS.contains(s))
        // The recommendations are measured on demand, when their view is shown.
        .filter(|s| !Stage::RECOMMENDERS.contains(s))
        .filter(|s| prepare || !matches!(s, Stage::Load | Stage::Clean))
        .filter(|s| sweep || *s != Stage::Sweep)
        .collect()
}

/// True when a run with `params` on the file on screen computes a new k sweep.
fn needs_sweep(wb: Workbench, params: &AnalysisParams) -> bool {
    wb.layers.with_untracked(|l| {
        l.file.as_ref().is_none_or(|f| {
            l.held()
                .sweep_to_compute(&Keys::of(f.key, params))
                .is_some()
        })
    })
}

/// The keys of the layers on screen, for the next request.
pub(super) fn held(wb: Workbench) -> Held {
    wb.layers.with_untracked(Layers::held)
}

/// Reads and analyses a new file with the current settings.
pub fn open(wb: Workbench, blob: Blob, name: String, options: LoadOptions) {
    let clean = CleanParams::default();
    open_source(
        wb,
        Source {
            blob,
            name,
            options,
            clean,
        },
    );
}

/// Reads and analyses `source`, replacing any run in progress.
pub(super) fn open_source(wb: Workbench, source: Source) {
    // The worker runs one request at a time: a new file replaces a run in progress.
    if with(|s| s.pending.is_some()) {
        cancel(wb);
    }
    let params = wb.settings.get_untracked().params();
    wb.error.set(None);
    wb.mapping.set(None);
    wb.running.set(Some(Running {
        subject: source.name.clone(),
        stage: None,
        fraction: None,
        stages: stages(true, true),
    }));
    begin(wb, source, params, true);
}

/// The user edited the settings: clamps them, and re-analyses if anything changed.
pub fn change_settings(wb: Workbench, edit: impl FnOnce(&mut Settings)) {
    let old = wb.settings.get_untracked();
    let mut new = old;
    edit(&mut new);
    let new = new.clamped();
    if new != old {
        wb.settings.set(new);
        reanalyse(wb, new);
    }
}

/// The user chose a k (on "Choosing k"); ignored while a run is in progress.
pub fn choose_k(wb: Workbench, k: usize) {
    if wb.running.with_untracked(Option::is_none) {
        change_settings(wb, |s| s.k = k);
    }
}

/// Re-analyses the file on screen after a settings change; the file is not read again
/// unless the worker lost it.
fn reanalyse(wb: Workbench, settings: Settings) {
    let Some(source) = with(|s| s.shown.clone()) else {
        return;
    };
    let params = settings.params();
    let prepare = !with(|s| s.worker_holds_shown);
    wb.error.set(None);
    let subject = format!("{} with new settings", source.name);
    wb.running.set(Some(Running {
        subject,
        stage: None,
        fraction: None,
        stages: stages(prepare, needs_sweep(wb, &params)),
    }));
    begin(wb, source, params, prepare);
}

fn begin(wb: Workbench, source: Source, params: AnalysisParams, prepare: bool) {
    let id = with(Session::new_id);
    let started = now_ms();
    let pending = Pending {
        id,
        source: source.clone(),
        params: params.clone(),
        started,
        prepare_timings: vec![],
        report: None,
    };
    with(|s| s.pending = Some(pending));
    if !prepare {
        let held = Box::new(held(wb));
        return send(wb, &Request::Analyse { id, params, held }, None);
    }
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(source.blob.array_buffer()).await {
            Ok(buffer) if with(|s| s.pending.as_ref().map(|p| p.id)) == Some(id) => {
                let buffer = js_sys::ArrayBuffer::from(buffer);
                send(
                    wb,
                    &Request::Prepare {
                        id,
                        options: source.options.clone(),
                        clean: source.clean.clone(),
                    },
                    Some(buffer),
                );
            }
            Ok(_) => {}
            Err(e) => fail(
                wb,
                format!(
                    "The file could not be read: {}",
                    crate::web::js::JsError::from(e)
                ),
            ),
        }
    });
}

pub(super) fn send(wb: Workbench, request: &Request, file: Option<js_sys::ArrayBuffer>) {
    if let Err(e) = client::send(request, file) {
        fail(wb, format!("The analysis could not start: {e}"));
    }
}

/// Stops the run: the worker is replaced, the results on screen stay.
pub fn cancel(wb: Workbench) {
    with(|s| {
        s.pending = None;
        s.worker_holds_shown = false;
    });
    // A sweep still owed for the results on screen will not come from the new worker.
    wb.layers.sweep_progress().set(None);
    recs::forget(wb);
    wb.running.set(None);
    reconcile_settings(wb);
    if let Err(e) = client::restart() {
        wb.error.set(Some(format!(
            "The analysis engine could not be restarted: {e}. Reload the page."
        )));
    }
}

/// The controls show the settings of the results on screen: after new results, and
/// after a run that failed or was cancelled. The one place settings follow the results.
pub(super) fn reconcile_settings(wb: Workbench) {
    if let Some(params) = wb.layers.params().get_untracked() {
        wb.settings.set(Settings::of(&params));
    }
}

fn fail(wb: Workbench, message: String) {
    with(|s| s.pending = None);
    wb.running.set(None);
    reconcile_settings(wb);
    wb.error.set(Some(message));
}

pub(super) fn is_current(id: Option<RequestId>) -> bool {
    let pending = with(|s| s.pending.as_ref().map(|p| p.id));
    id.is_none() || id == pending
}
