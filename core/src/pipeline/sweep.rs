//! Layer 5, per model base: inertia and silhouette for every k of the sweep, to choose k.

use super::model::ModelKey;
use crate::model::{KMeansParams, ModelParams, SweepPoint};
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

/// What a sweep depends on: the model base, the k values and K-Means' other settings. It
/// does not depend on the k chosen, so a new k keeps the sweep on screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepKey {
    pub model: ModelKey,
    pub ks: RangeInclusive<usize>,
    pub n_init: usize,
    pub max_iter: u64,
}

impl SweepKey {
    pub fn of(model: ModelKey, params: &ModelParams) -> SweepKey {
        SweepKey {
            model,
            ks: params.sweep.clone(),
            n_init: params.kmeans.n_init,
            max_iter: params.kmeans.max_iter,
        }
    }

    /// K-Means settings for one k of the sweep.
    pub fn kmeans(&self, k: usize) -> KMeansParams {
        KMeansParams {
            k,
            n_init: self.n_init,
            max_iter: self.max_iter,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    pub key: SweepKey,
    pub points: Vec<SweepPoint>,
}
