//! Errors, the parameter check and how purchases become transactions.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

#[test]
fn too_few_customers_and_no_repeat_customers_are_errors() {
    let p = synthetic(10, 20.0, 0.0, 5);
    assert_eq!(
        clv(&p, 10, 365, &daily()),
        Err(ClvError::TooFewCustomers {
            customers: 10,
            needed: MIN_CUSTOMERS
        })
    );
    let once: Vec<Purchase> = (0..50)
        .flat_map(|c| {
            [0.0, 5.0].map(|amount| Purchase {
                customer: c,
                day: c as i32,
                amount,
            })
        })
        .collect();
    assert_eq!(
        clv(&once, 50, 100, &daily()),
        Err(ClvError::NoRepeatCustomers)
    );
    let stray = [Purchase {
        customer: 9,
        day: 0,
        amount: 1.0,
    }];
    assert_eq!(
        clv(&stray, 5, 10, &daily()),
        Err(ClvError::CustomerOutOfRange {
            customer: 9,
            customers: 5
        })
    );
}

#[test]
fn params_are_checked_rule_by_rule() {
    let d = ClvParams::default;
    assert_eq!(
        ClvParams {
            horizon_days: 0,
            ..d()
        }
        .check_ref(),
        Err(ClvError::ZeroHorizon)
    );
    let m = ClvParams { margin: 0.0, ..d() }.check_ref();
    assert_eq!(m, Err(ClvError::MarginOutOfRange { margin: 0.0 }));
    assert!(ClvParams { margin: 1.0, ..d() }.check_ref().is_ok());
    assert!(ClvParams {
        margin: f64::NAN,
        ..d()
    }
    .check_ref()
    .is_err());
    let r = ClvParams {
        monthly_discount: 1.0,
        ..d()
    }
    .check_ref();
    assert_eq!(r, Err(ClvError::DiscountOutOfRange { discount: 1.0 }));
    let p = ClvParams {
        prediction_days: 0,
        ..d()
    }
    .check_ref();
    assert_eq!(p, Err(ClvError::ZeroPredictionDays));
    let h = ClvParams {
        holdout_days: Some(0),
        ..d()
    }
    .check_ref();
    assert_eq!(h, Err(ClvError::ZeroHoldout));
    let u = ClvParams {
        time_unit_days: -1.0,
        ..d()
    }
    .check_ref();
    assert_eq!(u, Err(ClvError::TimeUnitNotPositive { days: -1.0 }));
    let json: ClvParams = serde_json::from_str(r#"{"margin": 1.0}"#).unwrap();
    assert_eq!(json, ClvParams { margin: 1.0, ..d() });
}

#[test]
fn same_day_purchases_merge_into_one_transaction() {
    let p = [
        Purchase {
            customer: 0,
            day: 3,
            amount: 1.0,
        },
        Purchase {
            customer: 0,
            day: 10,
            amount: 2.0,
        },
        Purchase {
            customer: 0,
            day: 10,
            amount: 3.0,
        },
        Purchase {
            customer: 0,
            day: 17,
            amount: 7.0,
        },
        Purchase {
            customer: 0,
            day: 40,
            amount: 100.0,
        },
        Purchase {
            customer: 1,
            day: 5,
            amount: 4.0,
        },
    ];
    let s = summarise(&p, 2, 24, 7.0).unwrap();
    assert_eq!(s.len(), 2);
    assert_eq!((s[0].x, s[0].t_x_days, s[0].t_days), (2, 14, 21));
    assert!((s[0].t_x - 2.0).abs() < 1e-12 && (s[0].t - 3.0).abs() < 1e-12);
    assert!(
        (s[0].monetary - 6.0).abs() < 1e-12,
        "mean of repeat days 5 and 7"
    );
    assert!((s[0].mean_amount - 13.0 / 3.0).abs() < 1e-12);
    assert_eq!((s[1].x, s[1].monetary), (0, 0.0));
}
