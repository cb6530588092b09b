//! K-Means as linfa-clustering 0.8 computes it (k-means++ start, restarts, Lloyd
//! iterations, the old centroid counted as one more member), on a flat row-major matrix.
//!
//! Why not linfa's own `KMeans`: it does the same arithmetic through an ndarray view per
//! row and per centroid, allocates every iteration and splits every assignment step into
//! rayon tasks, which cost more than the few thousand short rows it assigns. Here the
//! assignment is a plain loop over a column-major copy of the centroids, and the k-means++
//! start keeps each point's nearest distance instead of measuring all centroids again.
//! The results are bit for bit linfa's, with the same random draws: every squared distance
//! sums its coordinates in the same order, ties go to the first centroid, and the weighted
//! draws are rand's `WeightedIndex`, as linfa's. The tests compare the two on several
//! data sets, k and seeds.

use rand::distributions::{Distribution, WeightedIndex};
use rand::Rng;

/// Settings of one fit: `k` centroids, the best of `runs` starts, at most `max_iter`
/// iterations each, stopping when the centroids move less than `tolerance`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Lloyd {
    pub k: usize,
    pub runs: usize,
    pub max_iter: u64,
    pub tolerance: f64,
}

/// A matrix of `d` columns, its rows one after another.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rows<'a> {
    pub data: &'a [f64],
    pub d: usize,
}

impl Rows<'_> {
    fn iter(&self) -> std::slice::ChunksExact<'_, f64> {
        self.data.chunks_exact(self.d)
    }

    fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.d..(i + 1) * self.d]
    }

    fn len(&self) -> usize {
        self.data.len() / self.d
    }
}

/// The squared distance between two points, summed over the coordinates in order.
fn squared(a: &[f64], b: &[f64]) -> f64 {
    let mut sum = 0.0;
    for (x, y) in a.iter().zip(b) {
        let e = x - y;
        sum += e * e;
    }
    sum
}

/// The centroids with the least inertia over all runs (k rows of `d`), or `None` when no
/// run has a finite inertia.
pub(super) fn fit(x: Rows<'_>, s: &Lloyd, rng: &mut impl Rng) -> Option<Vec<f64>> {
    let mut best: Option<(f64, Vec<f64>)> = None;
    let mut work = Work::new(x.len(), s.k);
    for _ in 0..s.runs {
        let mut centroids = plus_plus(x, s.k, rng);
        let mut iterations = 0;
        let inertia = loop {
            work.assign(x, &centroids);
            let next = work.centroids(x, &centroids);
            let moved = squared(&centroids, &next).sqrt();
            centroids = next;
            iterations += 1;
            if moved < s.tolerance || iterations == s.max_iter {
                // ndarray's sum, as linfa's: its order of additions is the inertia's.
                break ndarray::ArrayView1::from(&work.dists[..]).sum();
            }
        };
        if inertia < best.as_ref().map_or(f64::INFINITY, |b| b.0) {
            best = Some((inertia, centroids));
        }
    }
    best.map(|b| b.1)
}

/// Each row's nearest of the centroids (k rows of `d`), the first on a tie.
pub(super) fn nearest(x: Rows<'_>, centroids: &[f64]) -> Vec<usize> {
    let mut work = Work::new(x.len(), centroids.len() / x.d);
    work.assign(x, centroids);
    work.labels
}

/// The k-means++ start: a first centroid drawn uniformly, each next one drawn with weight
/// its squared distance to the nearest centroid so far.
fn plus_plus(x: Rows<'_>, k: usize, rng: &mut impl Rng) -> Vec<f64> {
    let d = x.d;
    let mut centroids = vec![0.0; k * d];
    let uniform = WeightedIndex::new(std::iter::repeat_n(1.0f64, x.len()));
    let first = uniform.map_or(0, |w| w.sample(rng));
    centroids[..d].copy_from_slice(x.row(first));
    let mut nearest = vec![f64::INFINITY; x.len()];
    for c in 1..k {
        let last = &centroids[(c - 1) * d..c * d];
        for (n, row) in nearest.iter_mut().zip(x.iter()) {
            *n = n.min(squared(last, row));
        }
        // All zero: every point is a centroid already, and any will do.
        let next = WeightedIndex::new(nearest.iter()).map_or(0, |w| w.sample(rng));
        centroids[c * d..(c + 1) * d].copy_from_slice(x.row(next));
    }
    centroids
}

/// Buffers of one fit: each row's centroid and squared distance to it.
struct Work {
    labels: Vec<usize>,
    dists: Vec<f64>,
    by_column: Vec<f64>,
    scratch: Vec<f64>,
}

impl Work {
    fn new(n: usize, k: usize) -> Self {
        Self {
            labels: vec![0; n],
            dists: vec![0.0; n],
            by_column: Vec::new(),
            scratch: vec![0.0; k],
        }
    }

    /// Assigns each row to its nearest centroid. The centroids are copied column by
    /// column so that one pass over a row's coordinates measures all of them at once.
    fn assign(&mut self, x: Rows<'_>, centroids: &[f64]) {
        let (d, k) = (x.d, self.scratch.len());
        self.by_column.clear();
        self.by_column
            .extend((0..d * k).map(|at| centroids[(at % k) * d + at / k]));
        for ((row, label), dist) in x.iter().zip(&mut self.labels).zip(&mut self.dists) {
            self.scratch.fill(0.0);
            for (&v, column) in row.iter().zip(self.by_column.chunks_exact(k)) {
                for (sum, &c) in self.scratch.iter_mut().zip(column) {
                    let e = c - v;
                    *sum += e * e;
                }
            }
            (*label, *dist) = first_least(&self.scratch);
        }
    }

    /// The next centroids: each the mean of its rows and its old position.
    fn centroids(&self, x: Rows<'_>, old: &[f64]) -> Vec<f64> {
        let d = x.d;
        let mut counts = vec![1usize; old.len() / d];
        let mut sums = vec![0.0; old.len()];
        for (row, &l) in x.iter().zip(&self.labels) {
            for (s, v) in sums[l * d..(l + 1) * d].iter_mut().zip(row) {
                *s += v;
            }
            counts[l] += 1;
        }
        for (s, o) in sums.iter_mut().zip(old) {
            *s += o;
        }
        for (centroid, &count) in sums.chunks_exact_mut(d).zip(&counts) {
            centroid.iter_mut().for_each(|s| *s /= count as f64);
        }
        sums
    }
}

/// The index and value of the least of `values`, the first on a tie.
fn first_least(values: &[f64]) -> (usize, f64) {
    let mut best = (0, values[0]);
    for (i, &v) in values.iter().enumerate().skip(1) {
        if v < best.1 {
            best = (i, v);
        }
    }
    best
}

#[cfg(test)]
#[path = "lloyd_tests.rs"]
mod tests;
