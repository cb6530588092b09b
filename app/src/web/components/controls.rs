//! The model settings. Each change re-runs the analysis in the worker on the file it
//! already holds; when only k changes, the k sweep is kept.

use crate::settings::{COMPONENTS_RANGE, CONTAMINATION_MAX, K_RANGE};
use crate::web::session::change_settings as change;
use crate::web::state::Workbench;
use leptos::prelude::*;
use segwork_core::Mode;

#[component]
fn NumberField(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    min: String,
    max: String,
    step: &'static str,
    value: Signal<String>,
    on_commit: impl Fn(String) + 'static,
) -> impl IntoView {
    let wb = Workbench::get();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input type="number" id=id min=min max=max step=step
                prop:value=value
                disabled=move || wb.running.with(Option::is_some)
                aria-describedby=format!("{id}-hint")
                on:change=move |ev| on_commit(event_target_value(&ev))/>
            <p class="hint" id=format!("{id}-hint")>{hint}</p>
        </div>
    }
}

#[component]
pub fn Controls() -> impl IntoView {
    let wb = Workbench::get();
    let s = wb.settings;
    let busy = move || wb.running.with(Option::is_some);
    let on_mode = move |ev| match event_target_value(&ev).parse::<Mode>() {
        Ok(mode) => change(wb, |s| s.mode = mode),
        Err(e) => wb.error.set(Some(e.to_string())),
    };
    let modes = Mode::ALL
        .map(|m| {
            view! {
                <option value=m.name() title=m.about() prop:selected=move || s.get().mode == m>{m.label()}</option>
            }
        })
        .to_vec();
    let parse = |text: String| text.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    view! {
        <section class="controls panel" aria-labelledby="controls-title">
            <h2 id="controls-title">"Settings"</h2>
            <div class="field">
                <label for="setting-mode">"Mode"</label>
                <select id="setting-mode" on:change=on_mode disabled=busy>{modes}</select>
            </div>
            <NumberField id="setting-k" label="Number of segments (k)" hint="Compare values on “Choosing k”."
                min=K_RANGE.start().to_string() max=K_RANGE.end().to_string() step="1"
                value=Signal::derive(move || s.get().k.to_string())
                on_commit=move |t| if let Some(v) = parse(t) { change(wb, |s| s.k = v.round().max(0.0) as usize) }/>
            <NumberField id="setting-contamination" label="Outlier share" hint="Share of customers set aside as outliers (0–0.45)."
                min="0".to_owned() max=CONTAMINATION_MAX.to_string() step="0.01"
                value=Signal::derive(move || s.get().contamination.to_string())
                on_commit=move |t| if let Some(v) = parse(t) { change(wb, |s| s.contamination = v) }/>
            <NumberField id="setting-components" label="Principal components" hint="Dimensions kept before clustering."
                min=COMPONENTS_RANGE.start().to_string() max=COMPONENTS_RANGE.end().to_string() step="1"
                value=Signal::derive(move || s.get().components.to_string())
                on_commit=move |t| if let Some(v) = parse(t) { change(wb, |s| s.components = v.round().max(0.0) as usize) }/>
            <NumberField id="setting-seed" label="Random seed" hint="Same seed, same file: same segments."
                min="0".to_owned() max="4294967295".to_owned() step="1"
                value=Signal::derive(move || s.get().seed.to_string())
                on_commit=move |t| if let Some(v) = parse(t) { change(wb, |s| s.seed = v.round().max(0.0) as u64) }/>
            <p class="hint">"A change re-runs the model only; the file is not read again."</p>
        </section>
    }
}
