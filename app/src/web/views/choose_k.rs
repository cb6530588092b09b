//! Choosing k: the elbow and silhouette curves side by side, the current k marked, and
//! a button per k (the keyboard way to pick one; clicking the charts works too).

use crate::format;
use crate::web::charts::SweepCharts;
use crate::web::components::change_k;
use crate::web::state::{SweepProgress, Workbench};
use leptos::prelude::*;

/// What the pending sweep has done so far: "Comparing k = 2 to 12… 4 of 11 done".
fn sweep_status(wb: &Workbench) -> String {
    let (from, to) = wb.analysis.with(|a| {
        a.as_ref().map_or((2, 12), |a| {
            (*a.params.model.sweep.start(), *a.params.model.sweep.end())
        })
    });
    let total = (to + 1).saturating_sub(from);
    match wb.sweep.get() {
        SweepProgress::Running(f) => {
            let done = (f * total as f64).round() as usize;
            format!(
                "Comparing k = {from} to {to}… {done} of {total} done. The segments are ready; these charts follow in a few seconds."
            )
        }
        SweepProgress::Stopped => format!(
            "The comparison of k = {from} to {to} was stopped with the analysis. Change any setting to compute it again."
        ),
    }
}

#[component]
pub fn ChooseK() -> impl IntoView {
    let wb = Workbench::get();
    let buttons = move || {
        let Some(a) = wb.analysis.get() else {
            return vec![];
        };
        let current = a.params.model.k;
        a.sweep
            .iter()
            .map(|p| {
                let k = p.k;
                view! {
                    <button class="button kbutton" class:active=k == current aria-pressed=(k == current).to_string()
                        data-testid=format!("choose-k-{k}")
                        disabled=move || wb.running.with(Option::is_some)
                        on:click=move |_| change_k(wb, k)>
                        <strong>{format!("k = {k}")}</strong>
                        <span>{format!("silhouette {}", format::number(p.silhouette, 3))}</span>
                    </button>
                }
            })
            .collect::<Vec<_>>()
    };
    let scores = move || {
        wb.analysis.get().map(|a| {
            format!(
                "Current k = {}: silhouette {}, Calinski–Harabasz {}, Davies–Bouldin {} (lower is better).",
                a.params.model.k,
                format::number(a.scores.silhouette, 3),
                format::number(a.scores.calinski_harabasz, 1),
                format::number(a.scores.davies_bouldin, 3),
            )
        })
    };
    // The worker sends the segments first and the sweep a few seconds later.
    let pending = move || {
        wb.analysis.with(|a| {
            a.as_ref()
                .is_some_and(|a| a.sweep.is_empty() && !a.params.model.sweep.is_empty())
        })
    };
    view! {
        <section aria-labelledby="choose-k-title">
            <h2 id="choose-k-title">"Choosing the number of segments"</h2>
            <p class="summary">"Inertia always falls as k grows: look for the bend where it stops paying off. "
                "The silhouette says how well each customer fits its own segment rather than the nearest other one. "
                "Click a chart or a button to try another k."</p>
            <p class="summary" data-testid="current-scores">{scores}</p>
            <Show when=pending>
                <p class="summary" role="status" data-testid="sweep-pending">
                    {move || sweep_status(&wb)}
                </p>
            </Show>
            <SweepCharts/>
            <div class="kbuttons" role="group" aria-label="Choose k">{buttons}</div>
        </section>
    }
}
