//! Layer 3, per feature table and model settings: outliers, scaling, PCA and every
//! customer's coordinates (the part of the model that does not depend on k).

use super::features::FeatureKey;
use crate::model::{
    Base, Components, IsolationForestParams, ModelParams, ScaleParams, ScoreParams,
};
use serde::{Deserialize, Serialize};

/// What a model base was fitted with: two fits with equal keys are identical.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelKey {
    pub features: FeatureKey,
    pub outliers: IsolationForestParams,
    pub scale: ScaleParams,
    pub components: Components,
    #[serde(default)]
    pub score: ScoreParams,
    pub seed: u64,
}

impl ModelKey {
    pub fn of(features: FeatureKey, params: &ModelParams) -> ModelKey {
        ModelKey {
            features,
            outliers: params.outliers,
            scale: params.scale.clone(),
            components: params.components,
            score: params.score,
            seed: params.seed,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PcaSummary {
    /// Explained variance ratio of every component, over the total variance.
    pub ratios: Vec<f64>,
    pub kept: usize,
    pub cumulative: f64,
    /// Loadings of the kept components on the 15 features.
    pub loadings: Vec<Vec<f64>>,
}

/// The fitted model base, as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelReport {
    pub key: ModelKey,
    /// Per customer (feature-table order).
    pub outlier: Vec<bool>,
    pub outlier_score: Vec<f64>,
    /// Coordinates on the kept principal components.
    pub coords: Vec<Vec<f64>>,
    pub pca: PcaSummary,
}

impl ModelReport {
    pub(crate) fn of(key: ModelKey, base: &Base) -> ModelReport {
        let rows = |a: &ndarray::Array2<f64>| -> Vec<Vec<f64>> {
            a.rows().into_iter().map(|r| r.to_vec()).collect()
        };
        ModelReport {
            key,
            outlier: base.outlier.clone(),
            outlier_score: base.outlier_score.clone(),
            coords: rows(&base.coords),
            pca: PcaSummary {
                ratios: base.pca.ratios.clone(),
                kept: base.pca.kept,
                cumulative: base.pca.cumulative(),
                loadings: rows(&base.pca.loadings()),
            },
        }
    }
}
