//! The distribution of one customer feature.

use super::{area, err, Chart, Drawn, FONT};
use crate::format;
use crate::histogram::histogram;
use leptos::prelude::*;
use plotters::prelude::*;
use segwork_core::columns::Feature;
use segwork_core::pipeline::FeatureTable;
use std::sync::Arc;
use web_sys::HtmlCanvasElement;

const BINS: usize = 30;

fn draw(canvas: &HtmlCanvasElement, values: &[f64], feature: Feature) -> Drawn {
    let root = area(canvas)?;
    let h = histogram(values, BINS);
    if h.counts.is_empty() {
        return root.present().map_err(err);
    }
    let top = (h.max_count() as f64 * 1.1).max(1.0);
    let clipped = h.clipped_low + h.clipped_high;
    let caption = if clipped > 0 {
        format!(
            "{} — {} extreme values counted in the end bars",
            feature.label(),
            format::count(clipped)
        )
    } else {
        feature.label().to_owned()
    };
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, (FONT, 14))
        .margin(10)
        .x_label_area_size(34)
        .y_label_area_size(56)
        .build_cartesian_2d(h.lo..h.hi, 0.0..top)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_desc("Customers")
        .x_label_formatter(&|v| format::auto(*v))
        .y_label_formatter(&|v| format::number(*v, 0))
        .label_style((FONT, 12))
        .draw()
        .map_err(err)?;
    let width = h.width();
    let bars = h.counts.iter().enumerate().map(|(i, &c)| {
        let x0 = h.lo + i as f64 * width;
        Rectangle::new(
            [(x0 + width * 0.05, 0.0), (x0 + width * 0.95, c as f64)],
            RGBColor(78, 121, 167).filled(),
        )
    });
    chart.draw_series(bars).map_err(err)?;
    root.present().map_err(err)
}

#[component]
pub fn FeatureHistogram(
    feature: Signal<Feature>,
    table: Signal<Option<Arc<FeatureTable>>>,
) -> impl IntoView {
    let render = move |canvas: &HtmlCanvasElement| {
        let f = feature.get();
        let values: Vec<f64> = table.with(|t| {
            t.as_ref()
                .map(|t| {
                    t.features
                        .iter()
                        .filter_map(|row| row.get(f.index()).copied())
                        .collect()
                })
                .unwrap_or_default()
        });
        draw(canvas, &values, f)
    };
    view! { <Chart title="Distribution of the feature over all customers" file="histogram" width=620 height=300 draw=render/> }
}
