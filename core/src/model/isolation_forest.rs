//! Isolation Forest (Liu, Ting & Zhou 2008), as scikit-learn implements it: random
//! sub-samples of `max_samples` rows, trees grown to depth ⌈log2 ψ⌉ with a random feature
//! and a uniform random threshold per node, anomaly score 2^(−E[h(x)]/c(ψ)), and the
//! threshold set at the `contamination` percentile of the training scores.
//!
//! Written here rather than taken from a crate: the one maintained Rust implementation
//! (`extended-isolation-forest` 0.2) draws from `rand::thread_rng()` and cannot be seeded,
//! and Segwork's results must be reproducible from a seed.

use crate::params::{Check, Valid};
use ndarray::ArrayView2;
use rand::seq::index::sample;
use rand::Rng;
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IsolationForestParams {
    pub n_trees: usize,
    pub max_samples: usize,
    /// Share of customers flagged as outliers, in [0, 0.5).
    pub contamination: f64,
}

impl Default for IsolationForestParams {
    fn default() -> Self {
        Self {
            n_trees: 100,
            max_samples: 256,
            contamination: 0.05,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum OutlierError {
    #[error("Invalid setting: the outlier share must be at least 0 and below 0.5 (got {share}).")]
    Share { share: f64 },
    #[error("Invalid setting: the outlier forest needs at least one tree.")]
    NoTrees,
    #[error("Invalid setting: the outlier forest needs at least two samples per tree (got {max_samples}).")]
    TooFewSamples { max_samples: usize },
}

impl Check for IsolationForestParams {
    type Error = OutlierError;

    fn check_ref(&self) -> Result<(), OutlierError> {
        if !(0.0..0.5).contains(&self.contamination) {
            return Err(OutlierError::Share {
                share: self.contamination,
            });
        }
        if self.n_trees == 0 {
            return Err(OutlierError::NoTrees);
        }
        if self.max_samples < 2 {
            return Err(OutlierError::TooFewSamples {
                max_samples: self.max_samples,
            });
        }
        Ok(())
    }
}

/// A node of a tree, by index into its tree's nodes. Serialised so a fitted forest can
/// be written out and scored elsewhere (`crate::sql::ModelSpec`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Node {
    Split {
        feature: usize,
        threshold: f64,
        left: usize,
        right: usize,
    },
    Leaf {
        size: usize,
    },
}

/// A fitted forest: its trees and the score threshold below which a row is an outlier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IsolationForest {
    pub(crate) trees: Vec<Vec<Node>>,
    pub(crate) psi: usize,
    /// Rows whose [`IsolationForest::score_samples`] is below this are outliers.
    pub offset: f64,
}

const EULER_GAMMA: f64 = 0.577_215_664_901_532_9;

/// Average path length of an unsuccessful search in a binary search tree of n items.
pub(crate) fn average_path_length(n: usize) -> f64 {
    match n {
        0 | 1 => 0.0,
        2 => 1.0,
        _ => {
            let n = n as f64;
            // libm rather than f64::ln: the same bits natively and in the browser.
            2.0 * (libm::log(n - 1.0) + EULER_GAMMA) - 2.0 * (n - 1.0) / n
        }
    }
}

impl IsolationForest {
    pub fn fit(
        x: ArrayView2<'_, f64>,
        params: &Valid<IsolationForestParams>,
        rng: &mut impl Rng,
    ) -> Self {
        let n = x.nrows();
        let psi = params.max_samples.min(n).max(1);
        let max_depth = usize::BITS as usize - (psi.max(2) - 1).leading_zeros() as usize; // ⌈log2 ψ⌉
        let trees = (0..params.n_trees)
            .map(|_| {
                let rows = sample(rng, n, psi).into_vec();
                let mut nodes = Vec::new();
                grow(x, rows, 0, max_depth, rng, &mut nodes);
                nodes
            })
            .collect();
        let mut forest = Self {
            trees,
            psi,
            offset: f64::NEG_INFINITY,
        };
        if params.contamination > 0.0 && n > 0 {
            let scores = forest.score_samples(x);
            forest.offset = percentile(&scores, 100.0 * params.contamination);
        }
        forest
    }

    /// The opposite of the anomaly score, as scikit-learn's `score_samples`: lower is more
    /// abnormal, in [−1, 0].
    pub fn score_samples(&self, x: ArrayView2<'_, f64>) -> Vec<f64> {
        self.path_totals(x)
            .into_iter()
            .map(|total| self.score_of_total(total))
            .collect()
    }

    /// Each row's path lengths summed over the trees, in tree order.
    pub fn path_totals(&self, x: ArrayView2<'_, f64>) -> Vec<f64> {
        x.rows()
            .into_iter()
            .map(|row| self.trees.iter().map(|t| path_length(t, &row)).sum())
            .collect()
    }

    /// The score of a row whose path lengths sum to `total`.
    pub fn score_of_total(&self, total: f64) -> f64 {
        let mean = total / self.trees.len().max(1) as f64;
        -libm::pow(2.0, -mean / average_path_length(self.psi))
    }

    /// Which rows are outliers.
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Vec<bool> {
        self.score_samples(x)
            .into_iter()
            .map(|s| s < self.offset)
            .collect()
    }
}

fn path_length(tree: &[Node], row: &ndarray::ArrayView1<'_, f64>) -> f64 {
    let mut i = 0;
    let mut depth = 0.0;
    loop {
        match tree[i] {
            Node::Split {
                feature,
                threshold,
                left,
                right,
            } => {
                i = if row[feature] <= threshold {
                    left
                } else {
                    right
                };
                depth += 1.0;
            }
            Node::Leaf { size } => return depth + average_path_length(size),
        }
    }
}

/// Grows a subtree over `rows` and returns its index in `nodes`.
fn grow(
    x: ArrayView2<'_, f64>,
    rows: Vec<usize>,
    depth: usize,
    max_depth: usize,
    rng: &mut impl Rng,
    nodes: &mut Vec<Node>,
) -> usize {
    let at = nodes.len();
    nodes.push(Node::Leaf { size: rows.len() });
    if depth >= max_depth || rows.len() <= 1 {
        return at;
    }
    // Features that still vary among these rows; a random one of them splits.
    let ranges: Vec<(usize, f64, f64)> = (0..x.ncols())
        .filter_map(|f| {
            let (lo, hi) = rows
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &r| {
                    (lo.min(x[[r, f]]), hi.max(x[[r, f]]))
                });
            (hi > lo).then_some((f, lo, hi))
        })
        .collect();
    if ranges.is_empty() {
        return at;
    }
    let (feature, lo, hi) = ranges[rng.gen_range(0..ranges.len())];
    let threshold = rng.gen_range(lo..hi);
    let (l, r): (Vec<usize>, Vec<usize>) = rows
        .into_iter()
        .partition(|&i| x[[i, feature]] <= threshold);
    let left = grow(x, l, depth + 1, max_depth, rng, nodes);
    let right = grow(x, r, depth + 1, max_depth, rng, nodes);
    nodes[at] = Node::Split {
        feature,
        threshold,
        left,
        right,
    };
    at
}

/// The q-th percentile with linear interpolation (NumPy's default).
pub(crate) fn percentile(values: &[f64], q: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let pos = (q / 100.0).clamp(0.0, 1.0) * (v.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
}

#[cfg(test)]
mod tests;
