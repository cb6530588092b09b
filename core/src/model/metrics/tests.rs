use super::*;
use ndarray::array;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

// Two clusters on a line: {0, 1} and {10, 11}.
fn line() -> (Array2<f64>, Vec<usize>) {
    (array![[0.0], [1.0], [10.0], [11.0]], vec![0, 0, 1, 1])
}

#[test]
fn silhouette_by_hand() {
    let (x, l) = line();
    // Point 0: a = 1, b = (10 + 11) / 2 = 10.5 → 9.5 / 10.5; point 1: a = 1, b = 9.5 → 8.5 / 9.5.
    let want = 2.0 * (9.5 / 10.5 + 8.5 / 9.5) / 4.0;
    let got = Distances::new(x.view()).silhouette(&l, 2);
    assert!((got - want).abs() < 1e-6, "{got} vs {want}");
}

#[test]
fn silhouette_without_the_condensed_matrix_agrees_point_by_point() {
    let x = Array2::from_shape_fn((300, 2), |(i, j)| {
        ((i * 37 + j * 11) % 23) as f64 / 7.0 + if i % 3 == 0 { 9.0 } else { 0.0 }
    });
    let labels: Vec<usize> = (0..x.nrows()).map(|i| usize::from(i % 3 == 0)).collect();
    let kept = Distances::with_condensed_limit(x.view(), usize::MAX);
    let recomputed = Distances::with_condensed_limit(x.view(), 0);
    assert!(kept.condensed.is_some() && recomputed.condensed.is_none());
    let (a, b) = (
        kept.silhouette_samples(&labels, 2),
        recomputed.silhouette_samples(&labels, 2),
    );
    assert_eq!(a.len(), 300);
    for (i, (p, q)) in a.iter().zip(&b).enumerate() {
        // The condensed matrix stores f32 distances.
        assert!((p - q).abs() < 1e-6, "point {i}: {p} vs {q}");
    }
    let mean = kept.silhouette(&labels, 2);
    assert!(mean > 0.5 && mean < 1.0, "{mean}");
}

#[test]
fn lanes_sum_what_pair_by_pair_sums() {
    let n = 37;
    let labels: Vec<usize> = (0..n).map(|i| [0, 0, 2, 1, 2, 2, 0][i % 7]).collect();
    let d: Vec<f32> = (0..n * (n - 1) / 2)
        .map(|at| ((at * 7919) % 1009) as f32 / 13.0)
        .collect();
    let mut want = vec![0f64; n * 3];
    let mut at = 0;
    for i in 0..n {
        for j in i + 1..n {
            want[i * 3 + labels[j]] += f64::from(d[at]);
            want[j * 3 + labels[i]] += f64::from(d[at]);
            at += 1;
        }
    }
    let mut got = vec![0f64; n * 3];
    add_condensed(&d, &labels, 3, &mut got);
    assert_eq!(got, want);
}

#[test]
fn above_the_limit_the_matrix_is_not_kept() {
    let x = Array2::from_shape_fn((CONDENSED_MAX_POINTS + 1, 1), |(i, _)| {
        (i % 7) as f64 + if i % 2 == 0 { 0.0 } else { 30.0 }
    });
    let labels: Vec<usize> = (0..x.nrows()).map(|i| i % 2).collect();
    let d = Distances::new(x.view());
    assert!(d.condensed.is_none());
    let s = d.silhouette(&labels, 2);
    assert!(s > 0.75 && s < 1.0, "{s}");
}

#[test]
fn calinski_harabasz_by_hand() {
    let (x, l) = line();
    // centroids 0.5 and 10.5, overall 5.5: between = 2·25 + 2·25 = 100; within = 4·0.25 = 1.
    let got = calinski_harabasz(x.view(), &l, 2);
    assert!((got - 100.0 * 2.0 / 1.0).abs() < 1e-9, "{got}");
}

#[test]
fn davies_bouldin_by_hand() {
    let (x, l) = line();
    // spreads 0.5 and 0.5, separation 10 → 0.1 for each cluster.
    assert!((davies_bouldin(x.view(), &l, 2) - 0.1).abs() < 1e-12);
}

#[test]
fn inertia_by_hand() {
    let (x, l) = line();
    let c = centroids(x.view(), &l, 2);
    assert!((inertia(x.view(), &l, &c) - 1.0).abs() < 1e-12);
}
