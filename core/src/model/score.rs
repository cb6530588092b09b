//! Scoring a clustering: how many customers the silhouette is computed on.
//!
//! The silhouette compares every customer with every other one, so its cost grows with the
//! square of the customers: 4,000 take a few milliseconds per k, 50,000 would take most of
//! a minute per k of the sweep, and their distance matrix would not fit in the browser.
//! Up to [`ScoreParams::silhouette_points`] segmented customers it is exact; above, it is
//! the mean over a seeded sample of that many of them, as scikit-learn's
//! `silhouette_score(sample_size=…, random_state=…)` does. The other scores
//! (Calinski–Harabasz, Davies–Bouldin, inertia) are linear and always use every customer.

use crate::params::Check;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The scoring step's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ScoreParams {
    /// The silhouette is exact up to this many segmented customers, and estimated on a
    /// sample of this many above.
    pub silhouette_points: usize,
}

impl Default for ScoreParams {
    /// 8,000: the largest count whose distances are kept in memory (about 128 MB), so a
    /// new k and the sweep reuse them (see `metrics::CONDENSED_MAX_POINTS`).
    fn default() -> Self {
        Self {
            silhouette_points: super::metrics::CONDENSED_MAX_POINTS,
        }
    }
}

/// The fewest customers a silhouette estimate may rest on.
pub const MIN_SILHOUETTE_POINTS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum ScoreError {
    #[error("Invalid setting: the silhouette needs at least {min} customers to be computed on (got {points}).")]
    TooFewSilhouettePoints { points: usize, min: usize },
}

impl Check for ScoreParams {
    type Error = ScoreError;

    fn check_ref(&self) -> Result<(), ScoreError> {
        if self.silhouette_points < MIN_SILHOUETTE_POINTS {
            return Err(ScoreError::TooFewSilhouettePoints {
                points: self.silhouette_points,
                min: MIN_SILHOUETTE_POINTS,
            });
        }
        Ok(())
    }
}

impl ScoreParams {
    /// The rows (of `n`) the silhouette is computed on, in increasing order: all of them,
    /// or a sample drawn with `seed` when there are more than `silhouette_points`.
    pub fn silhouette_rows(&self, n: usize, seed: u64) -> Vec<usize> {
        if n <= self.silhouette_points {
            return (0..n).collect();
        }
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut rows = rand::seq::index::sample(&mut rng, n, self.silhouette_points).into_vec();
        rows.sort_unstable();
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_check_names_the_rule() {
        assert!(ScoreParams::default().check().is_ok());
        let p = ScoreParams {
            silhouette_points: 99,
        };
        assert_eq!(
            p.check(),
            Err(ScoreError::TooFewSilhouettePoints {
                points: 99,
                min: MIN_SILHOUETTE_POINTS
            })
        );
    }

    #[test]
    fn every_row_up_to_the_limit_and_a_seeded_sample_above() {
        let p = ScoreParams {
            silhouette_points: 100,
        };
        assert_eq!(p.silhouette_rows(100, 7), (0..100).collect::<Vec<_>>());
        let rows = p.silhouette_rows(1_000, 7);
        assert_eq!(rows.len(), 100);
        assert!(rows.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
        assert!(rows.iter().all(|&r| r < 1_000));
        assert_eq!(
            rows,
            p.silhouette_rows(1_000, 7),
            "the same seed, the same rows"
        );
        assert_ne!(rows, p.silhouette_rows(1_000, 8));
        assert!(
            *rows.last().unwrap_or(&0) > 500,
            "drawn from the whole range"
        );
    }
}
