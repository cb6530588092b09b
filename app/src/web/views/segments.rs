//! Segments: the scatter on chosen principal components, what is picked or brushed in
//! it, each segment's generated name, description and size, and the profile heatmap.

use crate::format;
use crate::layers::LayersStoreFields;
use crate::selection::{summarise, SUMMARY_FEATURES};
use crate::web::charts::{css_colour, Picks, ProfileHeatmap, Scatter, SegmentSizes};
use crate::web::state::{Tab, Workbench};
use leptos::prelude::*;
use segwork_core::columns::Feature;

fn axis_select(
    id: &'static str,
    label: &'static str,
    axis: RwSignal<usize>,
    kept: Memo<usize>,
) -> impl IntoView {
    let options = move || {
        (0..kept.get())
            .map(|i| view! { <option value=i.to_string() prop:selected=move || axis.get() == i>{format!("PC{}", i + 1)}</option> })
            .collect::<Vec<_>>()
    };
    view! {
        <label for=id>{label}</label>
        <select id=id on:change=move |ev| if let Ok(i) = event_target_value(&ev).parse() { axis.set(i) }>{options}</select>
    }
}

#[component]
fn Legend() -> impl IntoView {
    let wb = Workbench::get();
    move || {
        let s = wb.layers.segmentation().get()?;
        let outliers = wb
            .layers
            .model()
            .with(|m| m.as_ref().map(|m| m.outlier.iter().filter(|o| **o).count()))?;
        let names = wb.names.get();
        let cards = s
            .segments
            .iter()
            .map(|s| {
                let (name, description) = names.get(s.id).map(|n| (n.name.clone(), n.description.clone())).unwrap_or_default();
                view! {
                    <li class="segment-card" data-segment=s.id.to_string()>
                        <span class="swatch" style:background-color=css_colour(s.id)></span>
                        <div>
                            <strong>{format!("{}. {name}", s.id + 1)}</strong>
                            <span class="size" data-testid="segment-size">{format!("{} customers", format::count(s.size))}</span>
                            <p class="hint">{description}</p>
                        </div>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <ul class="segments" data-testid="segment-sizes">{cards}
                <li class="segment-card"><span class="swatch outlier"></span>
                    <div><strong>"Outliers"</strong><span class="size">{format!("{} customers", format::count(outliers))}</span>
                    <p class="hint">"Unusual customers set aside before clustering (drawn as grey crosses)."</p></div>
                </li>
            </ul>
        })
    }
}

#[component]
fn SelectionPanel() -> impl IntoView {
    let wb = Workbench::get();
    let picked = move || {
        let row = wb.selected.get()?;
        let t = wb.table()?;
        let c = t.customers()?;
        let segment = c.segment.get(row).copied().flatten().map_or_else(
            || "An outlier: set aside before clustering.".to_owned(),
            |s| format!("In segment {}: {}.", s + 1, wb.segment_name(s)),
        );
        let facts = SUMMARY_FEATURES
            .iter()
            .map(|&f| view! { <li>{format!("{}: {}", f.label(), format::auto(c.feature(row, f.index())))}</li> })
            .collect_view();
        Some(view! {
            <div class="panel picked" data-testid="picked-customer">
                <h3>{format!("Customer {}", c.ids.get(row).map_or("?", String::as_str))}</h3>
                <p>{segment}</p>
                <ul>{facts}</ul>
                <button class="button primary" on:click=move |_| wb.tab.set(Tab::Recommendations)>"See recommendations"</button>
            </div>
        })
    };
    let brushed = move || {
        let rows = wb.brushed.get();
        if rows.is_empty() {
            return None;
        }
        let t = wb.table()?;
        let s = summarise(t.customers()?, &rows, t.segmentation.segments.len());
        let per = s.per_segment.iter().enumerate().filter(|(_, n)| **n > 0).map(|(i, n)| view! {
            <li><span class="swatch" style:background-color=css_colour(i)></span>{format!("{}. {}: {}", i + 1, wb.segment_name(i), format::count(*n))}</li>
        }).collect_view();
        let medians = s.medians.iter().map(|(f, v): &(Feature, f64)| view! { <li>{format!("Median {}: {}", f.label().to_lowercase(), format::auto(*v))}</li> }).collect_view();
        Some(view! {
            <div class="panel brushed" data-testid="brush-summary">
                <h3>{format!("{} customers selected", format::count(s.customers))}</h3>
                <ul class="plain">{per}{(s.outliers > 0).then(|| view! { <li>{format!("Outliers: {}", s.outliers)}</li> })}</ul>
                <ul class="plain">{medians}</ul>
                <button class="button" on:click=move |_| wb.brushed.set(vec![])>"Clear selection"</button>
            </div>
        })
    };
    view! {
        <div class="side">
            {picked}
            {brushed}
            <p class="hint">"Drag on the plot to select a group; click a point to pick a customer, or use the arrow keys once the plot has focus; Escape clears."</p>
        </div>
    }
}

#[component]
pub fn Segments() -> impl IntoView {
    let wb = Workbench::get();
    let x = RwSignal::new(0usize);
    let y = RwSignal::new(1usize);
    let kept = Memo::new(move |_| {
        wb.layers
            .model()
            .with(|m| m.as_ref().map_or(2, |m| m.pca.kept.max(2)))
    });
    let axes = Signal::derive(move || {
        let k = kept.get();
        (x.get().min(k - 1), y.get().min(k - 1))
    });
    let scores = move || {
        wb.table().map(|t| {
            let (s, pca) = (&t.segmentation, &t.model.pca);
            format!(
                "{} segments of {} customers; silhouette {}; {} principal components explain {} of the variance.",
                s.segments.len(),
                format::count(t.features.ids.len()),
                format::silhouette(s),
                pca.kept,
                format::percent(pca.cumulative),
            )
        })
    };
    let segmentation = Signal::derive(move || wb.layers.segmentation().get());
    let outliers = Signal::derive(move || {
        wb.layers.model().with(|m| {
            m.as_ref()
                .map_or(0, |m| m.outlier.iter().filter(|o| **o).count())
        })
    });
    let names = Signal::derive(move || wb.names.get());
    view! {
        <section aria-labelledby="segments-title">
            <h2 id="segments-title">"Segments"</h2>
            <p class="summary" data-testid="segments-summary">{scores}</p>
            <div class="toolbar">
                {axis_select("axis-x", "Horizontal axis", x, kept)}
                {axis_select("axis-y", "Vertical axis", y, kept)}
                <label class="check">
                    <input type="checkbox" prop:checked=move || wb.show_outliers.get()
                        on:change=move |ev| wb.show_outliers.set(event_target_checked(&ev))/>
                    "Show outliers"
                </label>
            </div>
            <div class="scatter-row">
                <Scatter table=Signal::derive(move || wb.table()) names axes
                    show_outliers=wb.show_outliers.into() picks=Picks { selected: wb.selected, brushed: wb.brushed }/>
                <SelectionPanel/>
            </div>
            <Legend/>
            <div class="chart-row"><SegmentSizes segmentation outliers names/></div>
            <ProfileHeatmap segmentation/>
        </section>
    }
}
