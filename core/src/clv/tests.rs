#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;
use crate::params::{Check, Valid};

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil).
fn days_from_civil(y: i32, m: i32, d: i32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The CDNOW 1/10 sample (`../shared/data/cdnow_sample.txt`, embedded by build.rs so the
/// same check runs in the browser): customer = sample id − 1. None when the file is absent.
fn cdnow() -> Option<(Vec<Purchase>, usize)> {
    #[cfg(segwork_cdnow_data)]
    let text: Option<&str> = Some(include_str!(env!("SEGWORK_CDNOW_DATA")));
    #[cfg(not(segwork_cdnow_data))]
    let text: Option<&str> = None;
    let mut out = Vec::new();
    let mut customers = 0;
    for line in text?.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 5 {
            continue;
        }
        let id: u32 = f[1].parse().unwrap();
        let date: i32 = f[2].parse().unwrap();
        let day = days_from_civil(date / 10_000, date / 100 % 100, date % 100);
        out.push(Purchase {
            customer: id - 1,
            day,
            amount: f[4].parse().unwrap(),
        });
        customers = customers.max(id as usize);
    }
    Some((out, customers))
}

/// Runs `f`, with its wall time where there is a clock (not on wasm32).
fn timed<T>(f: impl FnOnce() -> T) -> (T, String) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let start = std::time::Instant::now();
        let v = f();
        (v, format!("{:?}", start.elapsed()))
    }
    #[cfg(target_arch = "wasm32")]
    {
        (f(), "(not timed on wasm32)".to_owned())
    }
}

fn cdnow_end() -> i32 {
    days_from_civil(1997, 9, 30)
}

fn weekly() -> Valid<ClvParams> {
    ClvParams {
        time_unit_days: 7.0,
        ..ClvParams::default()
    }
    .check()
    .unwrap()
}

/// The precision of FHL's published CDNOW summary file (also lifetimes' `cdnow_customers`):
/// t_x and T rounded to 0.01 week, the mean repeat spend to the cent.
fn published_precision(s: &[CustomerSummary]) -> Vec<CustomerSummary> {
    let round = |v: f64, k: f64| (v * k).round() / k;
    s.iter()
        .map(|c| CustomerSummary {
            t_x: round(c.t_x, 100.0),
            t: round(c.t, 100.0),
            monetary: round(c.monetary, 100.0),
            ..c.clone()
        })
        .collect()
}

fn assert_4dp(name: &str, got: f64, want: f64) {
    assert!(
        (got - want).abs() < 5e-5,
        "cdnow_sample.txt: {name} = {got:.6}, published {want:.4} (4 decimals)"
    );
}

#[test]
#[cfg_attr(
    not(segwork_cdnow_data),
    ignore = "needs ../shared/data/cdnow_sample.txt"
)]
fn cdnow_sample_txt_bgnbd_reproduces_published_fit_to_four_decimals() {
    let Some((p, n)) = cdnow() else {
        println!("SKIPPED: cdnow_sample.txt not found; the CDNOW BG/NBD check did not run");
        return;
    };
    let s = summarise(&p, n, cdnow_end(), 7.0).unwrap();
    let fit = bgnbd::fit(&published_precision(&s)).unwrap();
    println!("cdnow_sample.txt, published precision: {fit:?}");
    assert_eq!(fit.customers, 2357, "cdnow_sample.txt has 2,357 customers");
    assert_eq!(fit.dropout, Dropout::Measured);
    assert_4dp("r", fit.r, 0.2426);
    assert_4dp("alpha", fit.alpha, 4.4135);
    assert_4dp("a", fit.a.unwrap(), 0.7929);
    assert_4dp("b", fit.b.unwrap(), 2.4258);
    assert!(
        (fit.log_likelihood + 9582.43).abs() < 0.01,
        "cdnow_sample.txt LL {}",
        fit.log_likelihood
    );
}

#[test]
#[cfg_attr(
    not(segwork_cdnow_data),
    ignore = "needs ../shared/data/cdnow_sample.txt"
)]
fn cdnow_sample_txt_bgnbd_at_full_precision() {
    let Some((p, n)) = cdnow() else {
        println!("SKIPPED: cdnow_sample.txt not found; the CDNOW BG/NBD check did not run");
        return;
    };
    let s = summarise(&p, n, cdnow_end(), 7.0).unwrap();
    assert_eq!(
        s.iter().filter(|c| c.x > 0).count(),
        946,
        "cdnow_sample.txt repeat buyers"
    );
    assert!(
        (s[0].t - 272.0 / 7.0).abs() < 1e-12,
        "T = (30 Sep 1997 − first purchase) / 7"
    );
    let fit = bgnbd::fit(&s).unwrap();
    println!("cdnow_sample.txt, unrounded days/7: {fit:?}");
    assert_4dp("r", fit.r, 0.2426);
    assert_4dp("alpha", fit.alpha, 4.4136);
    assert_4dp("a", fit.a.unwrap(), 0.7929);
    assert_4dp("b", fit.b.unwrap(), 2.4259);
    assert!(
        (fit.log_likelihood + 9582.43).abs() < 0.01,
        "cdnow_sample.txt LL {}",
        fit.log_likelihood
    );
}

#[test]
#[cfg_attr(
    not(segwork_cdnow_data),
    ignore = "needs ../shared/data/cdnow_sample.txt"
)]
fn cdnow_sample_txt_gamma_gamma_is_the_mle_near_the_published_fit() {
    let Some((p, n)) = cdnow() else {
        println!("SKIPPED: cdnow_sample.txt not found; the CDNOW Gamma-Gamma check did not run");
        return;
    };
    let s = published_precision(&summarise(&p, n, cdnow_end(), 7.0).unwrap());
    let fit = gamma_gamma::fit(&s).unwrap();
    println!("cdnow_sample.txt, Gamma-Gamma: {fit:?}");
    assert_eq!(fit.customers, 946);
    // The maximum (checked by Newton steps to 1e-6) on the published-precision data.
    assert_4dp("p", fit.p, 6.2491);
    assert_4dp("q", fit.q, 3.7445);
    assert_4dp("gamma", fit.gamma, 15.4466);
    // The published 6.2488 / 3.7446 / 15.4477 lie on the same flat ridge, 4e-8 lower in
    // log-likelihood: the reference optimiser stopped early. Agreement is within 1e-4 relative.
    let published = [(fit.p, 6.2488), (fit.q, 3.7446), (fit.gamma, 15.4477)];
    for (got, want) in published {
        assert!(
            ((got - want) / want).abs() < 1e-4,
            "cdnow_sample.txt: {got} vs published {want}"
        );
    }
    let rows: Vec<gamma_gamma::Row> = s
        .iter()
        .filter(|c| c.x > 0)
        .map(|c| {
            (
                f64::from(c.x),
                c.monetary,
                c.monetary.ln(),
                f64::from(c.x).ln(),
            )
        })
        .collect();
    let at_published = gamma_gamma::log_likelihood(&rows, 6.2488, 3.7446, 15.4477);
    assert!(
        at_published <= fit.log_likelihood,
        "ours is at least as likely as the published fit"
    );
    assert!(
        fit.log_likelihood - at_published < 1e-6,
        "and only negligibly more"
    );
}

#[test]
#[cfg_attr(
    not(segwork_cdnow_data),
    ignore = "needs ../shared/data/cdnow_sample.txt"
)]
fn cdnow_sample_txt_full_report() {
    let Some((p, n)) = cdnow() else {
        println!("SKIPPED: cdnow_sample.txt not found; the CDNOW report check did not run");
        return;
    };
    let (report, took) = timed(|| clv(&p, n, cdnow_end(), &weekly()).unwrap());
    println!("cdnow_sample.txt clv() took {took}");
    assert_eq!(report.churn_basis, ChurnBasis::Model);
    assert_eq!(report.customers.len(), 2357);
    let spend = report.spend.clone().unwrap();
    assert_4dp("p (unrounded spend)", spend.p, 6.2496);
    check_ranges(&report);
    let bt = report.backtest.clone().unwrap();
    println!("backtest: {bt:?}");
    assert!(bt.predicted_total > 0.0 && bt.actual_total > 0.0);
    assert_eq!(
        bt.by_frequency.iter().map(|b| b.customers).sum::<usize>(),
        bt.customers
    );
}

fn check_ranges(report: &ClvReport) {
    for c in &report.customers {
        assert!((0.0..=1.0).contains(&c.p_alive), "P(alive) {c:?}");
        assert!((0.0..=1.0).contains(&c.churn_risk), "churn risk {c:?}");
        assert!(c.clv >= 0.0 && c.clv.is_finite(), "CLV {c:?}");
        assert!(
            c.expected_purchases >= 0.0 && c.expected_purchases.is_finite(),
            "{c:?}"
        );
        assert!(c.expected_order_value.is_finite(), "{c:?}");
    }
}

/// Tiny deterministic xorshift64* generator for synthetic data.
struct XorShift(u64);

impl XorShift {
    fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let v = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        ((v >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn exponential(&mut self, mean: f64) -> f64 {
        -mean * self.next_f64().ln()
    }
}

/// `customers` customers arriving over days 0..300, observed to day 365, buying as Poisson
/// processes (rates exponential across customers, i.e. gamma with r = 1, mean 1/`mean_gap`
/// a day), each dropping out after a repeat purchase with its own probability, uniform on
/// [0, 2·`drop`]. Order values are gamma(2) around a customer's own mean, uniform on 10..50.
fn synthetic(customers: u32, mean_gap: f64, drop: f64, seed: u64) -> Vec<Purchase> {
    let mut rng = XorShift(seed);
    let mut out = Vec::new();
    for customer in 0..customers {
        let first = rng.next_f64() * 300.0;
        let rate = rng.exponential(1.0 / mean_gap);
        let p = 2.0 * drop * rng.next_f64();
        let mean = 10.0 + 40.0 * rng.next_f64();
        let mut day = first;
        while day <= 365.0 {
            let amount = rng.exponential(mean / 2.0) + rng.exponential(mean / 2.0);
            out.push(Purchase {
                customer,
                day: day as i32,
                amount,
            });
            // BG/NBD: dropout only after repeat purchases (not after the first).
            if day > first && rng.next_f64() < p {
                break;
            }
            day += rng.exponential(1.0 / rate);
        }
    }
    out
}

fn daily() -> Valid<ClvParams> {
    ClvParams::default().check().unwrap()
}

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
