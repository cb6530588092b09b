//! Simulated shops with and without dropout.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

#[test]
fn no_dropout_data_is_reported_as_nbd_with_heuristic_churn() {
    let p = synthetic(1500, 40.0, 0.0, 7);
    let report = clv(&p, 1500, 365, &daily()).unwrap();
    println!("no dropout: {:?}", report.fit);
    assert_eq!(report.fit.dropout, Dropout::None);
    assert_eq!((report.fit.a, report.fit.b), (None, None));
    assert_eq!(report.churn_basis, ChurnBasis::Heuristic);
    assert!(report
        .notes
        .iter()
        .any(|n| n.contains("no measurable dropout")));
    assert!(report.customers.iter().all(|c| c.p_alive == 1.0));
    check_ranges(&report);
}

#[test]
fn strong_dropout_data_is_measured() {
    let p = synthetic(1500, 15.0, 0.3, 11);
    let report = clv(&p, 1500, 365, &daily()).unwrap();
    println!("dropout: {:?}", report.fit);
    assert_eq!(report.fit.dropout, Dropout::Measured);
    assert_eq!(report.churn_basis, ChurnBasis::Model);
    let a = report.fit.a.unwrap();
    let b = report.fit.b.unwrap();
    assert!(
        (a / (a + b) - 0.3).abs() < 0.05,
        "mean dropout {}",
        a / (a + b)
    );
    check_ranges(&report);
}

#[test]
fn runs_are_deterministic_and_serialise() {
    let p = synthetic(600, 20.0, 0.1, 3);
    let one = clv(&p, 600, 365, &daily()).unwrap();
    let two = clv(&p, 600, 365, &daily()).unwrap();
    assert_eq!(one, two);
    let json = serde_json::to_string(&one).unwrap();
    let back: ClvReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back.customers.len(), one.customers.len());
}

#[test]
fn four_thousand_customers_fit_quickly() {
    let p = synthetic(4300, 30.0, 0.05, 99);
    let (report, took) = timed(|| clv(&p, 4300, 365, &daily()).unwrap());
    println!(
        "4,300 customers: clv() in {took}; BG/NBD {} likelihood evaluations, {} iterations, {:?}",
        report.fit.evaluations, report.fit.iterations, report.fit.dropout
    );
    check_ranges(&report);
}

#[test]
fn dropout_detection_holds_across_seeds() {
    for seed in 1..=6u64 {
        let none = clv(&synthetic(800, 40.0, 0.0, seed), 800, 365, &daily()).unwrap();
        assert_eq!(none.fit.dropout, Dropout::None, "no dropout, seed {seed}");
        let some = clv(&synthetic(800, 40.0, 0.1, seed), 800, 365, &daily()).unwrap();
        assert_eq!(
            some.fit.dropout,
            Dropout::Measured,
            "10 % dropout, seed {seed}"
        );
    }
}

#[test]
fn four_thousand_customers_without_dropout_fit_quickly() {
    let p = synthetic(4300, 30.0, 0.0, 99);
    let (report, took) = timed(|| clv(&p, 4300, 365, &daily()).unwrap());
    println!(
        "4,300 customers, no dropout: clv() in {took}; {} likelihood evaluations, {:?}",
        report.fit.evaluations, report.fit.dropout
    );
    assert_eq!(report.fit.dropout, Dropout::None);
}
