//! The base layer of the scatter: axes and outliers drawn with plotters, and every
//! segmented customer's dot drawn straight on the canvas (see [`draw_dots`]).

use super::{Points, FONT_SIZE};
use crate::format;
use crate::web::charts::{area, colour, err, FONT, OUTLIER};
use crate::web::state::Table;
use plotters::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The view's extent on one axis: the 0.5th to 99.5th percentile of the segmented
/// customers, padded. Extreme customers (mostly outliers) would otherwise squeeze
/// everyone else into a corner; they are counted instead of drawn.
fn extent(mut values: Vec<f64>) -> std::ops::Range<f64> {
    values.retain(|v| v.is_finite());
    if values.is_empty() {
        return -1.0..1.0;
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    let (lo, hi) = (at(0.005), at(0.995));
    let pad = ((hi - lo) * 0.06).max(0.1);
    (lo - pad)..(hi + pad)
}

/// "PC2 (18.4% of the variance)".
fn axis_label(ratios: &[f64], axis: usize) -> String {
    let share = ratios.get(axis).map(|r| format::percent(*r));
    format!(
        "PC{} ({} of the variance)",
        axis + 1,
        share.unwrap_or_default()
    )
}

/// Draws the segmented customers' dots (segment, pixel) straight on the canvas, as
/// plotters' filled circles of radius 3 at 75% opacity, but segment by segment with the
/// fill colour set once per segment: through plotters every dot formatted its colour into
/// a CSS string and passed it to JS, which was most of a new k's time on the page. The
/// largest segment (0) is drawn first, so the smaller ones stay visible above it.
fn draw_dots(canvas: &HtmlCanvasElement, dots: &[(usize, (i32, i32))]) -> Result<(), String> {
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("the canvas has no 2D context")?;
    let segments = dots.iter().map(|d| d.0 + 1).max().unwrap_or(0);
    for segment in 0..segments {
        let RGBColor(r, g, b) = colour(segment);
        context.set_fill_style_str(&format!("rgba({r},{g},{b},0.75)"));
        for &(_, (x, y)) in dots.iter().filter(|d| d.0 == segment) {
            context.begin_path();
            context
                .arc(f64::from(x), f64::from(y), 3.0, 0.0, std::f64::consts::TAU)
                .map_err(|e| format!("{e:?}"))?;
            context.fill();
        }
    }
    Ok(())
}

/// Draws the points and returns where each landed, and how many fell outside the view.
pub(super) fn draw_base(
    canvas: &HtmlCanvasElement,
    t: &Table,
    axes: (usize, usize),
    outliers: bool,
) -> Result<(Points, usize), String> {
    let root = area(canvas)?;
    let (m, segment) = (&t.model, &t.segmentation.segment);
    let at = |i: usize, axis: usize| {
        m.coords
            .get(i)
            .and_then(|r| r.get(axis))
            .copied()
            .unwrap_or(f64::NAN)
    };
    let segmented: Vec<usize> = (0..m.outlier.len()).filter(|&i| !m.outlier[i]).collect();
    let (xr, yr) = (
        extent(segmented.iter().map(|&i| at(i, axes.0)).collect()),
        extent(segmented.iter().map(|&i| at(i, axes.1)).collect()),
    );
    let visible: Vec<usize> = (0..m.outlier.len())
        .filter(|&i| outliers || !m.outlier[i])
        .collect();
    let (shown, hidden): (Vec<usize>, Vec<usize>) = visible
        .iter()
        .partition(|&&i| xr.contains(&at(i, axes.0)) && yr.contains(&at(i, axes.1)));
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(52)
        .build_cartesian_2d(xr, yr)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(axis_label(&m.pca.ratios, axes.0))
        .y_desc(axis_label(&m.pca.ratios, axes.1))
        .label_style((FONT, FONT_SIZE))
        .light_line_style(RGBColor(238, 238, 238))
        .draw()
        .map_err(err)?;
    let (out, ins): (Vec<usize>, Vec<usize>) = shown.iter().partition(|&&i| m.outlier[i]);
    chart
        .draw_series(
            out.iter()
                .map(|&i| Cross::new((at(i, axes.0), at(i, axes.1)), 3, OUTLIER.stroke_width(1))),
        )
        .map_err(err)?;
    root.present().map_err(err)?;
    let pixel = |i: usize| chart.backend_coord(&(at(i, axes.0), at(i, axes.1)));
    let dots: Vec<(usize, (i32, i32))> = ins
        .iter()
        .map(|&i| (segment.get(i).copied().flatten().unwrap_or(0), pixel(i)))
        .collect();
    draw_dots(canvas, &dots)?;
    let points = shown
        .iter()
        .map(|&i| {
            let (x, y) = pixel(i);
            (f64::from(x), f64::from(y), i)
        })
        .collect();
    Ok((points, hidden.len()))
}
