//! [`Base`]: the part of the model that does not depend on k (outliers, scaling, PCA and
//! the inliers' distances), with every K-Means clustering made on it.

use super::kmeans::{self, Clustering, KMeansParams};
use super::Scores;
use super::{metrics, FittedPca, IsolationForest, ModelError, ModelParams, ModelStage, Scaler};
use crate::params::{Check, Valid};
use ndarray::{Array2, ArrayView2, Axis};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use std::sync::{Arc, Mutex, OnceLock};

/// Fitted once per feature table and settings. It keeps the inliers' pairwise distances
/// and every K-Means clustering computed on it, so that a new k (or the k sweep) reuses
/// them: a k the sweep has already clustered costs only its scores.
#[derive(Debug)]
pub struct Base {
    /// The fitted outlier forest (kept so the model can be written out and scored
    /// elsewhere).
    pub forest: IsolationForest,
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
    /// Rows of the inliers the silhouette is computed on (all, or a seeded sample).
    silhouette_rows: Vec<usize>,
    distances: OnceLock<metrics::Distances>,
    clusterings: Mutex<Vec<Kept>>,
}

/// A clustering kept by a [`Base`], with its silhouette once computed.
#[derive(Debug)]
struct Kept {
    params: KMeansParams,
    clustering: Arc<Clustering>,
    silhouette: Option<f64>,
}

impl Base {
    /// Fits outliers, scaler and PCA on the feature matrix `x` (one row per customer).
    /// `params.kmeans.k` only sets how many inliers are needed.
    pub fn fit(
        x: ArrayView2<'_, f64>,
        params: &Valid<ModelParams>,
        stage: &mut dyn FnMut(ModelStage),
    ) -> Result<Base, ModelError> {
        let k = params.k();
        let n = x.nrows();
        if n < k.max(2) {
            return Err(ModelError::NotEnoughCustomers {
                customers: n,
                needed: k.max(2),
            });
        }
        stage(ModelStage::Outliers);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(params.seed);
        let forest = IsolationForest::fit(x, &params.outliers.check()?, &mut rng);
        let outlier_score = forest.score_samples(x);
        let outlier: Vec<bool> = outlier_score.iter().map(|s| *s < forest.offset).collect();
        let inliers: Vec<usize> = (0..n).filter(|&i| !outlier[i]).collect();
        if inliers.len() < k {
            return Err(ModelError::NotEnoughCustomers {
                customers: inliers.len(),
                needed: k,
            });
        }
        let xin = x.select(Axis(0), &inliers);

        stage(ModelStage::Scale);
        let scaler = Scaler::fit(xin.view(), &params.scale.clone().check()?);
        let scaled_in = scaler.transform(xin.view());

        stage(ModelStage::Pca);
        let pca = FittedPca::fit(scaled_in.view(), &params.components.check()?)?;
        let coords = pca.transform(scaler.transform(x).view());
        let coords_in = coords.select(Axis(0), &inliers);
        Ok(Base {
            forest,
            silhouette_rows: params.score.silhouette_rows(inliers.len(), params.seed),
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

    /// The pairwise distances between the inliers the silhouette is computed on,
    /// computed on first use.
    fn distances(&self) -> &metrics::Distances {
        self.distances.get_or_init(|| {
            let rows = self.coords_in.select(Axis(0), &self.silhouette_rows);
            metrics::Distances::new(rows.view())
        })
    }

    /// How many inliers the silhouette is computed on.
    pub fn silhouette_points(&self) -> usize {
        self.silhouette_rows.len()
    }

    fn cached(&self, params: &KMeansParams) -> Option<Arc<Clustering>> {
        let cache = self.clusterings.lock().ok()?;
        cache
            .iter()
            .find(|e| e.params == *params)
            .map(|e| Arc::clone(&e.clustering))
    }

    fn keep(&self, clustering: Arc<Clustering>, params: &KMeansParams) {
        if let Ok(mut cache) = self.clusterings.lock() {
            if !cache.iter().any(|e| e.params == *params) {
                cache.push(Kept {
                    params: *params,
                    clustering,
                    silhouette: None,
                });
            }
        }
    }

    /// Whether [`Base::clustering`] for these settings would be answered from the cache.
    pub fn has_clustering(&self, params: &KMeansParams) -> bool {
        self.cached(params).is_some()
    }

    /// K-Means on the inliers, computed once per settings (k included).
    pub fn clustering(&self, params: &Valid<KMeansParams>) -> Result<Arc<Clustering>, ModelError> {
        if let Some(c) = self.cached(params) {
            return Ok(c);
        }
        if self.inliers.len() < params.k {
            return Err(ModelError::NotEnoughCustomers {
                customers: self.inliers.len(),
                needed: params.k,
            });
        }
        let c = Arc::new(kmeans::fit(self.coords_in.view(), params, self.seed)?);
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
        let labels: Vec<usize> = self
            .silhouette_rows
            .iter()
            .map(|&i| clustering.labels[i])
            .collect();
        let s = self.distances().silhouette(&labels, clustering.k);
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
            silhouette_points: self.silhouette_points(),
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

mod sweep;
#[cfg(test)]
mod tests;
