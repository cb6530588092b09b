// Test code: a failed expectation should panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::model::ScoreParams;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// `n` points in three blobs on 6 columns, with a little deterministic jitter.
fn blobs(n: usize) -> Array2<f64> {
    Array2::from_shape_fn((n, 6), |(i, j)| {
        let centre = (i % 3) as f64 * 4.0;
        let jitter = ((i * 7 + j * 13) % 17) as f64 / 17.0 - 0.5;
        centre + jitter + j as f64 * 0.1
    })
}

fn fitted(x: &Array2<f64>, silhouette_points: usize) -> (Base, Fitted) {
    let params = ModelParams {
        score: ScoreParams { silhouette_points },
        ..ModelParams::default()
    }
    .check()
    .unwrap();
    let base = Base::fit(x.view(), &params, &mut |_| {}).unwrap();
    let clustering = base
        .clustering(&params.kmeans.with_k(3).check().unwrap())
        .unwrap();
    let scored = base.score(clustering);
    (base, scored)
}

#[test]
fn the_silhouette_is_exact_up_to_the_limit_and_estimated_above() {
    let x = blobs(1_200);
    let (base, exact) = fitted(&x, 8_000);
    let inliers = base.inliers.len();
    assert_eq!(exact.scores.silhouette_points, inliers);
    let direct =
        metrics::Distances::new(base.coords_in.view()).silhouette(&exact.clustering.labels, 3);
    assert_eq!(exact.scores.silhouette, direct, "every inlier, as before");

    let (_, sampled) = fitted(&x, 300);
    assert_eq!(sampled.scores.silhouette_points, 300);
    assert_ne!(sampled.scores.silhouette, exact.scores.silhouette);
    assert!(
        (sampled.scores.silhouette - exact.scores.silhouette).abs() < 0.03,
        "estimate {} against {}",
        sampled.scores.silhouette,
        exact.scores.silhouette
    );
    // The sweep's silhouette for k = 3 is the same estimate.
    let (base, _) = fitted(&x, 300);
    let sweep = base
        .sweep(3..=3, &KMeansParams::default(), &mut |_| {})
        .unwrap();
    assert_eq!(sweep[0].silhouette, sampled.scores.silhouette);
}
