//! The customers on two principal components, coloured by segment.
//!
//! The points are drawn once per analysis or axis change on the base canvas; hover,
//! the selected customer and the brush are drawn on a transparent canvas above it, from
//! the pixel position of each point kept at drawing time, so moving the mouse never
//! redraws the 4,000 points.

mod draw;
mod overlay;
mod pointer;

use crate::format;
use crate::layers::Customers;
use crate::naming::SegmentName;
use crate::suggest::segment_label;
use crate::web::download;
use crate::web::state::Table;
use draw::draw_base;
use leptos::prelude::*;
pub use pointer::Picks;
use pointer::Pointer;
use segwork_core::columns::Feature;

const WIDTH: u32 = 640;
const HEIGHT: u32 = 470;
const FONT_SIZE: u32 = 12;

/// Pixel position of every drawn point, with its row in the customer table.
type Points = Vec<(f64, f64, usize)>;
/// A brush being drawn: where the drag started and where the mouse is, in pixels.
type Brush = ((f64, f64), (f64, f64));

/// The hover card: who the customer is and the features a marketer looks at first.
fn tooltip(c: Customers<'_>, names: &[SegmentName], row: usize) -> String {
    let f = |feature: Feature| c.feature(row, feature.index());
    let segment = c.segment.get(row).copied().flatten().map_or_else(
        || "Outlier".to_owned(),
        |s| format!("{}. {}", s + 1, segment_label(names, s)),
    );
    format!(
        "Customer {} · {} · spend {} · {} orders · last purchase {} days ago",
        c.ids.get(row).map_or("?", String::as_str),
        segment,
        format::number(f(Feature::TotalSpend), 0),
        format::number(f(Feature::TotalTransactions), 0),
        format::number(f(Feature::DaysSinceLastPurchase), 0),
    )
}

/// What the scatter shows.
#[derive(Clone, Copy)]
struct Shown {
    table: Signal<Option<Table>>,
    names: Signal<Vec<SegmentName>>,
    axes: Signal<(usize, usize)>,
    show_outliers: Signal<bool>,
}

/// Draws the points whenever the layers, the axes or the outlier switch change.
fn draw_points(shown: Shown, picks: Picks, p: Pointer, outside: RwSignal<usize>) {
    Effect::new(move |_| {
        let (Some(canvas), show) = (p.base.get(), shown.show_outliers.get()) else {
            return;
        };
        let axes = shown.axes.get();
        let drawn = shown.table.with(|t| {
            t.as_ref()
                .map_or(Ok((vec![], 0)), |t| draw_base(&canvas, t, axes, show))
        });
        match drawn {
            Ok((points, hidden)) => {
                p.points.set_value(points);
                outside.set(hidden);
                crate::web::timing::scatter_drawn();
            }
            Err(e) => web_sys::console::error_1(&format!("scatter: {e}").into()),
        }
        p.redraw_overlay();
    });
    Effect::new(move |_| {
        picks.selected.track();
        picks.brushed.track();
        p.hover.track();
        p.redraw_overlay();
    });
}

/// The hover card, placed next to the point.
fn tip(shown: Shown, p: Pointer) -> impl IntoView {
    move || {
        p.hover.get().and_then(|(row, x, y)| {
            let text = shown.table.with(|t| {
                let c = t.as_ref()?.customers()?;
                shown.names.with(|names| Some(tooltip(c, names, row)))
            })?;
            let scale = p.overlay.get_untracked().map_or(1.0, |c| {
                c.get_bounding_client_rect().width() / f64::from(c.width()).max(1.0)
            });
            Some(view! {
                <div class="tooltip" role="status" data-testid="scatter-tooltip"
                    style:left=format!("{:.0}px", x * scale + 12.0) style:top=format!("{:.0}px", y * scale + 12.0)>{text}</div>
            })
        })
    }
}

/// The customers of `table` on two principal components (`axes`); a click picks one and
/// a drag brushes a group, into `picks`.
#[component]
pub fn Scatter(
    table: Signal<Option<Table>>,
    names: Signal<Vec<SegmentName>>,
    axes: Signal<(usize, usize)>,
    show_outliers: Signal<bool>,
    picks: Picks,
) -> impl IntoView {
    let shown = Shown {
        table,
        names,
        axes,
        show_outliers,
    };
    let p = Pointer::new(picks);
    let outside = RwSignal::new(0usize);
    draw_points(shown, picks, p, outside);
    let save = move |_| {
        if let Some(c) = p.base.get_untracked() {
            if let Err(e) = download::canvas_png(&c, "segments-scatter.png") {
                web_sys::console::error_1(&format!("scatter: {e}").into());
            }
        }
    };
    view! {
        <figure class="chart scatter">
            <figcaption>
                <span>"Customers on the principal components — hover for details, click to pick one, drag to select a group"</span>
                <button class="button small" on:click=save aria-label="Save the scatter plot as PNG">"Save PNG"</button>
            </figcaption>
            <div class="stack">
                <canvas node_ref=p.base width=WIDTH height=HEIGHT data-testid="chart-scatter" aria-hidden="true"></canvas>
                <canvas node_ref=p.overlay width=WIDTH height=HEIGHT class="overlay" tabindex="0" data-testid="scatter-overlay"
                    role="img" aria-label="Scatter plot of customers by segment. Use the arrow keys to move from customer to customer, Escape to clear the selection; or pick a customer by id on the Recommendations tab."
                    on:mousedown=move |ev| p.down(&ev) on:mousemove=move |ev| p.moved(&ev) on:mouseup=move |ev| p.up(&ev)
                    on:mouseleave=move |_| p.leave() on:keydown=move |ev| p.key(&ev)></canvas>
                {tip(shown, p)}
            </div>
            <p class="hint" data-testid="scatter-outside">{move || match outside.get() {
                0 => String::new(),
                n => format!("{} extreme customers lie outside this view (it spans 99% of the segmented customers).", format::count(n)),
            }}</p>
        </figure>
    }
}
