//! K-Means (k-means++ start, restarts, iteration cap), seeded: linfa-clustering's
//! algorithm and results, computed by [`lloyd`] (see there why).
//! Segments are renumbered by size, largest first, so that the same data and seed always
//! give the same names, natively and in the browser.

mod lloyd;

use crate::params::{Check, Valid};
use ndarray::{Array2, ArrayView2};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// K-Means settings: the number of segments, restarts and the iteration cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KMeansParams {
    pub k: usize,
    pub n_init: usize,
    pub max_iter: u64,
}

impl Default for KMeansParams {
    fn default() -> Self {
        Self {
            k: 3,
            n_init: 10,
            max_iter: 100,
        }
    }
}

impl KMeansParams {
    /// The same settings for another number of segments (the k sweep).
    pub fn with_k(self, k: usize) -> Self {
        Self { k, ..self }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum KMeansError {
    #[error("Invalid setting: at least 2 segments are needed (got {k}).")]
    TooFewSegments { k: usize },
    #[error("Invalid setting: K-Means needs at least one restart.")]
    NoRestarts,
    #[error("Invalid setting: K-Means needs at least one iteration.")]
    NoIterations,
    #[error("There are only {customers} customers to segment, but {needed} segments were asked for. Choose fewer segments, or a file with more customers.")]
    NotEnoughCustomers { customers: usize, needed: usize },
    /// The clustering could not be computed; why is kept.
    #[error("K-Means clustering failed: {message}")]
    Failed { message: String },
}

impl Check for KMeansParams {
    type Error = KMeansError;

    fn check_ref(&self) -> Result<(), KMeansError> {
        if self.k < 2 {
            return Err(KMeansError::TooFewSegments { k: self.k });
        }
        if self.n_init == 0 {
            return Err(KMeansError::NoRestarts);
        }
        if self.max_iter == 0 {
            return Err(KMeansError::NoIterations);
        }
        Ok(())
    }
}

/// A clustering: each point's segment (0 = largest) and the centroids.
#[derive(Debug, Clone, PartialEq)]
pub struct Clustering {
    pub k: usize,
    pub labels: Vec<usize>,
    pub centroids: Array2<f64>,
    pub sizes: Vec<usize>,
    /// The fitted model's own centroids, in the segments' numbering: each customer's
    /// segment is the nearest of these (the first on a tie). `centroids` are the means
    /// of the segments' members, which can differ from these by the last iteration's
    /// move.
    pub nearest: Array2<f64>,
}

/// Clusters the rows of `x` (data, valid params, seed: the order every step uses).
pub fn fit(
    x: ArrayView2<'_, f64>,
    params: &Valid<KMeansParams>,
    seed: u64,
) -> Result<Clustering, KMeansError> {
    let k = params.k;
    if x.nrows() < k {
        return Err(KMeansError::NotEnoughCustomers {
            customers: x.nrows(),
            needed: k,
        });
    }
    let data: Vec<f64> = x.iter().copied().collect();
    let rows = lloyd::Rows {
        data: &data,
        d: x.ncols(),
    };
    let settings = lloyd::Lloyd {
        k,
        runs: params.n_init,
        max_iter: params.max_iter,
        tolerance: 1e-4,
    };
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let centroids = lloyd::fit(rows, &settings, &mut rng).ok_or_else(|| KMeansError::Failed {
        message: "no start reached a finite inertia".to_owned(),
    })?;
    let raw = lloyd::nearest(rows, &centroids);
    let fitted =
        ArrayView2::from_shape((k, x.ncols()), &centroids).map_err(|e| KMeansError::Failed {
            message: e.to_string(),
        })?;
    Ok(renumber_by_size(x, &raw, fitted))
}

fn renumber_by_size(
    x: ArrayView2<'_, f64>,
    raw: &[usize],
    fitted: ArrayView2<'_, f64>,
) -> Clustering {
    let k = fitted.nrows();
    let mut sizes = vec![0usize; k];
    raw.iter().for_each(|&l| sizes[l] += 1);
    let mut order: Vec<usize> = (0..k).collect();
    // Largest first; among equal sizes, the one whose first member comes first.
    let first = |c: usize| raw.iter().position(|&l| l == c).unwrap_or(usize::MAX);
    order.sort_by_key(|&c| (std::cmp::Reverse(sizes[c]), first(c)));
    let mut new_of = vec![0; k];
    for (new, &old) in order.iter().enumerate() {
        new_of[old] = new;
    }
    let labels: Vec<usize> = raw.iter().map(|&l| new_of[l]).collect();
    let sizes = order.iter().map(|&c| sizes[c]).collect();
    let centroids = super::metrics::centroids(x, &labels, k);
    Clustering {
        k,
        labels,
        centroids,
        sizes,
        nearest: fitted.select(ndarray::Axis(0), &order),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn params(k: usize) -> Valid<KMeansParams> {
        KMeansParams::default().with_k(k).check().unwrap()
    }

    fn blobs() -> Array2<f64> {
        // 30 points near (0,0), 20 near (10,10), 10 near (0,10).
        Array2::from_shape_fn((60, 2), |(i, j)| {
            let jitter = ((i * 7 + j * 3) % 5) as f64 * 0.1;
            let centre = match i {
                0..30 => [0.0, 0.0],
                30..50 => [10.0, 10.0],
                _ => [0.0, 10.0],
            };
            centre[j] + jitter
        })
    }

    #[test]
    fn finds_the_blobs_largest_first() {
        let x = blobs();
        let c = fit(x.view(), &params(3), 42).unwrap();
        assert_eq!(c.sizes, vec![30, 20, 10]);
        assert!(c.labels[..30].iter().all(|&l| l == 0));
        assert!(c.labels[30..50].iter().all(|&l| l == 1));
        assert!(c.labels[50..].iter().all(|&l| l == 2));
    }

    #[test]
    fn same_seed_same_result() {
        let x = blobs();
        let a = fit(x.view(), &params(4), 9).unwrap();
        let b = fit(x.view(), &params(4), 9).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn more_clusters_than_points_is_an_error() {
        let x = Array2::<f64>::zeros((2, 2));
        assert_eq!(
            fit(x.view(), &params(3), 0),
            Err(KMeansError::NotEnoughCustomers {
                customers: 2,
                needed: 3
            })
        );
    }

    #[test]
    fn each_rule_has_its_error() {
        let p = KMeansParams::default();
        assert_eq!(
            p.with_k(1).check(),
            Err(KMeansError::TooFewSegments { k: 1 })
        );
        let no_runs = KMeansParams { n_init: 0, ..p };
        assert_eq!(no_runs.check(), Err(KMeansError::NoRestarts));
        let no_iter = KMeansParams { max_iter: 0, ..p };
        assert_eq!(no_iter.check(), Err(KMeansError::NoIterations));
        assert!(p.check().is_ok());
    }
}
