// Test code: a failed expectation should panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use linfa::traits::{Fit, Predict};
use linfa::DatasetBase;
use linfa_clustering::{KMeans, KMeansInit};
use ndarray::Array2;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// linfa's centroids and labels for the same settings and seed.
fn linfa(x: &Array2<f64>, s: &Lloyd, seed: u64) -> (Vec<f64>, Vec<usize>) {
    let model = KMeans::params_with_rng(s.k, Xoshiro256Plus::seed_from_u64(seed))
        .n_runs(s.runs)
        .max_n_iterations(s.max_iter)
        .tolerance(s.tolerance)
        .init_method(KMeansInit::KMeansPlusPlus)
        .fit(&DatasetBase::from(x.clone()))
        .unwrap();
    let labels = model.predict(x).to_vec();
    (model.centroids().iter().copied().collect(), labels)
}

fn ours(x: &Array2<f64>, s: &Lloyd, seed: u64) -> (Vec<f64>, Vec<usize>) {
    let data: Vec<f64> = x.iter().copied().collect();
    let rows = Rows {
        data: &data,
        d: x.ncols(),
    };
    let centroids = fit(rows, s, &mut Xoshiro256Plus::seed_from_u64(seed)).unwrap();
    let labels = nearest(rows, &centroids);
    (centroids, labels)
}

fn settings(k: usize) -> Lloyd {
    Lloyd {
        k,
        runs: 10,
        max_iter: 100,
        tolerance: 1e-4,
    }
}

/// `n` rows of `d` columns, skewed and overlapping groups as customers' features are.
fn skewed(n: usize, d: usize) -> Array2<f64> {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut draw = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    Array2::from_shape_fn((n, d), |(i, j)| {
        (i % 5) as f64 * (j as f64 + 1.0) * 0.3 + draw() * draw() * 2.0
    })
}

#[test]
fn the_same_centroids_and_labels_as_linfa_bit_for_bit() {
    for (x, ks) in [(skewed(700, 6), 2..=9), (skewed(300, 2), 2..=5)] {
        for k in ks {
            for seed in [42, 7] {
                assert_eq!(
                    ours(&x, &settings(k), seed),
                    linfa(&x, &settings(k), seed),
                    "{} rows × {}, k {k}, seed {seed}",
                    x.nrows(),
                    x.ncols()
                );
            }
        }
    }
}

#[test]
fn the_same_as_linfa_with_repeated_points_and_few_iterations() {
    // Only four distinct points: later k-means++ draws meet zero distances, ties abound.
    let x = Array2::from_shape_fn((40, 3), |(i, j)| ((i % 4) * (j + 1)) as f64);
    let s = Lloyd {
        max_iter: 2,
        ..settings(6)
    };
    assert_eq!(ours(&x, &s, 3), linfa(&x, &s, 3));
}

#[test]
fn ties_go_to_the_first_centroid() {
    assert_eq!(first_least(&[2.0, 1.0, 1.0, 3.0]), (1, 1.0));
    let data = [1.0, 1.0];
    let rows = Rows { data: &data, d: 2 };
    assert_eq!(nearest(rows, &[0.0, 0.0, 2.0, 2.0, 0.0, 0.0]), vec![0]);
}
