//! Cluster quality scores: silhouette, Calinski–Harabasz and Davies–Bouldin, with the
//! definitions scikit-learn uses.
//!
//! The silhouette is O(n²). When the same points are scored for many k (the k sweep), the
//! pairwise distances are computed once and kept in a condensed f32 matrix (33 MB for
//! 4,067 customers); above [`CONDENSED_MAX_POINTS`] they are recomputed per pass instead.

use ndarray::{Array2, ArrayView2};

/// Largest point count for which the condensed distance matrix is kept (≈128 MB).
pub const CONDENSED_MAX_POINTS: usize = 8_000;

fn dist(x: &ArrayView2<'_, f64>, i: usize, j: usize) -> f64 {
    x.row(i)
        .iter()
        .zip(x.row(j).iter())
        .map(|(a, b)| (a - b) * (a - b))
        .sum::<f64>()
        .sqrt()
}

/// Pairwise Euclidean distances between the rows of a matrix.
#[derive(Debug)]
pub struct Distances {
    x: Array2<f64>,
    condensed: Option<Vec<f32>>,
}

impl Distances {
    pub fn new(x: ArrayView2<'_, f64>) -> Self {
        Self::with_condensed_limit(x, CONDENSED_MAX_POINTS)
    }

    /// Keeps the condensed matrix only up to `limit` points (tests use both paths).
    pub fn with_condensed_limit(x: ArrayView2<'_, f64>, limit: usize) -> Self {
        let n = x.nrows();
        let condensed = (n <= limit).then(|| {
            let mut d = Vec::with_capacity(n * n.saturating_sub(1) / 2);
            for i in 0..n {
                for j in i + 1..n {
                    d.push(dist(&x, i, j) as f32);
                }
            }
            d
        });
        Self {
            x: x.to_owned(),
            condensed,
        }
    }

    /// How many points the distances are between.
    pub fn len(&self) -> usize {
        self.x.nrows()
    }

    pub fn is_empty(&self) -> bool {
        self.x.nrows() == 0
    }

    /// Calls `f(i, j, d)` for every pair i < j, the distances computed as it goes.
    fn for_each_pair(&self, mut f: impl FnMut(usize, usize, f64)) {
        let x = self.x.view();
        for i in 0..x.nrows() {
            for j in i + 1..x.nrows() {
                f(i, j, dist(&x, i, j));
            }
        }
    }

    /// Mean silhouette coefficient. A point alone in its cluster scores 0.
    pub fn silhouette(&self, labels: &[usize], k: usize) -> f64 {
        let n = labels.len();
        if n < 2 || k < 2 {
            return 0.0;
        }
        self.silhouette_samples(labels, k).iter().sum::<f64>() / n as f64
    }

    /// Each point's silhouette coefficient (0 for a point alone in its cluster).
    pub fn silhouette_samples(&self, labels: &[usize], k: usize) -> Vec<f64> {
        let n = labels.len();
        if n < 2 || k < 2 {
            return vec![0.0; n];
        }
        let mut sizes = vec![0usize; k];
        labels.iter().for_each(|&l| sizes[l] += 1);
        let mut sums = vec![0f64; n * k];
        match &self.condensed {
            Some(d) => add_condensed(d, labels, k, &mut sums),
            None => self.for_each_pair(|i, j, d| {
                sums[i * k + labels[j]] += d;
                sums[j * k + labels[i]] += d;
            }),
        }
        let mut out = vec![0.0; n];
        for i in 0..n {
            let own = labels[i];
            if sizes[own] <= 1 {
                continue;
            }
            let a = sums[i * k + own] / (sizes[own] - 1) as f64;
            let b = (0..k)
                .filter(|&c| c != own && sizes[c] > 0)
                .map(|c| sums[i * k + c] / sizes[c] as f64)
                .fold(f64::INFINITY, f64::min);
            if b.is_finite() {
                let m = a.max(b);
                if m > 0.0 {
                    out[i] = (b - a) / m;
                }
            }
        }
        out
    }
}

/// Accumulators per cluster for one row of the condensed matrix: consecutive points of
/// one cluster go to different lanes, so their additions need not wait on each other.
const LANES: usize = 4;

/// Adds each pair's distance (row by row of the condensed matrix `d`) to `sums[i * k + c]`,
/// point i's total distance to cluster c. A row's own sums go through [`LANES`] lanes.
/// The f32 distances are summed in f64, where the order of the additions changes a sum
/// in its last bits at most (not at all while the sums stay within f64's precision).
fn add_condensed(d: &[f32], labels: &[usize], k: usize, sums: &mut [f64]) {
    let n = labels.len();
    let mut lanes = vec![[0f64; LANES]; k];
    let mut at = 0;
    for (i, &own) in labels.iter().enumerate() {
        let row = &d[at..at + (n - i - 1)];
        at += row.len();
        lanes.fill([0.0; LANES]);
        let mut j = i + 1;
        let mut chunks = row.chunks_exact(LANES);
        for chunk in &mut chunks {
            for (lane, &v) in chunk.iter().enumerate() {
                let v = f64::from(v);
                lanes[labels[j + lane]][lane] += v;
                sums[(j + lane) * k + own] += v;
            }
            j += LANES;
        }
        for &v in chunks.remainder() {
            let v = f64::from(v);
            lanes[labels[j]][0] += v;
            sums[j * k + own] += v;
            j += 1;
        }
        for (c, lane) in lanes.iter().enumerate() {
            sums[i * k + c] += lane.iter().sum::<f64>();
        }
    }
}

/// Centroid of each cluster (k × d); empty clusters get zeros.
pub fn centroids(x: ArrayView2<'_, f64>, labels: &[usize], k: usize) -> Array2<f64> {
    let mut c = Array2::<f64>::zeros((k, x.ncols()));
    let mut sizes = vec![0usize; k];
    for (row, &l) in x.rows().into_iter().zip(labels) {
        c.row_mut(l).zip_mut_with(&row, |a, b| *a += b);
        sizes[l] += 1;
    }
    for (mut row, &s) in c.rows_mut().into_iter().zip(&sizes) {
        if s > 0 {
            row.mapv_inplace(|v| v / s as f64);
        }
    }
    c
}

fn sq(a: ndarray::ArrayView1<'_, f64>, b: ndarray::ArrayView1<'_, f64>) -> f64 {
    a.iter().zip(b.iter()).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// Sum of squared distances of the points to their cluster centroid.
pub fn inertia(x: ArrayView2<'_, f64>, labels: &[usize], centroids: &Array2<f64>) -> f64 {
    x.rows()
        .into_iter()
        .zip(labels)
        .map(|(r, &l)| sq(r, centroids.row(l)))
        .sum()
}

/// Between-cluster over within-cluster dispersion, each per degree of freedom.
pub fn calinski_harabasz(x: ArrayView2<'_, f64>, labels: &[usize], k: usize) -> f64 {
    let n = x.nrows();
    if k < 2 || n <= k {
        return 0.0;
    }
    let c = centroids(x, labels, k);
    let overall = centroids(x, &vec![0; n], 1);
    let mut sizes = vec![0usize; k];
    labels.iter().for_each(|&l| sizes[l] += 1);
    let between: f64 = (0..k)
        .map(|j| sizes[j] as f64 * sq(c.row(j), overall.row(0)))
        .sum();
    let within = inertia(x, labels, &c);
    if within == 0.0 {
        return 1.0;
    }
    between * (n - k) as f64 / (within * (k - 1) as f64)
}

/// Mean over clusters of the worst ratio of summed spreads to centroid separation.
pub fn davies_bouldin(x: ArrayView2<'_, f64>, labels: &[usize], k: usize) -> f64 {
    if k < 2 {
        return 0.0;
    }
    let c = centroids(x, labels, k);
    let mut spread = vec![0f64; k];
    let mut sizes = vec![0usize; k];
    for (r, &l) in x.rows().into_iter().zip(labels) {
        spread[l] += sq(r, c.row(l)).sqrt();
        sizes[l] += 1;
    }
    for (s, &n) in spread.iter_mut().zip(&sizes) {
        if n > 0 {
            *s /= n as f64;
        }
    }
    let mut total = 0.0;
    for i in 0..k {
        let worst = (0..k)
            .filter(|&j| j != i)
            .map(|j| {
                let sep = sq(c.row(i), c.row(j)).sqrt();
                if sep == 0.0 {
                    0.0
                } else {
                    (spread[i] + spread[j]) / sep
                }
            })
            .fold(0.0, f64::max);
        total += worst;
    }
    total / k as f64
}

#[cfg(test)]
mod tests;
