//! PCA by an exact eigen-decomposition of the feature covariance matrix.
//!
//! Written here rather than through linfa-reduction: its `Pca` (without BLAS) estimates
//! the SVD with LOBPCG seeded from `SmallRng`, which is a different generator on 64-bit
//! hosts and on wasm32, and ndarray's matrix products use FMA kernels natively but not in
//! the browser; the browser and the command line then disagree in the last digits (and
//! could disagree on a component's sign). The covariance here is at most 15 × 15, so a
//! cyclic Jacobi eigen-solver in plain IEEE arithmetic (only + − × ÷ √, which round the
//! same everywhere) is exact, gives the whole spectrum, and is bit-for-bit reproducible.

// Matrix code reads best in index notation (a[p][q], v[k][j]).
#![allow(clippy::needless_range_loop)]

use crate::columns::Feature;
use crate::params::{Check, Valid};
use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// How many components to keep.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Components {
    Count(usize),
    /// The fewest components whose cumulative explained variance reaches this share.
    Variance(f64),
}

#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum PcaError {
    #[error("Invalid setting: the number of principal components must be between 1 and {max} (got {count}).")]
    Count { count: usize, max: usize },
    #[error("Invalid setting: the explained-variance target must be above 0 and at most 1 (got {target}).")]
    Variance { target: f64 },
    #[error(
        "There are only {customers} customers to segment; principal components need at least 2."
    )]
    TooFewCustomers { customers: usize },
}

impl Check for Components {
    type Error = PcaError;

    fn check_ref(&self) -> Result<(), PcaError> {
        match *self {
            Components::Count(count) if count == 0 || count > Feature::COUNT => {
                Err(PcaError::Count {
                    count,
                    max: Feature::COUNT,
                })
            }
            Components::Variance(target) if !(target > 0.0 && target <= 1.0) => {
                Err(PcaError::Variance { target })
            }
            _ => Ok(()),
        }
    }
}

/// A fitted projection.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedPca {
    pub(crate) mean: Vec<f64>,
    /// Unit eigenvectors of the covariance, one row per component, largest variance first.
    pub(crate) components: Vec<Vec<f64>>,
    /// Variance along each component (eigenvalues, descending).
    pub variances: Vec<f64>,
    /// Explained variance ratio of every component (over the total variance).
    pub ratios: Vec<f64>,
    pub kept: usize,
}

impl FittedPca {
    pub fn fit(x: ArrayView2<'_, f64>, components: &Valid<Components>) -> Result<Self, PcaError> {
        let (n, d) = x.dim();
        if n < 2 || d == 0 {
            return Err(PcaError::TooFewCustomers { customers: n });
        }
        let mean: Vec<f64> = (0..d)
            .map(|j| x.column(j).iter().sum::<f64>() / n as f64)
            .collect();
        let mut cov = vec![vec![0.0; d]; d];
        for row in x.rows() {
            for a in 0..d {
                let da = row[a] - mean[a];
                for b in a..d {
                    cov[a][b] += da * (row[b] - mean[b]);
                }
            }
        }
        for a in 0..d {
            for b in a..d {
                cov[a][b] /= (n - 1) as f64;
                cov[b][a] = cov[a][b];
            }
        }
        let (values, vectors) = jacobi_eigen(cov);
        let mut order: Vec<usize> = (0..d).collect();
        order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
        let variances: Vec<f64> = order.iter().map(|&j| values[j].max(0.0)).collect();
        let axes: Vec<Vec<f64>> = order
            .iter()
            .map(|&j| {
                let mut v: Vec<f64> = (0..d).map(|f| vectors[f][j]).collect();
                // Sign convention (as scikit-learn's svd_flip): the largest loading is positive.
                let big = v
                    .iter()
                    .copied()
                    .fold(0.0, |m: f64, x| if x.abs() > m.abs() { x } else { m });
                if big < 0.0 {
                    v.iter_mut().for_each(|x| *x = -*x);
                }
                v
            })
            .collect();
        let total: f64 = variances.iter().sum();
        let ratios: Vec<f64> = variances
            .iter()
            .map(|v| if total > 0.0 { v / total } else { 0.0 })
            .collect();
        let kept = match **components {
            Components::Count(c) => c.clamp(1, d),
            Components::Variance(target) => {
                let mut acc = 0.0;
                ratios
                    .iter()
                    .position(|r| {
                        acc += r;
                        acc >= target - 1e-12
                    })
                    .map_or(d, |p| p + 1)
            }
        };
        Ok(Self {
            mean,
            components: axes,
            variances,
            ratios,
            kept,
        })
    }

    pub fn cumulative(&self) -> f64 {
        self.ratios.iter().take(self.kept).sum()
    }

    /// Coordinates on the kept components.
    pub fn transform(&self, x: ArrayView2<'_, f64>) -> Array2<f64> {
        let mut out = Array2::zeros((x.nrows(), self.kept));
        for (row, mut o) in x.rows().into_iter().zip(out.rows_mut()) {
            for (c, comp) in self.components.iter().take(self.kept).enumerate() {
                let mut acc = 0.0;
                for ((v, m), w) in row.iter().zip(&self.mean).zip(comp) {
                    acc += (v - m) * w;
                }
                o[c] = acc;
            }
        }
        out
    }

    /// Each kept component's loading on each input feature (components × features).
    pub fn loadings(&self) -> Array2<f64> {
        let d = self.mean.len();
        Array2::from_shape_fn((self.kept, d), |(c, f)| self.components[c][f])
    }
}

/// Eigenvalues and eigenvectors (as columns) of a symmetric matrix, by cyclic Jacobi
/// rotations until the off-diagonal mass vanishes.
fn jacobi_eigen(mut a: Vec<Vec<f64>>) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = a.len();
    let mut v: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| f64::from(u8::from(i == j))).collect())
        .collect();
    let scale: f64 = (0..n)
        .map(|i| a[i][i].abs())
        .sum::<f64>()
        .max(f64::MIN_POSITIVE);
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|p| (p + 1..n).map(move |q| (p, q)))
            .map(|(p, q)| a[p][q] * a[p][q])
            .sum();
        if off.sqrt() <= 1e-15 * scale {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if a[p][q] == 0.0 {
                    continue;
                }
                let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for row in a.iter_mut() {
                    let (kp, kq) = (row[p], row[q]);
                    row[p] = c * kp - s * kq;
                    row[q] = s * kp + c * kq;
                }
                for k in 0..n {
                    let (pk, qk) = (a[p][k], a[q][k]);
                    a[p][k] = c * pk - s * qk;
                    a[q][k] = s * pk + c * qk;
                }
                for row in v.iter_mut() {
                    let (kp, kq) = (row[p], row[q]);
                    row[p] = c * kp - s * kq;
                    row[q] = s * kp + c * kq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i][i]).collect(), v)
}

#[cfg(test)]
mod tests;
