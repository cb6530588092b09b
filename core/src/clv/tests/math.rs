//! The hypergeometric series and the heuristic churn risk.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

#[test]
fn hypergeometric_series_matches_closed_forms() {
    for z in [0.1_f64, 0.5, 0.9, 0.99] {
        let want = -(1.0 - z).ln() / z;
        let got = hyp2f1(1.0, 1.0, 2.0, z).unwrap();
        assert!((got - want).abs() < 1e-12 * want, "2F1(1,1;2;{z})");
        let want = (1.0 - z).powf(-1.5);
        let got = hyp2f1(1.5, 2.0, 2.0, z).unwrap();
        assert!((got - want).abs() < 1e-11 * want, "2F1(a,b;b;z)");
    }
    assert_eq!(hyp2f1(1.0, 1.0, -2.0, 0.5), None);
    assert_eq!(hyp2f1(1.0, 1.0, 2.0, 1.0), None);
}

/// FHL eq. 10 numerator evaluated directly with the raw series.
fn direct_numerator(r: f64, a: f64, b: f64, x: f64, z: f64) -> f64 {
    let c = a + b + x - 1.0;
    let f = hyp2f1(r + x, b + x, c, z).unwrap();
    c / (a - 1.0) * (1.0 - (1.0 - z).powf(r + x) * f)
}

#[test]
fn transformed_expectation_series_matches_the_direct_one() {
    for (r, a, b, x, z) in [
        (0.24, 0.79, 2.43, 0.0, 0.4),
        (0.24, 0.79, 2.43, 3.0, 0.7),
        (1.5, 2.5, 0.7, 10.0, 0.3),
        (0.5, 1.3, 4.0, 1.0, 0.95),
    ] {
        let want = direct_numerator(r, a, b, x, z);
        let got = hyp2f1::bgnbd_numerator(r, a, b, x, z).unwrap();
        assert!(
            (got - want).abs() < 1e-9 * want.abs().max(1.0),
            "{r} {a} {b} {x} {z}: {got} vs {want}"
        );
    }
    let below = hyp2f1::bgnbd_numerator(0.3, 1.0 - 1e-7, 2.0, 2.0, 0.5).unwrap();
    let at = hyp2f1::bgnbd_numerator(0.3, 1.0, 2.0, 2.0, 0.5).unwrap();
    assert!(
        (below - at).abs() < 1e-5,
        "continuous at a = 1: {below} vs {at}"
    );
}

#[test]
fn heuristic_churn_rises_with_time_since_last_purchase() {
    let s = summarise(
        &[
            Purchase {
                customer: 0,
                day: 0,
                amount: 1.0,
            },
            Purchase {
                customer: 0,
                day: 10,
                amount: 1.0,
            },
        ],
        1,
        10,
        1.0,
    )
    .unwrap();
    let risks: Vec<f64> = [10, 20, 30, 50, 1000]
        .iter()
        .map(|&end| heuristic_churn(&s[0], end, 5.0))
        .collect();
    assert_eq!(risks[0], 0.0);
    assert!(
        (risks[2] - 0.5).abs() < 1e-12,
        "half at twice the typical gap"
    );
    assert!(risks.windows(2).all(|w| w[0] < w[1]) && risks[4] <= 1.0);
}
