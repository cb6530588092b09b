//! The segment profiles: each segment's mean z-score of every feature, as a heatmap with
//! features down the side and segments across, blue below average and red above.

use super::{area, colour, err, Chart, Drawn, FONT, INK};
use leptos::prelude::*;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use segwork_core::columns::Feature;
use segwork_core::pipeline::Segment;
use segwork_core::pipeline::Segmentation;
use std::sync::Arc;
use web_sys::HtmlCanvasElement;

const LABEL_WIDTH: i32 = 230;
const HEADER: i32 = 34;
const LIMIT: f64 = 2.0;

/// White at 0, deepening to blue (below) or red (above) at ±2 standard deviations.
fn shade(z: f64) -> RGBColor {
    let t = (z.abs() / LIMIT).min(1.0);
    let (r, g, b) = if z < 0.0 {
        (33.0, 102.0, 172.0)
    } else {
        (178.0, 24.0, 43.0)
    };
    let mix = |c: f64| (255.0 + (c - 255.0) * t).round() as u8;
    RGBColor(mix(r), mix(g), mix(b))
}

fn draw(canvas: &HtmlCanvasElement, segments: &[Segment]) -> Drawn {
    let root = area(canvas)?;
    let (w, h) = root.dim_in_pixel();
    let cols = segments.len().max(1) as i32;
    let cell_w = ((w as i32 - LABEL_WIDTH - 10) / cols).min(110);
    let cell_h = (h as i32 - HEADER - 4) / Feature::COUNT as i32;
    let centre = Pos::new(HPos::Center, VPos::Center);
    for (c, s) in segments.iter().enumerate() {
        let x = LABEL_WIDTH + c as i32 * cell_w;
        root.draw(&Rectangle::new(
            [(x + 2, 4), (x + cell_w - 2, HEADER - 6)],
            colour(s.id).filled(),
        ))
        .map_err(err)?;
        let style = TextStyle::from((FONT, 14).into_font())
            .color(&WHITE)
            .pos(centre);
        root.draw(&Text::new(
            format!("{}", s.id + 1),
            (x + cell_w / 2, HEADER / 2 - 1),
            style,
        ))
        .map_err(err)?;
    }
    for (r, f) in Feature::ALL.iter().enumerate() {
        let y = HEADER + r as i32 * cell_h;
        let label = TextStyle::from((FONT, 13).into_font())
            .color(&INK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        root.draw(&Text::new(
            f.label(),
            (LABEL_WIDTH - 8, y + cell_h / 2),
            label,
        ))
        .map_err(err)?;
        for (c, s) in segments.iter().enumerate() {
            let z = s.profile.get(f.index()).copied().unwrap_or(0.0);
            let x = LABEL_WIDTH + c as i32 * cell_w;
            root.draw(&Rectangle::new(
                [(x + 1, y + 1), (x + cell_w - 1, y + cell_h - 1)],
                shade(z).filled(),
            ))
            .map_err(err)?;
            let ink = if z.abs() > 1.2 { WHITE } else { INK };
            let text = TextStyle::from((FONT, 12).into_font())
                .color(&ink)
                .pos(centre);
            root.draw(&Text::new(
                format!("{z:+.2}"),
                (x + cell_w / 2, y + cell_h / 2),
                text,
            ))
            .map_err(err)?;
        }
    }
    root.present().map_err(err)
}

#[component]
pub fn ProfileHeatmap(segmentation: Signal<Option<Arc<Segmentation>>>) -> impl IntoView {
    let render = move |canvas: &HtmlCanvasElement| {
        segmentation.with(|s| draw(canvas, s.as_ref().map_or(&[][..], |s| &s.segments)))
    };
    view! {
        <Chart title="Segment profiles: mean standardised value of each feature (σ from the average customer)"
            file="profiles" width=900 height=440 draw=render/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;
    use web_sys::CanvasRenderingContext2d;

    fn canvas() -> HtmlCanvasElement {
        let document = web_sys::window().and_then(|w| w.document()).unwrap();
        let canvas: HtmlCanvasElement = document
            .create_element("canvas")
            .unwrap()
            .dyn_into()
            .unwrap();
        canvas.set_width(900);
        canvas.set_height(440);
        canvas
    }

    /// The colour drawn at a cell's corner (away from its label).
    fn cell_colour(canvas: &HtmlCanvasElement, feature: Feature) -> (u8, u8, u8) {
        let ctx: CanvasRenderingContext2d = canvas
            .get_context("2d")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap();
        let cell_h = (440 - HEADER - 4) / Feature::COUNT as i32;
        let y = HEADER + feature.index() as i32 * cell_h + 4;
        let data = ctx
            .get_image_data(f64::from(LABEL_WIDTH + 4), f64::from(y), 1.0, 1.0)
            .unwrap()
            .data();
        (data[0], data[1], data[2])
    }

    #[wasm_bindgen_test]
    fn cells_are_shaded_by_their_z_score() {
        let mut profile = vec![0.0; Feature::COUNT];
        profile[Feature::TotalSpend.index()] = 2.5;
        profile[Feature::DaysSinceLastPurchase.index()] = -2.0;
        let segment = Segment {
            id: 0,
            size: 10,
            profile,
            means: vec![0.0; Feature::COUNT],
        };
        let c = canvas();
        draw(&c, &[segment]).unwrap();
        assert_eq!(cell_colour(&c, Feature::TotalSpend), (178, 24, 43));
        assert_eq!(
            cell_colour(&c, Feature::DaysSinceLastPurchase),
            (33, 102, 172)
        );
        assert_eq!(cell_colour(&c, Feature::Hour), (255, 255, 255));
    }

    #[wasm_bindgen_test]
    fn shades_fade_to_white_at_zero() {
        assert_eq!(shade(0.0), RGBColor(255, 255, 255));
        let RGBColor(r, g, b) = shade(1.0);
        assert!(r > 178 && g > 24 && b > 43 && r < 255);
    }
}
