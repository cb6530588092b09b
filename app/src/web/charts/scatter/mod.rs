//! The customers on two principal components, coloured by segment.
//!
//! plotters draws the points once per analysis or axis change on the base canvas; hover,
//! the selected customer and the brush are drawn on a transparent canvas above it, from
//! the pixel position of each point kept at drawing time, so moving the mouse never
//! redraws the 4,000 points.

mod draw;
mod overlay;

use crate::format;
use crate::selection::{inside, nearest, step, Direction};
use crate::web::download;
use crate::web::state::Workbench;
use draw::draw_base;
use leptos::html::Canvas;
use leptos::prelude::*;
use overlay::{draw_overlay, Marks};
use segwork_core::columns::Feature;
use segwork_core::Analysis;
use web_sys::MouseEvent;

const WIDTH: u32 = 640;
const HEIGHT: u32 = 470;
const FONT_SIZE: u32 = 12;
/// How close (in pixels) the mouse must be to a point to hover it.
const REACH: f64 = 8.0;
/// A drag shorter than this is a click.
const CLICK_SLOP: f64 = 4.0;

/// Pixel position of every drawn point, with its row in the customer table.
type Points = Vec<(f64, f64, usize)>;
/// A brush being drawn: where the drag started and where the mouse is, in pixels.
type Brush = ((f64, f64), (f64, f64));

/// The hover card: who the customer is and the features a marketer looks at first.
fn tooltip(a: &Analysis, wb: Workbench, row: usize) -> String {
    let c = &a.customers;
    let f = |feature: Feature| {
        c.features
            .get(row)
            .and_then(|r| r.get(feature.index()))
            .copied()
            .unwrap_or(f64::NAN)
    };
    let segment = c.segment.get(row).copied().flatten().map_or_else(
        || "Outlier".to_owned(),
        |s| format!("{}. {}", s + 1, wb.segment_name(s)),
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

#[component]
pub fn Scatter(axes: Signal<(usize, usize)>) -> impl IntoView {
    let wb = Workbench::get();
    let base = NodeRef::<Canvas>::new();
    let overlay = NodeRef::<Canvas>::new();
    let points: StoredValue<Points> = StoredValue::new(vec![]);
    let hover: RwSignal<Option<(usize, f64, f64)>> = RwSignal::new(None);
    let drag: StoredValue<Option<Brush>> = StoredValue::new(None);
    let outside = RwSignal::new(0usize);

    let redraw_overlay = move || {
        let Some(canvas) = overlay.get_untracked() else {
            return;
        };
        let (selected, hovered) = (
            wb.selected.get_untracked(),
            hover.get_untracked().map(|h| h.0),
        );
        wb.brushed.with_untracked(|brushed| {
            points.with_value(|points| {
                draw_overlay(
                    &canvas,
                    &Marks {
                        points,
                        hover: hovered,
                        selected,
                        brushed,
                        brush: drag.get_value(),
                    },
                );
            });
        });
    };
    Effect::new(move |_| {
        let (Some(canvas), show) = (base.get(), wb.show_outliers.get()) else {
            return;
        };
        let axes = axes.get();
        let drawn = wb.analysis.with(|a| {
            a.as_ref()
                .map_or(Ok((vec![], 0)), |a| draw_base(&canvas, a, axes, show))
        });
        match drawn {
            Ok((p, hidden)) => {
                points.set_value(p);
                outside.set(hidden);
                crate::web::timing::scatter_drawn();
            }
            Err(e) => web_sys::console::error_1(&format!("scatter: {e}").into()),
        }
        redraw_overlay();
    });
    Effect::new(move |_| {
        wb.selected.track();
        wb.brushed.track();
        hover.track();
        redraw_overlay();
    });

    let point_of =
        move |ev: &MouseEvent| overlay.get_untracked().map(|c| super::canvas_point(&c, ev));
    let on_down = move |ev: MouseEvent| {
        if let Some(p) = point_of(&ev) {
            drag.set_value(Some((p, p)));
        }
    };
    let on_move = move |ev: MouseEvent| {
        let Some(p) = point_of(&ev) else { return };
        if let Some((start, _)) = drag.get_value() {
            drag.set_value(Some((start, p)));
            return redraw_overlay();
        }
        let row = points.with_value(|pts| nearest(pts, p.0, p.1, REACH));
        if row != hover.get_untracked().map(|h| h.0) {
            hover.set(row.map(|r| (r, p.0, p.1)));
        }
    };
    let on_up = move |ev: MouseEvent| {
        let (Some(end), Some((start, _))) = (point_of(&ev), drag.get_value()) else {
            return;
        };
        drag.set_value(None);
        if (end.0 - start.0).hypot(end.1 - start.1) < CLICK_SLOP {
            let row = points.with_value(|pts| nearest(pts, end.0, end.1, REACH));
            wb.selected.set(row);
            redraw_overlay();
        } else {
            wb.brushed
                .set(points.with_value(|pts| inside(pts, start, end)));
        }
    };
    let on_leave = move |_| {
        hover.set(None);
        if drag.get_value().is_some() {
            drag.set_value(None);
            redraw_overlay();
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let key = ev.key();
        if key == "Escape" {
            wb.brushed.set(vec![]);
            wb.selected.set(None);
            hover.set(None);
            return;
        }
        let Some(direction) = Direction::of_key(&key) else {
            return;
        };
        ev.prevent_default();
        let centre = (f64::from(WIDTH) / 2.0, f64::from(HEIGHT) / 2.0);
        let moved = points.with_value(|pts| {
            let row = step(pts, wb.selected.get_untracked(), direction, centre)?;
            pts.iter().find(|p| p.2 == row).copied()
        });
        if let Some((x, y, row)) = moved {
            wb.selected.set(Some(row));
            // The hover card (a status region) says who it is.
            hover.set(Some((row, x, y)));
        }
    };
    let save = move |_| {
        if let Some(c) = base.get_untracked() {
            let _ = download::canvas_png(&c, "segments-scatter.png");
        }
    };
    let tip = move || {
        hover.get().and_then(|(row, x, y)| {
            let text = wb.analysis.with(|a| a.as_ref().map(|a| tooltip(a, wb, row)))?;
            let scale = overlay.get_untracked().map_or(1.0, |c| c.get_bounding_client_rect().width() / f64::from(c.width()).max(1.0));
            Some(view! {
                <div class="tooltip" role="status" data-testid="scatter-tooltip"
                    style:left=format!("{:.0}px", x * scale + 12.0) style:top=format!("{:.0}px", y * scale + 12.0)>{text}</div>
            })
        })
    };
    view! {
        <figure class="chart scatter">
            <figcaption>
                <span>"Customers on the principal components — hover for details, click to pick one, drag to select a group"</span>
                <button class="button small" on:click=save aria-label="Save the scatter plot as PNG">"Save PNG"</button>
            </figcaption>
            <div class="stack">
                <canvas node_ref=base width=WIDTH height=HEIGHT data-testid="chart-scatter" aria-hidden="true"></canvas>
                <canvas node_ref=overlay width=WIDTH height=HEIGHT class="overlay" tabindex="0" data-testid="scatter-overlay"
                    role="img" aria-label="Scatter plot of customers by segment. Use the arrow keys to move from customer to customer, Escape to clear the selection; or pick a customer by id on the Recommendations tab."
                    on:mousedown=on_down on:mousemove=on_move on:mouseup=on_up on:mouseleave=on_leave on:keydown=on_key></canvas>
                {tip}
            </div>
            <p class="hint" data-testid="scatter-outside">{move || match outside.get() {
                0 => String::new(),
                n => format!("{} extreme customers lie outside this view (it spans 99% of the segmented customers).", format::count(n)),
            }}</p>
        </figure>
    }
}
