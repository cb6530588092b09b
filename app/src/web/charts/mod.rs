//! Charts drawn with plotters on canvases. Each chart is a component with typed inputs;
//! [`Chart`] owns the canvas, redraws it when the signals its `draw` reads change, and
//! offers the picture as a PNG.

mod backend;
mod bars;
mod heatmap;
mod histogram;
mod scatter;
mod sweep;

pub use bars::{BacktestBars, CleaningFunnel, SegmentSizes};
pub use heatmap::ProfileHeatmap;
pub use histogram::FeatureHistogram;
pub use scatter::{Picks, Scatter};
pub use sweep::SweepCharts;

use super::download;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

/// Result of drawing; the message goes to the console (a chart that fails to draw must
/// not take the page down).
pub type Drawn = Result<(), String>;

pub fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Segment colours (Tableau 10 and two more), distinguishable by most colour-blind people
/// in the first six.
const PALETTE: [RGBColor; 12] = [
    RGBColor(78, 121, 167),
    RGBColor(242, 142, 43),
    RGBColor(225, 87, 89),
    RGBColor(118, 183, 178),
    RGBColor(89, 161, 79),
    RGBColor(237, 201, 72),
    RGBColor(176, 122, 161),
    RGBColor(255, 157, 167),
    RGBColor(156, 117, 95),
    RGBColor(186, 176, 172),
    RGBColor(23, 190, 207),
    RGBColor(140, 86, 75),
];
pub const OUTLIER: RGBColor = RGBColor(150, 150, 150);
pub const INK: RGBColor = RGBColor(34, 34, 34);
pub const MUTED: RGBColor = RGBColor(110, 110, 110);
pub const FONT: &str = "sans-serif";

pub fn colour(segment: usize) -> RGBColor {
    PALETTE[segment % PALETTE.len()]
}

/// The CSS form of a segment colour, for legends in HTML.
pub fn css_colour(segment: usize) -> String {
    let RGBColor(r, g, b) = colour(segment);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// A drawing area over a canvas, cleared to white.
pub fn area(
    canvas: &HtmlCanvasElement,
) -> Result<DrawingArea<backend::Canvas, plotters::coord::Shift>, String> {
    let backend = backend::Canvas::new(canvas).ok_or("the canvas has no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(err)?;
    Ok(root)
}

/// A titled canvas with a "Save PNG" button. `draw` runs in an effect, so the chart is
/// redrawn whenever a signal it reads changes.
#[component]
pub fn Chart(
    #[prop(into)] title: String,
    /// The PNG's file name, without extension; also the canvas's test id.
    file: &'static str,
    width: u32,
    height: u32,
    draw: impl Fn(&HtmlCanvasElement) -> Drawn + 'static,
    #[prop(optional)] node: Option<NodeRef<Canvas>>,
    #[prop(optional)] on_click: Option<Callback<(f64, f64)>>,
) -> impl IntoView {
    let node = node.unwrap_or_default();
    Effect::new(move |_| {
        if let Some(canvas) = node.get() {
            if let Err(e) = draw(&canvas) {
                web_sys::console::error_1(&format!("chart {file}: {e}").into());
            }
        }
    });
    let save = move |_| {
        if let Some(canvas) = node.get_untracked() {
            if let Err(e) = download::canvas_png(&canvas, &format!("{file}.png")) {
                web_sys::console::error_1(&format!("chart {file}: {e}").into());
            }
        }
    };
    let click = move |ev: web_sys::MouseEvent| {
        if let (Some(cb), Some(canvas)) = (on_click, node.get_untracked()) {
            cb.run(canvas_point(&canvas, &ev));
        }
    };
    view! {
        <figure class="chart">
            <figcaption>
                <span>{title.clone()}</span>
                <button class="button small" on:click=save aria-label=format!("Save “{title}” as PNG")>"Save PNG"</button>
            </figcaption>
            <canvas node_ref=node width=width height=height role="img" aria-label=title.clone()
                data-testid=format!("chart-{file}") class:clickable=on_click.is_some() on:click=click></canvas>
        </figure>
    }
}

/// A mouse position in canvas pixels (the canvas may be scaled by CSS).
pub fn canvas_point(canvas: &HtmlCanvasElement, ev: &web_sys::MouseEvent) -> (f64, f64) {
    let rect = canvas.get_bounding_client_rect();
    let sx = f64::from(canvas.width()) / rect.width().max(1.0);
    let sy = f64::from(canvas.height()) / rect.height().max(1.0);
    (
        (f64::from(ev.client_x()) - rect.left()) * sx,
        (f64::from(ev.client_y()) - rect.top()) * sy,
    )
}
