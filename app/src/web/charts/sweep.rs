//! "Choosing k": inertia (the elbow) and silhouette for every k of the sweep, side by
//! side, with the current k marked. Clicking a chart near a k chooses that k: the chart
//! says so through its `on_choose` callback and starts nothing itself.

use super::{area, err, Chart, FONT};
use crate::format;
use leptos::prelude::*;
use plotters::prelude::*;
use segwork_core::model::SweepPoint;
use web_sys::HtmlCanvasElement;

const CURRENT: RGBColor = RGBColor(214, 39, 40);
const LINE: RGBColor = RGBColor(78, 121, 167);

/// Draws one metric against k and returns each k's pixel column.
fn draw(
    canvas: &HtmlCanvasElement,
    points: &[(usize, f64)],
    current: usize,
    y_desc: &str,
    decimals: usize,
) -> Result<Vec<(f64, usize)>, String> {
    let root = area(canvas)?;
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        root.present().map_err(err)?;
        return Ok(vec![]);
    };
    let lo = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let hi = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.1).max(hi.abs() * 0.01).max(1e-9);
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(64)
        .build_cartesian_2d(
            first.0 as f64 - 0.5..last.0 as f64 + 0.5,
            lo - pad..hi + pad,
        )
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_labels(points.len())
        .x_label_formatter(&|v| format!("{}", v.round()))
        .y_label_formatter(&|v| format::number(*v, decimals))
        .x_desc("Number of segments (k)")
        .y_desc(y_desc)
        .label_style((FONT, 12))
        .draw()
        .map_err(err)?;
    if let Some(&(k, v)) = points.iter().find(|p| p.0 == current) {
        let x = k as f64;
        chart
            .draw_series([PathElement::new(
                vec![(x, lo - pad), (x, hi + pad)],
                CURRENT.mix(0.35).stroke_width(2),
            )])
            .map_err(err)?;
        chart
            .draw_series([Circle::new((x, v), 8, CURRENT.filled())])
            .map_err(err)?;
    }
    let xy: Vec<(f64, f64)> = points.iter().map(|&(k, v)| (k as f64, v)).collect();
    chart
        .draw_series(LineSeries::new(xy.clone(), LINE.stroke_width(2)))
        .map_err(err)?;
    chart
        .draw_series(xy.iter().map(|&p| Circle::new(p, 4, LINE.filled())))
        .map_err(err)?;
    root.present().map_err(err)?;
    Ok(points
        .iter()
        .map(|&(k, v)| (f64::from(chart.backend_coord(&(k as f64, v)).0), k))
        .collect())
}

#[component]
fn SweepChart(
    title: &'static str,
    file: &'static str,
    y_desc: &'static str,
    decimals: usize,
    metric: fn(&SweepPoint) -> f64,
    points: Signal<Vec<SweepPoint>>,
    current: Signal<usize>,
    on_choose: Callback<usize>,
) -> impl IntoView {
    let columns: StoredValue<Vec<(f64, usize)>> = StoredValue::new(vec![]);
    let render = move |canvas: &HtmlCanvasElement| {
        let current = current.get();
        let points: Vec<(usize, f64)> =
            points.with(|ps| ps.iter().map(|p| (p.k, metric(p))).collect());
        let cols = draw(canvas, &points, current, y_desc, decimals)?;
        columns.set_value(cols);
        Ok(())
    };
    let on_click = Callback::new(move |(x, _): (f64, f64)| {
        let nearest = columns.with_value(|c| {
            c.iter()
                .min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()))
                .map(|c| c.1)
        });
        if let Some(k) = nearest {
            on_choose.run(k);
        }
    });
    view! { <Chart title file width=470 height=320 draw=render on_click/> }
}

/// The elbow and silhouette charts of a sweep, with the current k marked.
#[component]
pub fn SweepCharts(
    points: Signal<Vec<SweepPoint>>,
    current: Signal<usize>,
    on_choose: Callback<usize>,
) -> impl IntoView {
    view! {
        <div class="chart-row">
            <SweepChart title="Elbow: inertia by k (look for the bend)" file="elbow" y_desc="Inertia" decimals=0
                metric=|p| p.inertia points current on_choose/>
            <SweepChart title="Silhouette by k (higher separates better)" file="silhouette" y_desc="Silhouette" decimals=3
                metric=|p| p.silhouette points current on_choose/>
        </div>
    }
}
