//! Isolation Forest (Liu, Ting & Zhou 2008), as scikit-learn implements it: random
//! sub-samples of `max_samples` rows, trees grown to depth ⌈log2 ψ⌉ with a random feature
//! and a uniform random threshold per node, anomaly score 2^(−E[h(x)]/c(ψ)), and the
//! threshold set at the `contamination` percentile of the training scores.
//!
//! Written here rather than taken from a crate: the one maintained Rust implementation
//! (`extended-isolation-forest` 0.2) draws from `rand::thread_rng()` and cannot be seeded,
//! and Segwork's results must be reproducible from a seed.

use ndarray::ArrayView2;
use rand::seq::index::sample;
use rand::Rng;
use serde::{Deserialize, Serialize};

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

#[derive(Debug, Clone, PartialEq)]
enum Node {
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
#[derive(Debug, Clone, PartialEq)]
pub struct IsolationForest {
    trees: Vec<Vec<Node>>,
    psi: usize,
    /// Rows whose [`IsolationForest::score_samples`] is below this are outliers.
    pub offset: f64,
}

const EULER_GAMMA: f64 = 0.577_215_664_901_532_9;

/// Average path length of an unsuccessful search in a binary search tree of n items.
fn average_path_length(n: usize) -> f64 {
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
    pub fn fit(x: ArrayView2<'_, f64>, params: &IsolationForestParams, rng: &mut impl Rng) -> Self {
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
        let c = average_path_length(self.psi);
        x.rows()
            .into_iter()
            .map(|row| {
                let total: f64 = self.trees.iter().map(|t| path_length(t, &row)).sum();
                let mean = total / self.trees.len().max(1) as f64;
                -libm::pow(2.0, -mean / c)
            })
            .collect()
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
mod tests {
    use super::*;
    use ndarray::Array2;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn flags_the_planted_outliers() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let mut x = Array2::<f64>::zeros((400, 3));
        for v in x.iter_mut() {
            *v = rng.gen_range(-1.0..1.0);
        }
        for (i, r) in [(10, 25.0), (200, -30.0), (333, 40.0), (399, 18.0)] {
            x[[i, i % 3]] = r;
        }
        let p = IsolationForestParams {
            contamination: 0.01,
            ..Default::default()
        };
        let forest = IsolationForest::fit(x.view(), &p, &mut rng);
        let flagged: Vec<usize> = forest
            .predict(x.view())
            .iter()
            .enumerate()
            .filter(|(_, o)| **o)
            .map(|(i, _)| i)
            .collect();
        assert_eq!(flagged, vec![10, 200, 333, 399]);
    }

    #[test]
    fn contamination_sets_the_share_flagged() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let x = Array2::from_shape_fn((1000, 2), |_| rng.gen_range(0.0..1.0));
        let forest = IsolationForest::fit(x.view(), &IsolationForestParams::default(), &mut rng);
        let n = forest.predict(x.view()).iter().filter(|o| **o).count();
        assert_eq!(n, 50);
    }

    #[test]
    fn zero_contamination_flags_nobody() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let x = Array2::from_shape_fn((50, 2), |(i, j)| (i * j) as f64);
        let p = IsolationForestParams {
            contamination: 0.0,
            ..Default::default()
        };
        let forest = IsolationForest::fit(x.view(), &p, &mut rng);
        assert!(forest.predict(x.view()).iter().all(|o| !o));
    }

    #[test]
    fn percentile_interpolates_like_numpy() {
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0], 50.0), 2.5);
        assert_eq!(percentile(&[4.0, 1.0, 3.0, 2.0], 0.0), 1.0);
        assert!((percentile(&[1.0, 2.0, 3.0, 4.0, 5.0], 5.0) - 1.2).abs() < 1e-12);
        assert!((average_path_length(256) - 10.244_770_920_119_917).abs() < 1e-9);
    }
}
