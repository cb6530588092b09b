//! The overlay of the scatter: hover, the picked customer and the brush, drawn with the
//! canvas API on a transparent canvas above the points.

use super::{Brush, Points};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

/// What the overlay shows.
pub(super) struct Marks<'a> {
    pub(super) points: &'a Points,
    pub(super) hover: Option<usize>,
    pub(super) selected: Option<usize>,
    pub(super) brushed: &'a [usize],
    pub(super) brush: Option<Brush>,
}

fn ring(ctx: &CanvasRenderingContext2d, (x, y): (f64, f64), r: f64, colour: &str, width: f64) {
    ctx.begin_path();
    crate::web::js::log_failure("draw a ring", ctx.arc(x, y, r, 0.0, std::f64::consts::TAU));
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(width);
    ctx.stroke();
}

pub(super) fn draw_overlay(canvas: &HtmlCanvasElement, m: &Marks<'_>) {
    let Some(ctx) = context(canvas) else { return };
    ctx.clear_rect(
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    );
    let position = |row: usize| m.points.iter().find(|p| p.2 == row).map(|p| (p.0, p.1));
    if !m.brushed.is_empty() {
        let set: std::collections::HashSet<usize> = m.brushed.iter().copied().collect();
        for p in m.points.iter().filter(|p| set.contains(&p.2)) {
            ring(&ctx, (p.0, p.1), 4.5, "rgba(20,20,20,0.8)", 1.0);
        }
    }
    if let Some(((x0, y0), (x1, y1))) = m.brush {
        ctx.set_fill_style_str("rgba(78,121,167,0.12)");
        ctx.fill_rect(x0.min(x1), y0.min(y1), (x1 - x0).abs(), (y1 - y0).abs());
        ctx.set_stroke_style_str("rgba(78,121,167,0.9)");
        ctx.set_line_width(1.0);
        ctx.stroke_rect(x0.min(x1), y0.min(y1), (x1 - x0).abs(), (y1 - y0).abs());
    }
    if let Some(p) = m.selected.and_then(position) {
        ring(&ctx, p, 8.0, "#111", 2.5);
    }
    if let Some(p) = m.hover.and_then(position) {
        ring(&ctx, p, 7.0, "#d62728", 2.0);
    }
}
