//! Step 4: outliers → scaling → PCA → K-Means → scores, and the sweep over k.

pub mod isolation_forest;
pub mod kmeans;
pub mod metrics;
pub mod pca;
pub mod scale;

pub use isolation_forest::{IsolationForest, IsolationForestParams};
pub use kmeans::{Clustering, KMeansParams};
pub use pca::{Components, FittedPca};
pub use scale::Scaler;

use crate::columns::Feature;
use crate::features::CustomerFeatures;
use ndarray::{Array2, Axis};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum ModelError {
    #[error("There are only {customers} customers to segment, but {needed} segments were asked for. Choose fewer segments, or a file with more customers.")]
    NotEnoughCustomers { customers: usize, needed: usize },
    #[error("Invalid setting: {0}")]
    InvalidParams(String),
    #[error("The principal component analysis failed: {0}")]
    Pca(String),
    #[error("K-Means clustering failed: {0}")]
    KMeans(String),
}

/// Everything the model step can be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelParams {
    pub outliers: IsolationForestParams,
    pub components: Components,
    pub k: usize,
    pub kmeans: KMeansParams,
    /// The k values the sweep scores (inertia and silhouette); empty for none.
    pub sweep: RangeInclusive<usize>,
    pub seed: u64,
}

impl Default for ModelParams {
    fn default() -> Self {
        Self {
            outliers: IsolationForestParams::default(),
            components: Components::Count(6),
            k: 3,
            kmeans: KMeansParams::default(),
            sweep: 2..=12,
            seed: 0,
        }
    }
}

impl ModelParams {
    /// The same settings with no k sweep (see `pipeline::sweep` to compute it later).
    pub fn without_sweep(self) -> Self {
        Self {
            sweep: RangeInclusive::new(1, 0),
            ..self
        }
    }

    /// Rejects settings no run could honour, before any work starts.
    pub fn check(&self) -> Result<(), ModelError> {
        let bad = |m: &str| Err(ModelError::InvalidParams(m.to_owned()));
        let c = self.outliers.contamination;
        if !(0.0..0.5).contains(&c) {
            return bad("the outlier share must be at least 0 and below 0.5");
        }
        if self.k < 2 {
            return bad("at least 2 segments are needed");
        }
        if self.outliers.n_trees == 0 || self.outliers.max_samples < 2 {
            return bad("the outlier forest needs at least one tree and two samples per tree");
        }
        match self.components {
            Components::Count(n) if n == 0 || n > Feature::COUNT => {
                return bad("the number of principal components must be between 1 and 15")
            }
            Components::Variance(v) if !(v > 0.0 && v <= 1.0) => {
                return bad("the explained-variance target must be above 0 and at most 1")
            }
            _ => {}
        }
        if self.kmeans.n_init == 0 || self.kmeans.max_iter == 0 {
            return bad("K-Means needs at least one restart and one iteration");
        }
        if !self.sweep.is_empty() && *self.sweep.start() < 2 {
            return bad("the k sweep starts at 2 or more");
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
    pub calinski_harabasz: f64,
    pub davies_bouldin: f64,
    pub inertia: f64,
}

/// The fitted model over one feature table.
#[derive(Debug, Clone)]
pub struct Fitted {
    /// Per customer (feature-table order): flagged as an outlier.
    pub outlier: Vec<bool>,
    pub outlier_score: Vec<f64>,
    pub scaler: Scaler,
    pub pca: FittedPca,
    /// Every customer's coordinates on the kept components (outliers projected too).
    pub coords: Array2<f64>,
    /// Per customer: segment, or None for outliers.
    pub segment: Vec<Option<usize>>,
    pub clustering: Clustering,
    pub scores: Scores,
    /// Per segment: mean z-score of each feature (k × 15), for profiles.
    pub profiles: Array2<f64>,
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

/// Fits outliers, scaler, PCA and K-Means, and scores the clustering.
pub fn fit(
    features: &CustomerFeatures,
    params: &ModelParams,
    stage: &mut dyn FnMut(ModelStage),
) -> Result<Fitted, ModelError> {
    params.check()?;
    let x = features.values.view();
    let n = x.nrows();
    if n < params.k.max(2) {
        return Err(ModelError::NotEnoughCustomers {
            customers: n,
            needed: params.k.max(2),
        });
    }
    stage(ModelStage::Outliers);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed);
    let forest = IsolationForest::fit(x, &params.outliers, &mut rng);
    let outlier_score = forest.score_samples(x);
    let outlier: Vec<bool> = outlier_score.iter().map(|s| *s < forest.offset).collect();
    let inliers: Vec<usize> = (0..n).filter(|&i| !outlier[i]).collect();
    if inliers.len() < params.k {
        return Err(ModelError::NotEnoughCustomers {
            customers: inliers.len(),
            needed: params.k,
        });
    }
    let xin = x.select(Axis(0), &inliers);

    stage(ModelStage::Scale);
    let scaler = Scaler::fit(xin.view());
    let scaled_in = scaler.transform(xin.view());

    stage(ModelStage::Pca);
    let pca = FittedPca::fit(scaled_in.view(), params.components)?;
    let coords = pca.transform(scaler.transform(x).view());
    let coords_in = coords.select(Axis(0), &inliers);

    stage(ModelStage::Cluster);
    let clustering = kmeans::fit(coords_in.view(), params.k, &params.kmeans, params.seed)?;
    let mut segment = vec![None; n];
    for (&i, &l) in inliers.iter().zip(&clustering.labels) {
        segment[i] = Some(l);
    }

    stage(ModelStage::Score);
    let labels = &clustering.labels;
    let scores = Scores {
        silhouette: metrics::Distances::new(coords_in.view()).silhouette(labels, params.k),
        calinski_harabasz: metrics::calinski_harabasz(coords_in.view(), labels, params.k),
        davies_bouldin: metrics::davies_bouldin(coords_in.view(), labels, params.k),
        inertia: metrics::inertia(coords_in.view(), labels, &clustering.centroids),
    };
    let profiles = metrics::centroids(scaler.zscores(xin.view()).view(), labels, params.k);
    Ok(Fitted {
        outlier,
        outlier_score,
        scaler,
        pca,
        coords,
        segment,
        clustering,
        scores,
        profiles,
    })
}

/// Inertia and silhouette for each k of `params.sweep`, on the inlier coordinates of a
/// fitted model. `progress` receives the fraction done.
pub fn sweep(
    fitted: &Fitted,
    params: &ModelParams,
    progress: &mut dyn FnMut(f64),
) -> Result<Vec<SweepPoint>, ModelError> {
    let inliers: Vec<usize> = (0..fitted.outlier.len())
        .filter(|&i| !fitted.outlier[i])
        .collect();
    let x = fitted.coords.select(Axis(0), &inliers);
    sweep_points(x.view(), params, progress)
}

/// The sweep on given coordinates. The k values are independent, so natively they run in
/// parallel, a batch of one per thread (in the browser rayon runs inline: one k at a
/// time, with progress after each).
pub fn sweep_points(
    x: ndarray::ArrayView2<'_, f64>,
    params: &ModelParams,
    progress: &mut dyn FnMut(f64),
) -> Result<Vec<SweepPoint>, ModelError> {
    use rayon::prelude::*;
    let ks: Vec<usize> = params.sweep.clone().filter(|&k| k <= x.nrows()).collect();
    let distances = metrics::Distances::new(x);
    let mut out = Vec::with_capacity(ks.len());
    for batch in ks.chunks(rayon::current_num_threads().max(1)) {
        let points: Vec<Result<SweepPoint, ModelError>> = batch
            .par_iter()
            .map(|&k| {
                let c = kmeans::fit(x, k, &params.kmeans, params.seed)?;
                Ok(SweepPoint {
                    k,
                    inertia: metrics::inertia(x, &c.labels, &c.centroids),
                    silhouette: distances.silhouette(&c.labels, k),
                })
            })
            .collect();
        for p in points {
            out.push(p?);
        }
        progress(out.len() as f64 / ks.len().max(1) as f64);
    }
    Ok(out)
}
