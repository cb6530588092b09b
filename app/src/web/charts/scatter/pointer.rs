//! The scatter's mouse and keyboard: hover, click to pick, drag to brush, arrow keys to
//! move from customer to customer. It draws only the overlay.

use super::overlay::{draw_overlay, Marks};
use super::{Brush, Points, HEIGHT, WIDTH};
use crate::selection::{inside, nearest, step, Direction};
use crate::web::charts::canvas_point;
use leptos::html::Canvas;
use leptos::prelude::*;
use web_sys::{KeyboardEvent, MouseEvent};

/// How close (in pixels) the mouse must be to a point to hover it.
const REACH: f64 = 8.0;
/// A drag shorter than this is a click.
const CLICK_SLOP: f64 = 4.0;

/// What the user picked in the scatter, shared with the rest of the page.
#[derive(Clone, Copy)]
pub struct Picks {
    /// The customer (row of the customer table) picked.
    pub selected: RwSignal<Option<usize>>,
    /// Customers inside the brush rectangle.
    pub brushed: RwSignal<Vec<usize>>,
}

#[derive(Clone, Copy)]
pub(super) struct Pointer {
    picks: Picks,
    pub(super) base: NodeRef<Canvas>,
    pub(super) overlay: NodeRef<Canvas>,
    pub(super) points: StoredValue<Points>,
    /// The hovered row and where the mouse is.
    pub(super) hover: RwSignal<Option<(usize, f64, f64)>>,
    drag: StoredValue<Option<Brush>>,
}

impl Pointer {
    pub(super) fn new(picks: Picks) -> Self {
        Self {
            picks,
            base: NodeRef::new(),
            overlay: NodeRef::new(),
            points: StoredValue::new(vec![]),
            hover: RwSignal::new(None),
            drag: StoredValue::new(None),
        }
    }

    pub(super) fn redraw_overlay(self) {
        let Some(canvas) = self.overlay.get_untracked() else {
            return;
        };
        let selected = self.picks.selected.get_untracked();
        let hovered = self.hover.get_untracked().map(|h| h.0);
        self.picks.brushed.with_untracked(|brushed| {
            self.points.with_value(|points| {
                draw_overlay(
                    &canvas,
                    &Marks {
                        points,
                        hover: hovered,
                        selected,
                        brushed,
                        brush: self.drag.get_value(),
                    },
                );
            });
        });
    }

    fn at(self, ev: &MouseEvent) -> Option<(f64, f64)> {
        self.overlay.get_untracked().map(|c| canvas_point(&c, ev))
    }

    pub(super) fn down(self, ev: &MouseEvent) {
        if let Some(p) = self.at(ev) {
            self.drag.set_value(Some((p, p)));
        }
    }

    pub(super) fn moved(self, ev: &MouseEvent) {
        let Some(p) = self.at(ev) else { return };
        if let Some((start, _)) = self.drag.get_value() {
            self.drag.set_value(Some((start, p)));
            return self.redraw_overlay();
        }
        let row = self.points.with_value(|pts| nearest(pts, p.0, p.1, REACH));
        if row != self.hover.get_untracked().map(|h| h.0) {
            self.hover.set(row.map(|r| (r, p.0, p.1)));
        }
    }

    pub(super) fn up(self, ev: &MouseEvent) {
        let (Some(end), Some((start, _))) = (self.at(ev), self.drag.get_value()) else {
            return;
        };
        self.drag.set_value(None);
        if (end.0 - start.0).hypot(end.1 - start.1) < CLICK_SLOP {
            let row = self
                .points
                .with_value(|pts| nearest(pts, end.0, end.1, REACH));
            self.picks.selected.set(row);
            self.redraw_overlay();
        } else {
            let rows = self.points.with_value(|pts| inside(pts, start, end));
            self.picks.brushed.set(rows);
        }
    }

    pub(super) fn leave(self) {
        self.hover.set(None);
        if self.drag.get_value().is_some() {
            self.drag.set_value(None);
            self.redraw_overlay();
        }
    }

    pub(super) fn key(self, ev: &KeyboardEvent) {
        let key = ev.key();
        if key == "Escape" {
            self.picks.brushed.set(vec![]);
            self.picks.selected.set(None);
            self.hover.set(None);
            return;
        }
        let Some(direction) = Direction::of_key(&key) else {
            return;
        };
        ev.prevent_default();
        let centre = (f64::from(WIDTH) / 2.0, f64::from(HEIGHT) / 2.0);
        let moved = self.points.with_value(|pts| {
            let row = step(pts, self.picks.selected.get_untracked(), direction, centre)?;
            pts.iter().find(|p| p.2 == row).copied()
        });
        if let Some((x, y, row)) = moved {
            self.picks.selected.set(Some(row));
            // The hover card (a status region) says who it is.
            self.hover.set(Some((row, x, y)));
        }
    }
}
