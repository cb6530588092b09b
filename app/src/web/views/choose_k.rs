//! Choosing k: the elbow and silhouette curves side by side, the current k marked, and
//! a button per k (the keyboard way to pick one; clicking the charts works too).

use crate::format;
use crate::layers::{sweep_for, LayersStoreFields};
use crate::web::charts::SweepCharts;
use crate::web::session::choose_k;
use crate::web::state::Workbench;
use leptos::prelude::*;
use segwork_core::model::SweepPoint;
use std::ops::RangeInclusive;

/// What the pending sweep has done so far: "Comparing k = 2 to 12… 4 of 11 done".
fn sweep_status(range: RangeInclusive<usize>, progress: Option<f64>) -> String {
    let (from, to) = (*range.start(), *range.end());
    let total = (to + 1).saturating_sub(from);
    match progress {
        Some(f) => {
            let done = (f * total as f64).round() as usize;
            format!(
                "Comparing k = {from} to {to}… {done} of {total} done. The segments are ready; these charts follow in a few seconds."
            )
        }
        None => format!(
            "The comparison of k = {from} to {to} was stopped with the analysis. Change any setting to compute it again."
        ),
    }
}

#[component]
pub fn ChooseK() -> impl IntoView {
    let wb = Workbench::get();
    let store = wb.layers;
    let current = Signal::derive(move || {
        store
            .segmentation()
            .with(|s| s.as_ref().map_or(0, |s| s.k()))
    });
    // The sweep made on the model shown; the worker sends it a few seconds after the
    // segments, and a new k keeps it.
    let points: Memo<Option<Vec<SweepPoint>>> = Memo::new(move |_| {
        let (model, sweep) = (store.model().get(), store.sweep().get());
        sweep_for(model.as_deref(), sweep.as_ref()).map(|s| s.points.clone())
    });
    let asked = Memo::new(move |_| {
        store.params().with(|p| {
            p.as_ref()
                .map_or(crate::settings::SWEEP, |p| p.model.sweep.clone())
        })
    });
    let pending = move || {
        points.with(Option::is_none)
            && !asked.with(RangeInclusive::is_empty)
            && store.model().with(Option::is_some)
    };
    let choose = Callback::new(move |k: usize| choose_k(wb, k));
    let buttons = move || {
        let current = current.get();
        points
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                let k = p.k;
                view! {
                    <button class="button kbutton" class:active=k == current aria-pressed=(k == current).to_string()
                        data-testid=format!("choose-k-{k}")
                        disabled=move || wb.running.with(Option::is_some)
                        on:click=move |_| choose.run(k)>
                        <strong>{format!("k = {k}")}</strong>
                        <span>{format!("silhouette {}", format::number(p.silhouette, 3))}</span>
                    </button>
                }
            })
            .collect::<Vec<_>>()
    };
    let scores = move || {
        store.segmentation().with(|s| {
            s.as_ref().map(|s| {
                format!(
                    "Current k = {}: silhouette {}, Calinski–Harabasz {}, Davies–Bouldin {} (lower is better).",
                    s.k(),
                    format::silhouette(s),
                    format::number(s.scores.calinski_harabasz, 1),
                    format::number(s.scores.davies_bouldin, 3),
                )
            })
        })
    };
    let status = move || sweep_status(asked.get(), store.sweep_progress().get());
    let chart_points = Signal::derive(move || points.get().unwrap_or_default());
    view! {
        <section aria-labelledby="choose-k-title">
            <h2 id="choose-k-title">"Choosing the number of segments"</h2>
            <p class="summary">"Inertia always falls as k grows: look for the bend where it stops paying off. "
                "The silhouette says how well each customer fits its own segment rather than the nearest other one. "
                "Click a chart or a button to try another k."</p>
            <p class="summary" data-testid="current-scores">{scores}</p>
            <ConstantFeatures/>
            <Show when=pending>
                <p class="summary" role="status" data-testid="sweep-pending">{status}</p>
            </Show>
            <SweepCharts points=chart_points current on_choose=choose/>
            <div class="kbuttons" role="group" aria-label="Choose k">{buttons}</div>
        </section>
    }
}

/// The features left out of the model because every customer has the same value.
#[component]
fn ConstantFeatures() -> impl IntoView {
    let store = Workbench::get().layers;
    let text = move || {
        store.features().with(|t| {
            let labels: Vec<&str> = t.as_ref()?.constant.iter().map(|f| f.label()).collect();
            (!labels.is_empty()).then(|| {
                format!(
                    "Left out of the model: {}. Every customer has the same value in this file, so {} cannot tell customers apart.",
                    labels.join(", "),
                    if labels.len() == 1 { "it" } else { "they" },
                )
            })
        })
    };
    move || {
        text().map(|c| view! { <p class="summary note" data-testid="constant-features">{c}</p> })
    }
}
