//! Step 4: outliers → scaling → PCA → K-Means → scores, and the sweep over k. Each
//! sub-step has its parameters, check and error in its own file; [`ModelParams`] gathers
//! them and [`Base`] keeps what does not depend on k.

mod base;
pub mod isolation_forest;
pub mod kmeans;
pub mod metrics;
pub mod pca;
pub mod scale;
pub mod score;

pub use base::{Base, Fitted};
pub use isolation_forest::{IsolationForest, IsolationForestParams, OutlierError};
pub use kmeans::{Clustering, KMeansError, KMeansParams};
pub use pca::{Components, FittedPca, PcaError};
pub use scale::{ScaleError, ScaleParams, Scaler};
pub use score::{ScoreError, ScoreParams};

use crate::params::Check;
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum ModelError {
    #[error("There are only {customers} customers to segment, but {needed} segments were asked for. Choose fewer segments, or a file with more customers.")]
    NotEnoughCustomers { customers: usize, needed: usize },
    #[error(transparent)]
    Outliers(#[from] OutlierError),
    #[error(transparent)]
    Scale(#[from] ScaleError),
    #[error(transparent)]
    Pca(#[from] PcaError),
    #[error(transparent)]
    KMeans(#[from] KMeansError),
    #[error(transparent)]
    Score(#[from] ScoreError),
    #[error("Invalid setting: the k sweep starts at 2 or more (got {start}).")]
    SweepStart { start: usize },
}

/// Everything the model step can be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelParams {
    pub outliers: IsolationForestParams,
    pub scale: ScaleParams,
    pub components: Components,
    /// K-Means, k included.
    pub kmeans: KMeansParams,
    /// The scores of a clustering (how many customers the silhouette rests on).
    #[serde(default)]
    pub score: ScoreParams,
    /// The k values the sweep scores (inertia and silhouette); empty for none.
    pub sweep: RangeInclusive<usize>,
    pub seed: u64,
}

impl Default for ModelParams {
    fn default() -> Self {
        Self {
            outliers: IsolationForestParams::default(),
            scale: ScaleParams::default(),
            components: Components::Count(6),
            kmeans: KMeansParams::default(),
            score: ScoreParams::default(),
            sweep: 2..=12,
            seed: 0,
        }
    }
}

impl ModelParams {
    /// The same settings with no k sweep (see `pipeline::sweep` to compute it later).
    pub fn without_sweep(self) -> Self {
        Self {
            sweep: no_sweep(),
            ..self
        }
    }

    /// The number of segments.
    pub fn k(&self) -> usize {
        self.kmeans.k
    }
}

/// A range with no k in it: the sweep is skipped.
#[allow(clippy::reversed_empty_ranges)]
pub fn no_sweep() -> RangeInclusive<usize> {
    1..=0
}

impl Check for ModelParams {
    type Error = ModelError;

    /// Rejects settings no run could honour, before any work starts.
    fn check_ref(&self) -> Result<(), ModelError> {
        self.outliers.check_ref()?;
        self.scale.check_ref()?;
        self.components.check_ref()?;
        self.kmeans.check_ref()?;
        self.score.check_ref()?;
        if !self.sweep.is_empty() && *self.sweep.start() < 2 {
            return Err(ModelError::SweepStart {
                start: *self.sweep.start(),
            });
        }
        Ok(())
    }
}

/// One k of the sweep.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    pub k: usize,
    pub inertia: f64,
    pub silhouette: f64,
}

/// Scores of a clustering.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    pub silhouette: f64,
    /// The segmented customers the silhouette was computed on: all of them, or a sample
    /// when there are more than [`ScoreParams::silhouette_points`].
    #[serde(default)]
    pub silhouette_points: usize,
    pub calinski_harabasz: f64,
    pub davies_bouldin: f64,
    pub inertia: f64,
}

/// Stages of the model step, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelStage {
    Outliers,
    Scale,
    Pca,
    Cluster,
    Score,
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_check_names_the_rule_and_the_sub_step() {
        assert!(ModelParams::default().check().is_ok());
        let mut p = ModelParams::default();
        p.outliers.contamination = 0.7;
        assert_eq!(
            p.check(),
            Err(ModelError::Outliers(OutlierError::Share { share: 0.7 }))
        );
        let mut p = ModelParams::default();
        p.kmeans.k = 1;
        assert_eq!(
            p.check(),
            Err(ModelError::KMeans(KMeansError::TooFewSegments { k: 1 }))
        );
        let p = ModelParams {
            sweep: 1..=4,
            ..ModelParams::default()
        };
        assert_eq!(p.check(), Err(ModelError::SweepStart { start: 1 }));
        assert!(ModelParams::default().without_sweep().check().is_ok());
    }
}
