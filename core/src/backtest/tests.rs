use super::metrics::of_user;
use super::*;
use crate::ledger::{Line, Product};
use crate::params::Check;
use crate::recommend::RecsError;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn metrics_match_a_hand_worked_example() {
    // Relevant: 7 and 9. The list finds 9 at rank 2 and 7 at rank 4.
    let (hit, recall, ndcg) = of_user(&[1, 9, 3, 7, 5], &[7, 9], 10);
    assert!(close(hit, 1.0) && close(recall, 1.0));
    let dcg = 1.0 / 3f64.log2() + 1.0 / 5f64.log2();
    let ideal = 1.0 + 1.0 / 3f64.log2();
    assert!(close(ndcg, dcg / ideal), "{ndcg}");
    // At 3 only 9 is found; the ideal DCG still counts two relevant products.
    let (hit, recall, ndcg) = of_user(&[1, 9, 3, 7, 5], &[7, 9], 3);
    assert!(close(hit, 1.0) && close(recall, 0.5));
    assert!(close(ndcg, (1.0 / 3f64.log2()) / ideal));
    assert_eq!(of_user(&[1, 2], &[7], 10), (0.0, 0.0, 0.0));
}

#[test]
fn the_test_period_is_the_last_two_calendar_months() {
    // 2011-12-09 is day 15317; 2011-10-09 is 15256, 2011-08-09 is 15195.
    let s = Split::of(14944, 15317, 2);
    assert_eq!((s.test_from, s.validation_from), (15256, 15195));
}

/// `customers` customers each buying product `c % products` every 20 days over `days` days.
fn steady_shop(customers: u32, days: i32, products: u32) -> Ledger {
    let mut lines = Vec::new();
    let mut order = 0;
    for c in 0..customers {
        for d in (0..days).step_by(20) {
            lines.push(Line {
                customer: c,
                order,
                day: d,
                product: c % products,
                quantity: 1.0,
                spend: 1.0,
            });
            order += 1;
        }
    }
    Ledger {
        customers: (0..customers).map(|c| format!("{c:05}")).collect(),
        orders: (0..order).map(|o| o.to_string()).collect(),
        products: (0..products)
            .map(|p| Product {
                code: p.to_string(),
                description: format!("Item {p}"),
            })
            .collect(),
        lines,
        last_day: days - 1,
        ..Ledger::default()
    }
}

#[test]
fn thin_data_gets_a_verdict_not_figures() {
    let params = BacktestParams::default().check().unwrap();
    let short = steady_shop(100, 120, 60);
    assert!(matches!(
        backtest(&short, &[], &params, &mut |_| {}),
        Err(BacktestError::TooShort { days: 120, .. })
    ));
    let few = steady_shop(30, 400, 60);
    assert_eq!(
        backtest(&few, &[], &params, &mut |_| {}),
        Err(BacktestError::TooFewCustomers {
            period: Period::Validation,
            customers: 30,
            needed: 50
        })
    );
    // Enough customers, but lists of 10 from 12 products find something by chance.
    let narrow = steady_shop(100, 400, 12);
    let err = backtest(&narrow, &[], &params, &mut |_| {}).unwrap_err();
    assert_eq!(
        err,
        BacktestError::TooFewProducts {
            products: 12,
            needed: 50
        }
    );
    assert!(err.to_string().contains("by chance"), "{err}");
}

#[test]
fn buy_again_finds_every_repeat_purchase() {
    let params = BacktestParams::default().check().unwrap();
    let report = backtest(&steady_shop(60, 400, 60), &[], &params, &mut |_| {}).unwrap();
    assert_eq!(report.users.next_basket, 60);
    // Nobody buys anything new, so discovery has no one to score.
    assert_eq!(report.users.discovery, 0);
    let again = report.scores(Method::BuyAgain).unwrap();
    assert!(again.discovery.is_none());
    let next = again.next_basket.unwrap();
    assert!(close(next.at_3.hit_rate, 1.0) && close(next.at_10.ndcg, 1.0));
}

#[test]
fn empty_grids_and_bad_settings_are_refused() {
    let p = BacktestParams {
        lambdas: vec![],
        ..BacktestParams::default()
    };
    assert_eq!(p.check_ref(), Err(BacktestError::EmptyGrid(Grid::Lambdas)));
    let p = BacktestParams {
        half_lives: vec![0.0],
        ..BacktestParams::default()
    };
    assert_eq!(
        p.check_ref(),
        Err(BacktestError::Recs(RecsError::HalfLife(0.0)))
    );
}

#[test]
fn one_country_leaves_country_popularity_out_and_says_so() {
    let params = BacktestParams::default().check().unwrap();
    let report = backtest(&steady_shop(60, 400, 60), &[], &params, &mut |_| {}).unwrap();
    assert_eq!(report.left_out, [LeftOut::OneCountry]);
    assert!(report.scores(Method::CountryPopularity).is_none());
    assert!(LeftOut::OneCountry.to_string().contains("same country"));
    let mut two = steady_shop(60, 400, 60);
    two.countries = vec!["France".to_owned(), "Spain".to_owned()];
    two.country = (0..60).map(|c| c % 2).collect();
    let report = backtest(&two, &[], &params, &mut |_| {}).unwrap();
    assert!(report.left_out.is_empty());
    assert!(report.scores(Method::CountryPopularity).is_some());
}

#[test]
fn one_measurement_serves_every_segmentation() {
    let params = BacktestParams::default().check().unwrap();
    let shop = steady_shop(60, 400, 60);
    // Segments that match what each customer buys (each customer has a product of its
    // own), and no segments at all.
    let by_product: Vec<Option<u32>> = (0..60).map(Some).collect();
    let measured = measure(&shop, &params, &mut |_| {}).unwrap();
    let segmented = measured.with_segments(&shop, &by_product);
    let plain = measured.with_segments(&shop, &[]);
    assert_eq!(
        segmented,
        backtest(&shop, &by_product, &params, &mut |_| {}).unwrap(),
        "the same as measuring again"
    );
    let ndcg = |r: &BacktestReport, m: Method| r.scores(m).unwrap().next_basket.unwrap().at_10.ndcg;
    // A segment's best seller is what its customers buy; without segments, the lists
    // fall back to the overall best sellers (every product is bought by one customer).
    assert!(close(ndcg(&segmented, Method::SegmentPopularity), 1.0));
    assert!(ndcg(&plain, Method::SegmentPopularity) < 0.9);
    for m in [Method::BuyAgain, Method::Ease, Method::Popularity] {
        assert_eq!(
            segmented.scores(m),
            plain.scores(m),
            "{m:?} ignores the segments"
        );
    }
    let methods = |r: &BacktestReport| r.methods.iter().map(|m| m.method).collect::<Vec<_>>();
    assert_eq!(methods(&segmented), methods(&plain));
    assert!(methods(&plain).contains(&Method::Reference));
}

/// [`steady_shop`] where every order also holds a second product that changes from order
/// to order, so the models have co-purchases to learn from.
fn mixed_shop(customers: u32, days: i32, products: u32) -> Ledger {
    let mut ledger = steady_shop(customers, days, products);
    let second: Vec<Line> = ledger
        .lines
        .iter()
        .map(|l| Line {
            product: (l.customer * 7 + (l.day / 20) as u32) % products,
            ..*l
        })
        .collect();
    ledger.lines.extend(second);
    ledger
}

#[test]
fn each_family_measured_alone_is_what_the_whole_measurement_reports() {
    let ledger = mixed_shop(120, 400, 60);
    let params = BacktestParams::default().check().unwrap();
    let whole = backtest(&ledger, &[], &params, &mut |_| {}).unwrap();
    let [knn, ease] = [Partner::ItemKnn, Partner::Ease]
        .map(|p| measure_family(&ledger, &params, p, &mut |_| {}).unwrap());
    let test_of = |f: &FamilyScores, m: Method| f.test.iter().find(|s| s.method == m).copied();
    assert_eq!(
        whole.scores(Method::ItemKnn).copied(),
        test_of(&knn, Method::ItemKnn)
    );
    assert_eq!(
        whole.scores(Method::Ease).copied(),
        test_of(&ease, Method::Ease)
    );
    // The blend's partner: the family whose blend did better on validation.
    let partner = if ease.blend_ndcg > knn.blend_ndcg {
        &ease
    } else {
        &knn
    };
    assert_eq!(
        whole.scores(Method::Blend).copied(),
        test_of(partner, Method::Blend)
    );
    assert_eq!(
        (whole.chosen.partner, whole.chosen.blend_weight),
        (partner.partner, partner.chosen.blend_weight)
    );
    assert_eq!(whole.chosen.lambda, ease.chosen.lambda);
    assert_eq!(
        (
            whole.chosen.weighting,
            whole.chosen.shrinkage,
            whole.chosen.half_life_days
        ),
        (
            knn.chosen.weighting,
            knn.chosen.shrinkage,
            knn.chosen.half_life_days
        )
    );
    assert!(whole
        .scores(Method::Ease)
        .is_some_and(|s| s.next_basket.is_some()));
}
