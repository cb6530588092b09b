//! The progress bar: the current stage by name, progress inside it, and Cancel.

use crate::format;
use crate::web::session;
use crate::web::state::{Running, Workbench};
use leptos::prelude::*;

fn label(r: &Running) -> String {
    match r.stage {
        None => format!("Starting the analysis of {}…", r.subject),
        Some(stage) => {
            let at = r
                .stages
                .iter()
                .position(|s| *s == stage)
                .map_or(1, |i| i + 1);
            let within = r
                .fraction
                .map(|f| format!(" — {}", format::percent(f)))
                .unwrap_or_default();
            format!("Step {at} of {}: {}{within}", r.stages.len(), stage.label())
        }
    }
}

#[component]
pub fn ProgressBar() -> impl IntoView {
    let wb = Workbench::get();
    move || {
        wb.running.get().map(|r| {
            let percent = (r.overall() * 100.0).round();
            view! {
                <section class="progress panel" data-testid="progress" aria-live="polite">
                    <p class="subject">"Analysing " <strong>{r.subject.clone()}</strong></p>
                    <div class="bar" role="progressbar" aria-label="Analysis progress"
                        aria-valuemin="0" aria-valuemax="100" aria-valuenow=percent.to_string()
                        aria-valuetext=label(&r)>
                        <div class="fill" style:width=format!("{percent}%")></div>
                    </div>
                    <p class="stage" data-testid="progress-stage">{label(&r)}</p>
                    <button class="button" on:click=move |_| session::cancel(wb)>"Cancel"</button>
                </section>
            }
        })
    }
}
