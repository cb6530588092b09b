//! The model settings a user can change, and the parameters they stand for.
//!
//! The page always asks for the full parameters, sweep included; the worker works out
//! from the keys of the layers the page holds what it must compute and send (a new k
//! keeps the sweep on screen, see `layers.rs`).

use segwork_core::model::Components;
use segwork_core::{AnalysisParams, Mode};

/// The sweep the workbench shows on "Choosing k".
pub const SWEEP: std::ops::RangeInclusive<usize> = 2..=12;
/// Bounds of the controls.
pub const K_RANGE: std::ops::RangeInclusive<usize> = 2..=12;
pub const COMPONENTS_RANGE: std::ops::RangeInclusive<usize> = 2..=15;
pub const CONTAMINATION_MAX: f64 = 0.45;

/// What the controls edit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub mode: Mode,
    pub k: usize,
    pub contamination: f64,
    pub components: usize,
    pub seed: u64,
    /// Lifetime value: the share of revenue that is margin, months ahead, monthly discount.
    pub margin: f64,
    pub horizon_months: u32,
    pub discount: f64,
    /// Baskets: the smallest share of orders a pair must appear in.
    pub min_support: f64,
}

/// Days in a month, for the lifetime horizon.
const MONTH_DAYS: f64 = 30.44;

impl Default for Settings {
    fn default() -> Self {
        let p = AnalysisParams::default();
        let components = match p.model.components {
            Components::Count(n) => n,
            Components::Variance(_) => 6,
        };
        Self {
            mode: p.mode,
            k: p.model.k(),
            contamination: p.model.outliers.contamination,
            components,
            seed: p.model.seed,
            margin: p.insights.lifetime.margin,
            horizon_months: months(p.insights.lifetime.horizon_days),
            discount: p.insights.lifetime.monthly_discount,
            min_support: p.insights.baskets.min_support,
        }
    }
}

fn months(days: u32) -> u32 {
    (f64::from(days) / MONTH_DAYS).round() as u32
}

/// `v` inside `[lo, hi]`, or `fallback` when it is not a number.
fn within(v: f64, lo: f64, hi: f64, fallback: f64) -> f64 {
    if v.is_finite() {
        v.clamp(lo, hi)
    } else {
        fallback
    }
}

impl Settings {
    /// Brings user input inside what the model accepts.
    pub fn clamped(self) -> Self {
        Self {
            k: self.k.clamp(*K_RANGE.start(), *K_RANGE.end()),
            contamination: if self.contamination.is_finite() {
                self.contamination.clamp(0.0, CONTAMINATION_MAX)
            } else {
                0.05
            },
            components: self
                .components
                .clamp(*COMPONENTS_RANGE.start(), *COMPONENTS_RANGE.end()),
            margin: within(self.margin, 0.01, 1.0, Settings::default().margin),
            horizon_months: self.horizon_months.clamp(1, 120),
            discount: within(self.discount, 0.0, 0.5, Settings::default().discount),
            min_support: within(
                self.min_support,
                0.001,
                0.5,
                Settings::default().min_support,
            ),
            ..self
        }
    }

    /// The parameters of a full run, sweep included.
    pub fn params(&self) -> AnalysisParams {
        let mut p = AnalysisParams {
            mode: self.mode,
            ..AnalysisParams::default()
        };
        p.model.kmeans.k = self.k;
        p.model.outliers.contamination = self.contamination;
        p.model.components = Components::Count(self.components);
        p.model.seed = self.seed;
        p.model.sweep = SWEEP;
        p.insights.lifetime.margin = self.margin;
        p.insights.lifetime.horizon_days =
            (f64::from(self.horizon_months) * MONTH_DAYS).round() as u32;
        p.insights.lifetime.monthly_discount = self.discount;
        p.insights.baskets.min_support = self.min_support;
        p
    }

    /// The settings an analysis was made with (for the controls after a run).
    pub fn of(params: &AnalysisParams) -> Self {
        let components = match params.model.components {
            Components::Count(n) => n,
            Components::Variance(_) => Settings::default().components,
        };
        Self {
            mode: params.mode,
            k: params.model.k(),
            contamination: params.model.outliers.contamination,
            components,
            seed: params.model.seed,
            margin: params.insights.lifetime.margin,
            horizon_months: months(params.insights.lifetime.horizon_days),
            discount: params.insights.lifetime.monthly_discount,
            min_support: params.insights.baskets.min_support,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run natively and, through wasm-bindgen-test, in headless Chromium.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn defaults_match_the_reference_settings() {
        let s = Settings::default();
        assert_eq!((s.k, s.components, s.contamination), (3, 6, 0.05));
        assert_eq!(s.params().model.sweep, 2..=12);
        assert_eq!(Settings::of(&s.params()), s);
    }

    #[test]
    fn clamps_user_input() {
        let wild = Settings {
            k: 99,
            contamination: f64::NAN,
            components: 0,
            ..Settings::default()
        };
        let c = wild.clamped();
        assert_eq!((c.k, c.contamination, c.components), (12, 0.05, 2));
        let c = Settings {
            contamination: 0.9,
            ..Settings::default()
        }
        .clamped();
        assert_eq!(c.contamination, CONTAMINATION_MAX);
    }
}
