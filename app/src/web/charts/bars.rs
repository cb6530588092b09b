//! Horizontal bar charts drawn in pixel coordinates: the cleaning funnel (rows left after
//! each step) and the segment sizes. Pixel layout keeps each label next to its bar.

use super::{area, colour, err, Chart, Drawn, FONT, INK, MUTED};
use crate::format;
use crate::naming::SegmentName;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use segwork_core::backtest::BacktestReport;
use segwork_core::pipeline::{FileReport, Segmentation};
use segwork_core::recommend::{List, Method};
use std::sync::Arc;
use web_sys::HtmlCanvasElement;

const LABEL_WIDTH: i32 = 190;
const VALUE_WIDTH: i32 = 80;

struct Bar {
    label: String,
    value: f64,
    /// The value as printed beside the bar.
    shown: String,
    colour: RGBColor,
}

fn hbars(canvas: &HtmlCanvasElement, bars: &[Bar]) -> Drawn {
    let root = area(canvas)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let max = bars
        .iter()
        .map(|b| b.value)
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let row = (h - 10) / bars.len().max(1) as i32;
    let span = f64::from(w - LABEL_WIDTH - VALUE_WIDTH);
    let left = Pos::new(HPos::Left, VPos::Center);
    let right = Pos::new(HPos::Right, VPos::Center);
    for (i, bar) in bars.iter().enumerate() {
        let y = 5 + i as i32 * row;
        let mid = y + row / 2;
        let len = (bar.value.max(0.0) / max * span).round() as i32;
        root.draw(&Rectangle::new(
            [
                (LABEL_WIDTH, y + 4),
                (LABEL_WIDTH + len.max(1), y + row - 4),
            ],
            bar.colour.filled(),
        ))
        .map_err(err)?;
        let label = TextStyle::from((FONT, 14).into_font())
            .color(&INK)
            .pos(right);
        root.draw(&Text::new(bar.label.clone(), (LABEL_WIDTH - 8, mid), label))
            .map_err(err)?;
        let value = TextStyle::from((FONT, 13).into_font())
            .color(&MUTED)
            .pos(left);
        root.draw(&Text::new(
            bar.shown.clone(),
            (LABEL_WIDTH + len + 6, mid),
            value,
        ))
        .map_err(err)?;
    }
    root.present().map_err(err)
}

/// Rows left after each cleaning step.
#[component]
pub fn CleaningFunnel(report: Arc<FileReport>) -> impl IntoView {
    let draw = move |canvas: &HtmlCanvasElement| {
        let rules = report.load.preset.rules();
        let bars: Vec<Bar> = report
            .cleaning
            .iter()
            .map(|s| Bar {
                label: s.id.label_for(&rules).to_owned(),
                value: s.rows_out as f64,
                shown: format::count(s.rows_out),
                colour: RGBColor(78, 121, 167),
            })
            .collect();
        hbars(canvas, &bars)
    };
    view! { <Chart title="Rows left after each cleaning step" file="cleaning" width=620 height=260 draw/> }
}

/// Customers per segment, in segment colours, outliers last.
#[component]
pub fn SegmentSizes(
    segmentation: Signal<Option<Arc<Segmentation>>>,
    /// How many customers were set aside as outliers.
    outliers: Signal<usize>,
    names: Signal<Vec<SegmentName>>,
) -> impl IntoView {
    let draw = move |canvas: &HtmlCanvasElement| {
        let names = names.get();
        let outliers = outliers.get();
        let bars: Vec<Bar> = segmentation.with(|s| {
            let Some(s) = s else { return vec![] };
            let mut bars: Vec<Bar> = s
                .segments
                .iter()
                .map(|s| {
                    let name = names
                        .get(s.id)
                        .map_or_else(|| format!("Segment {}", s.id + 1), |n| n.name.clone());
                    Bar {
                        label: format!("{}. {}", s.id + 1, shorten(&name, 22)),
                        value: s.size as f64,
                        shown: format::count(s.size),
                        colour: colour(s.id),
                    }
                })
                .collect();
            bars.push(Bar {
                label: "Outliers".to_owned(),
                value: outliers as f64,
                shown: format::count(outliers),
                colour: super::OUTLIER,
            });
            bars
        });
        hbars(canvas, &bars)
    };
    view! { <Chart title="Customers per segment" file="segment-sizes" width=520 height=240 draw/> }
}

/// The backtest's hit rate at 10 for each method on one list, the method the list uses
/// highlighted.
#[component]
pub fn BacktestBars(report: Arc<BacktestReport>, list: List, chosen: Method) -> impl IntoView {
    let draw = move |canvas: &HtmlCanvasElement| {
        let bars: Vec<Bar> = report
            .methods
            .iter()
            .filter_map(|m| Some((m.method, m.of(list)?)))
            .map(|(method, scores)| Bar {
                label: shorten(method.name(), 24),
                value: scores.at_10.hit_rate,
                shown: format::percent(scores.at_10.hit_rate),
                colour: if method == chosen {
                    RGBColor(89, 161, 79)
                } else {
                    RGBColor(160, 160, 160)
                },
            })
            .collect();
        hbars(canvas, &bars)
    };
    let (title, file) = match list {
        List::Discovery => (
            "Discovery: customers who bought one of their 10 picks",
            "backtest-discovery",
        ),
        List::NextBasket => (
            "Next basket: customers who bought one of their 10 picks",
            "backtest-next-basket",
        ),
    };
    view! { <Chart title=title file=file width=520 height=230 draw/> }
}

/// Cuts a label to `max` characters with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}
