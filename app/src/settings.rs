//! The model settings a user can change, and how a change maps onto the work the worker
//! must redo.
//!
//! The k sweep (inertia and silhouette for k = 2..12) is the slowest stage and does not
//! depend on k, so when only k changes the page asks for no sweep and keeps the one it has.

use segwork_core::model::Components;
use segwork_core::{Analysis, AnalysisParams, Mode};

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
}

impl Default for Settings {
    fn default() -> Self {
        let p = AnalysisParams::default();
        let components = match p.model.components {
            Components::Count(n) => n,
            Components::Variance(_) => 6,
        };
        Self {
            mode: p.mode,
            k: p.model.k,
            contamination: p.model.outliers.contamination,
            components,
            seed: p.model.seed,
        }
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
            ..self
        }
    }

    /// The parameters of a full run, sweep included.
    pub fn params(&self) -> AnalysisParams {
        let mut p = AnalysisParams {
            mode: self.mode,
            ..AnalysisParams::default()
        };
        p.model.k = self.k;
        p.model.outliers.contamination = self.contamination;
        p.model.components = Components::Count(self.components);
        p.model.seed = self.seed;
        p.model.sweep = SWEEP;
        p
    }

    /// The parameters to send when `previous` is on screen: without the sweep when the
    /// previous one is still valid, with a flag saying whether it was left out.
    pub fn params_after(&self, previous: Option<&Analysis>) -> (AnalysisParams, bool) {
        let mut p = self.params();
        let reuse =
            previous.is_some_and(|a| sweep_still_valid(&a.params, &p) && !a.sweep.is_empty());
        if reuse {
            p.model.sweep = empty_sweep();
        }
        (p, reuse)
    }

    /// The settings an analysis was made with (for the controls after a run).
    pub fn of(params: &AnalysisParams) -> Self {
        let components = match params.model.components {
            Components::Count(n) => n,
            Components::Variance(_) => Settings::default().components,
        };
        Self {
            mode: params.mode,
            k: params.model.k,
            contamination: params.model.outliers.contamination,
            components,
            seed: params.model.seed,
        }
    }
}

/// A range with no k in it: the core then skips the sweep.
#[allow(clippy::reversed_empty_ranges)]
pub(crate) fn empty_sweep() -> std::ops::RangeInclusive<usize> {
    1..=0
}

/// True when two parameter sets differ at most in k, so the sweep of one serves the other.
pub fn sweep_still_valid(old: &AnalysisParams, new: &AnalysisParams) -> bool {
    let (a, b) = (&old.model, &new.model);
    old.mode == new.mode
        && a.outliers == b.outliers
        && a.components == b.components
        && a.kmeans == b.kmeans
        && a.seed == b.seed
}

/// Puts the kept sweep into an analysis computed without one.
pub fn merge_sweep(mut fresh: Analysis, reused_from: Option<&Analysis>) -> Analysis {
    if fresh.sweep.is_empty() {
        if let Some(old) = reused_from {
            fresh.sweep = old.sweep.clone();
            fresh.params.model.sweep = old.params.model.sweep.clone();
        }
    }
    fresh
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
    fn only_k_changed_keeps_the_sweep() {
        let old = Settings::default().params();
        let new = Settings {
            k: 5,
            ..Settings::default()
        }
        .params();
        assert!(sweep_still_valid(&old, &new));
        let seeded = Settings {
            seed: 9,
            ..Settings::default()
        }
        .params();
        assert!(!sweep_still_valid(&old, &seeded));
        let reference = Settings {
            mode: Mode::Reference,
            ..Settings::default()
        }
        .params();
        assert!(!sweep_still_valid(&old, &reference));
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
