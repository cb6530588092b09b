//! The worker's answers: progress, a prepared file, an analysis to show, a failure or a
//! dead worker. Answers to requests the page gave up on are ignored.

use super::{cancel, is_current, restore_settings, send, with};
use crate::protocol::{Failure, Request, Response, StageTiming};
use crate::settings::{merge_sweep, Settings};
use crate::web::client::Event;
use crate::web::js::now_ms;
use crate::web::state::{MappingNeeded, SweepProgress, Workbench};
use crate::web::timing;
use leptos::prelude::*;
use segwork_core::{Error, LoadError, Stage};
use std::sync::Arc;

pub(super) fn on_event(wb: Workbench, event: Event) {
    match event {
        Event::Died(detail) => crashed(wb, &detail),
        Event::Answer {
            response,
            decode_ms,
        } => on_response(wb, response, decode_ms),
    }
}

fn crashed(wb: Workbench, detail: &str) {
    let running = with(|s| s.pending.is_some());
    cancel(wb);
    let what = if running {
        "The analysis stopped"
    } else {
        "The analysis engine stopped"
    };
    wb.error.set(Some(format!(
        "{what} ({detail}). If the file is very large, the browser may have run out of memory for this page. The engine has been restarted; your results so far are kept."
    )));
}

fn on_response(wb: Workbench, response: Response, decode_ms: f64) {
    match response {
        Response::Ready => timing::mark_ready(),
        Response::Progress {
            id,
            stage,
            fraction,
            ..
        } if is_current(Some(id)) => {
            wb.running.update(|r| {
                // A skipped stage (the reused sweep) still reports; it is not shown.
                if let Some(r) = r.as_mut().filter(|r| r.stages.contains(&stage)) {
                    r.stage = Some(stage);
                    r.fraction = fraction;
                }
            });
        }
        // The k sweep after the segments on screen.
        Response::Progress {
            id,
            stage: Stage::Sweep,
            fraction: Some(f),
            ..
        } if with(|s| s.shown_id) == Some(id) => wb.sweep.set(SweepProgress::Running(f)),
        Response::Prepared { id, timings, .. } if is_current(Some(id)) => {
            let params = with(|s| {
                s.worker_holds_shown = false;
                s.pending.as_mut().map(|p| {
                    p.prepare_timings = timings;
                    p.params.clone()
                })
            });
            if let Some(params) = params {
                send(wb, &Request::Analyse { id, params }, None);
            }
        }
        Response::Analysed {
            id,
            analysis,
            timings,
            total_ms,
            wasm_memory_bytes,
        } if is_current(Some(id)) => {
            let Some(p) = with(|s| s.pending.take()) else {
                return;
            };
            let previous = wb.analysis.get_untracked();
            let analysis = merge_sweep(*analysis, previous.as_deref().filter(|_| p.reused_sweep));
            let stages: Vec<StageTiming> =
                p.prepare_timings.iter().chain(&timings).copied().collect();
            let figures = timing::Figures {
                stages,
                total_ms: now_ms() - p.started,
                worker_ms: total_ms,
                decode_ms,
                wasm_memory_bytes,
                sweep_pending: !p.params.model.sweep.is_empty(),
            };
            with(|s| {
                s.shown = Some(p.source.clone());
                s.worker_holds_shown = true;
                s.shown_id = Some(id);
            });
            wb.sweep.set(SweepProgress::Running(0.0));
            show(wb, analysis, &p.source.name);
            timing::publish(&figures);
        }
        Response::Swept { id, sweep, timing } if with(|s| s.shown_id) == Some(id) => {
            wb.analysis.update(|a| {
                if let Some(a) = a {
                    Arc::make_mut(a).sweep = sweep;
                }
            });
            timing::sweep_done(timing);
        }
        Response::Failed { id, failure } if is_current(id) => failed(wb, failure),
        _ => {}
    }
}

fn show(wb: Workbench, analysis: segwork_core::Analysis, name: &str) {
    let rows = analysis.customers.ids.len();
    wb.settings.set(Settings::of(&analysis.params));
    wb.file_name.set(Some(name.to_owned()));
    wb.selected.update(|s| *s = s.filter(|&r| r < rows));
    wb.brushed.set(vec![]);
    wb.analysis.set(Some(Arc::new(analysis)));
    wb.running.set(None);
}

fn failed(wb: Workbench, failure: Failure) {
    let pending = with(|s| s.pending.take());
    wb.running.set(None);
    restore_settings(wb);
    if let (
        Failure::Core(Error::Load(LoadError::MissingColumns {
            sheet,
            missing,
            found,
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
