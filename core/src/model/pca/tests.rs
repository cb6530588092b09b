//! Unit tests of `pca`.

use super::*;
use ndarray::array;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn jacobi_diagonalises_a_known_matrix() {
    // Eigenvalues of [[2,1,0],[1,2,0],[0,0,5]] are 1, 3 and 5.
    let (mut vals, vecs) = jacobi_eigen(vec![
        vec![2.0, 1.0, 0.0],
        vec![1.0, 2.0, 0.0],
        vec![0.0, 0.0, 5.0],
    ]);
    let a = [[2.0, 1.0, 0.0], [1.0, 2.0, 0.0], [0.0, 0.0, 5.0]];
    for (j, &lambda) in vals.iter().enumerate() {
        for i in 0..3 {
            let av: f64 = (0..3).map(|k| a[i][k] * vecs[k][j]).sum();
            assert!((av - lambda * vecs[i][j]).abs() < 1e-12, "A v = λ v");
        }
    }
    vals.sort_by(f64::total_cmp);
    for (got, want) in vals.iter().zip([1.0, 3.0, 5.0]) {
        assert!((got - want).abs() < 1e-12, "{got} vs {want}");
    }
}

#[test]
fn variance_along_a_line_is_one_component() {
    let x = array![
        [1.0, 2.0, 0.0],
        [2.0, 4.0, 0.0],
        [3.0, 6.0, 0.0],
        [4.0, 8.0, 0.0],
        [5.0, 10.01, 0.0]
    ];
    let p = FittedPca::fit(x.view(), &Components::Variance(0.99).check().unwrap()).unwrap();
    assert_eq!(p.kept, 1);
    assert!(p.ratios[0] > 0.9999);
    let sum: f64 = p.ratios.iter().sum();
    assert!(
        (sum - 1.0).abs() < 1e-12,
        "ratios over all components sum to 1, got {sum}"
    );
    let t = p.transform(x.view());
    assert_eq!(t.ncols(), 1);
    assert!(t.column(0).sum().abs() < 1e-9, "projections are centred");
    // The largest loading is positive, so the point furthest along the line is positive.
    assert!(t[[4, 0]] > 4.4 && t[[0, 0]] < -4.4, "{t:?}");
}

#[test]
fn matches_the_textbook_variance_of_two_features() {
    // Variances 4 and 1, uncorrelated: ratios 0.8 and 0.2.
    let x = array![[2.0, 1.0], [-2.0, -1.0], [2.0, -1.0], [-2.0, 1.0]];
    let p = FittedPca::fit(x.view(), &Components::Count(6).check().unwrap()).unwrap();
    assert_eq!(p.kept, 2);
    assert!(
        (p.ratios[0] - 0.8).abs() < 1e-12 && (p.ratios[1] - 0.2).abs() < 1e-12,
        "{:?}",
        p.ratios
    );
    assert!(
        (p.variances[0] - 16.0 / 3.0).abs() < 1e-12,
        "sample variance (n − 1)"
    );
    assert!((p.cumulative() - 1.0).abs() < 1e-12);
}

#[test]
fn each_rule_has_its_error() {
    assert_eq!(
        Components::Count(16).check(),
        Err(PcaError::Count { count: 16, max: 15 })
    );
    assert_eq!(
        Components::Variance(0.0).check(),
        Err(PcaError::Variance { target: 0.0 })
    );
    let one = array![[1.0, 2.0]];
    let valid = Components::Count(1).check().unwrap();
    assert_eq!(
        FittedPca::fit(one.view(), &valid),
        Err(PcaError::TooFewCustomers { customers: 1 })
    );
}
