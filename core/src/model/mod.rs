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
use std::sync::{Arc, Mutex, OnceLock};
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

/// The part of the model that does not depend on k: outliers, scaling and PCA, fitted
/// once per feature table and settings. It keeps the inliers' pairwise distances and every
/// K-Means clustering computed on it, so that a new k (or the k sweep) reuses them: a k
/// the sweep has already clustered costs only its scores.
#[derive(Debug)]
pub struct Base {
    /// Per customer (feature-table order): flagged as an outlier.
    pub outlier: Vec<bool>,
    pub outlier_score: Vec<f64>,
    /// Feature-table rows of the inliers, in order.
    pub inliers: Vec<usize>,
    pub scaler: Scaler,
    pub pca: FittedPca,
    /// Every customer's coordinates on the kept components (outliers projected too).
    pub coords: Array2<f64>,
    /// The inliers' coordinates, which K-Means clusters.
    pub coords_in: Array2<f64>,
    /// The inliers' standardised features, for segment profiles.
    zscores_in: Array2<f64>,
    seed: u64,
    distances: OnceLock<metrics::Distances>,
    clusterings: Mutex<Vec<Kept>>,
}

/// A clustering kept by a [`Base`], with its silhouette once computed.
#[derive(Debug)]
struct Kept {
    k: usize,
    params: KMeansParams,
    clustering: Arc<Clustering>,
    silhouette: Option<f64>,
}

/// What a [`Base`] was fitted with: two fits with equal keys are identical.
#[derive(Debug, Clone, PartialEq)]
pub struct BaseKey {
    pub outliers: IsolationForestParams,
    pub components: Components,
    pub seed: u64,
}

impl BaseKey {
    pub fn of(params: &ModelParams) -> Self {
        Self {
            outliers: params.outliers,
            components: params.components,
            seed: params.seed,
        }
    }
}

impl Base {
    /// Fits outliers, scaler and PCA. `params.k` only sets how many inliers are needed.
    pub fn fit(
        features: &CustomerFeatures,
        params: &ModelParams,
        stage: &mut dyn FnMut(ModelStage),
    ) -> Result<Base, ModelError> {
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
        Ok(Base {
            outlier,
            outlier_score,
            inliers,
            zscores_in: scaler.zscores(xin.view()),
            scaler,
            pca,
            coords,
            coords_in,
            seed: params.seed,
            distances: OnceLock::new(),
            clusterings: Mutex::new(Vec::new()),
        })
    }

    /// The inliers' pairwise distances, computed on first use.
    pub fn distances(&self) -> &metrics::Distances {
        self.distances
            .get_or_init(|| metrics::Distances::new(self.coords_in.view()))
    }

    fn cached(&self, k: usize, params: &KMeansParams) -> Option<Arc<Clustering>> {
        let cache = self.clusterings.lock().ok()?;
        cache
            .iter()
            .find(|e| e.k == k && e.params == *params)
            .map(|e| Arc::clone(&e.clustering))
    }

    fn keep(&self, clustering: Arc<Clustering>, params: &KMeansParams) {
        if let Ok(mut cache) = self.clusterings.lock() {
            if !cache
                .iter()
                .any(|e| e.k == clustering.k && e.params == *params)
            {
                cache.push(Kept {
                    k: clustering.k,
                    params: *params,
                    clustering,
                    silhouette: None,
                });
            }
        }
    }

    /// Whether [`Base::clustering`] for this k would be answered from the cache.
    pub fn has_clustering(&self, k: usize, params: &KMeansParams) -> bool {
        self.cached(k, params).is_some()
    }

    /// K-Means with k clusters on the inliers, computed once per k and settings.
    pub fn clustering(
        &self,
        k: usize,
        params: &KMeansParams,
    ) -> Result<Arc<Clustering>, ModelError> {
        if let Some(c) = self.cached(k, params) {
            return Ok(c);
        }
        let c = Arc::new(kmeans::fit(self.coords_in.view(), k, params, self.seed)?);
        self.keep(Arc::clone(&c), params);
        Ok(c)
    }

    /// The silhouette of a clustering of this base (O(n²)), computed once per clustering.
    pub fn silhouette(&self, clustering: &Arc<Clustering>) -> f64 {
        let same = |e: &Kept| Arc::ptr_eq(&e.clustering, clustering);
        let known = self
            .clusterings
            .lock()
            .ok()
            .and_then(|cache| cache.iter().find(|e| same(e)).and_then(|e| e.silhouette));
        if let Some(s) = known {
            return s;
        }
        let s = self
            .distances()
            .silhouette(&clustering.labels, clustering.k);
        if let Ok(mut cache) = self.clusterings.lock() {
            if let Some(e) = cache.iter_mut().find(|e| same(e)) {
                e.silhouette = Some(s);
            }
        }
        s
    }

    /// Scores a clustering of this base and profiles its segments.
    pub fn score(&self, clustering: Arc<Clustering>) -> Fitted {
        let k = clustering.k;
        let labels = &clustering.labels;
        let x = self.coords_in.view();
        let scores = Scores {
            silhouette: self.silhouette(&clustering),
            calinski_harabasz: metrics::calinski_harabasz(x, labels, k),
            davies_bouldin: metrics::davies_bouldin(x, labels, k),
            inertia: metrics::inertia(x, labels, &clustering.centroids),
        };
        let profiles = metrics::centroids(self.zscores_in.view(), labels, k);
        let mut segment = vec![None; self.outlier.len()];
        for (&i, &l) in self.inliers.iter().zip(labels) {
            segment[i] = Some(l);
        }
        Fitted {
            segment,
            clustering,
            scores,
            profiles,
        }
    }

    /// Inertia and silhouette for each k of `params.sweep`. The k values are independent,
    /// so natively the ones not yet clustered run in parallel, a batch of one per thread
    /// (in the browser rayon runs inline: one k at a time, with progress after each).
    /// `progress` receives the fraction done.
    pub fn sweep(
        &self,
        params: &ModelParams,
        progress: &mut dyn FnMut(f64),
    ) -> Result<Vec<SweepPoint>, ModelError> {
        use rayon::prelude::*;
        let x = self.coords_in.view();
        let ks: Vec<usize> = params.sweep.clone().filter(|&k| k <= x.nrows()).collect();
        let mut out = Vec::with_capacity(ks.len());
        for batch in ks.chunks(rayon::current_num_threads().max(1)) {
            let clusterings: Vec<Result<Arc<Clustering>, ModelError>> = batch
                .par_iter()
                .map(|&k| match self.cached(k, &params.kmeans) {
                    Some(c) => Ok(c),
                    None => kmeans::fit(x, k, &params.kmeans, self.seed).map(Arc::new),
                })
                .collect();
            for c in clusterings {
                let c = c?;
                self.keep(Arc::clone(&c), &params.kmeans);
                out.push(SweepPoint {
                    k: c.k,
                    inertia: metrics::inertia(x, &c.labels, &c.centroids),
                    silhouette: self.silhouette(&c),
                });
            }
            progress(out.len() as f64 / ks.len().max(1) as f64);
        }
        Ok(out)
    }
}

/// One clustering of a [`Base`], scored.
#[derive(Debug, Clone)]
pub struct Fitted {
    /// Per customer (feature-table order): segment, or None for outliers.
    pub segment: Vec<Option<usize>>,
    pub clustering: Arc<Clustering>,
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

/// Fits outliers, scaler, PCA and K-Means, and scores the clustering, with nothing cached
/// between calls (the pipeline keeps the [`Base`] instead).
pub fn fit(
    features: &CustomerFeatures,
    params: &ModelParams,
    stage: &mut dyn FnMut(ModelStage),
) -> Result<(Base, Fitted), ModelError> {
    let base = Base::fit(features, params, stage)?;
    stage(ModelStage::Cluster);
    let clustering = base.clustering(params.k, &params.kmeans)?;
    stage(ModelStage::Score);
    let fitted = base.score(clustering);
    Ok((base, fitted))
}
