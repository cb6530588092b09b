#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::count::Counter;
use super::*;
use crate::ledger::{Line, Product};

/// One order per basket, order `o` bought by customer `o`.
fn shop(baskets: &[&[u32]]) -> Ledger {
    let products = baskets
        .iter()
        .flat_map(|b| b.iter())
        .map(|&p| p as usize + 1)
        .max()
        .unwrap_or(0);
    let lines = (0u32..)
        .zip(baskets)
        .flat_map(|(order, basket)| {
            basket.iter().map(move |&product| Line {
                customer: order,
                order,
                day: 0,
                product,
                quantity: 1.0,
                spend: 1.0,
            })
        })
        .collect();
    Ledger {
        customers: (0..baskets.len()).map(|c| c.to_string()).collect(),
        orders: (0..baskets.len()).map(|o| o.to_string()).collect(),
        products: (0..products)
            .map(|p| Product {
                code: p.to_string(),
                description: format!("Item {p}"),
            })
            .collect(),
        lines,
        last_day: 0,
        ..Ledger::default()
    }
}

const BASKETS: [&[u32]; 6] = [
    &[0, 1, 2],
    &[1, 0],
    &[0, 1, 3],
    &[0, 2, 0],
    &[4],
    &[1, 0, 1],
];

fn params(min_support: f64, min_pair_count: usize, max_items: usize) -> Valid<BasketParams> {
    BasketParams {
        min_support,
        min_pair_count,
        max_items,
    }
    .check()
    .unwrap()
}

#[test]
fn rules_have_support_confidence_and_lift() {
    let report = baskets(&shop(&BASKETS), &params(0.5, 1, 100)).unwrap();
    assert_eq!(
        (report.orders, report.min_count, report.frequent_items),
        (6, 3, 2)
    );
    assert!(!report.capped);
    let items: Vec<_> = report.items.iter().map(|i| (i.product, i.orders)).collect();
    assert_eq!(
        items,
        [(0, 5), (1, 4)],
        "duplicate lines count once per order"
    );
    assert_eq!(
        report.pairs,
        [PairCount {
            a: 0,
            b: 1,
            orders: 4
        }]
    );
    assert_eq!(report.rules.len(), 2);
    let one = report.top_companions(0, 5);
    assert_eq!(one.len(), 1);
    let rule = one[0];
    assert_eq!((rule.antecedent, rule.consequent, rule.orders), (0, 1, 4));
    assert!((rule.support - 4.0 / 6.0).abs() < 1e-12);
    assert!((rule.confidence - 0.8).abs() < 1e-12);
    assert!((rule.lift - 1.2).abs() < 1e-12);
    assert!((rule.antecedent_support - 5.0 / 6.0).abs() < 1e-12);
    assert!((rule.consequent_support - 4.0 / 6.0).abs() < 1e-12);
    assert_eq!(report.top_companions(1, 5)[0].confidence, 1.0);
}

#[test]
fn pair_count_floor_and_item_cap() {
    let report = baskets(&shop(&BASKETS), &params(0.01, 2, 100)).unwrap();
    assert_eq!(report.min_count, 2);
    let items: Vec<_> = report.items.iter().map(|i| i.product).collect();
    assert_eq!(items, [0, 1, 2]);
    let pairs: Vec<_> = report.pairs.iter().map(|p| (p.a, p.b, p.orders)).collect();
    assert_eq!(pairs, [(0, 1, 4), (0, 2, 2)]);
    assert!(report.rules.windows(2).all(|w| w[0].lift >= w[1].lift));
    let companions: Vec<_> = report
        .top_companions(0, 1)
        .iter()
        .map(|r| r.consequent)
        .collect();
    assert_eq!(companions, [1], "most confident first, cut to n");

    let capped = baskets(&shop(&BASKETS), &params(0.01, 2, 2)).unwrap();
    assert!(capped.capped);
    assert_eq!(capped.frequent_items, 2);
    assert_eq!(capped.pairs.len(), 1);
}

#[test]
fn dense_and_sparse_counts_agree() {
    let mut dense = Counter::for_items(50);
    let mut sparse = Counter::Sparse(Default::default());
    let mut state = 7u64;
    for _ in 0..300 {
        let mut ranks: Vec<u32> = (0..8)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                (state >> 33) as u32 % 50
            })
            .collect();
        ranks.sort_unstable();
        ranks.dedup();
        dense.add_all(&ranks);
        sparse.add_all(&ranks);
    }
    let mut sparse = sparse.into_counts();
    sparse.sort_unstable();
    assert_eq!(dense.into_counts(), sparse);
    assert!(matches!(
        Counter::for_items(count::DENSE_MAX_ITEMS + 1),
        Counter::Sparse(_)
    ));
}

#[test]
fn baskets_per_group() {
    let ledger = shop(&BASKETS);
    let labels = [Some(0), Some(0), Some(0), Some(1), None, Some(0)];
    let reports = baskets_by(&ledger, &labels, 3, &params(0.5, 1, 100));
    assert_eq!(reports.len(), 3);
    let first = reports[0].as_ref().unwrap();
    assert_eq!((first.orders, first.min_count), (4, 2));
    assert_eq!(
        first.pairs[0],
        PairCount {
            a: 0,
            b: 1,
            orders: 4
        }
    );
    assert_eq!(reports[1].as_ref().unwrap().orders, 1);
    assert_eq!(reports[2], Err(BasketError::NoOrders));
}

#[test]
fn settings_and_errors() {
    for bad in [0.0, -0.1, 1.5, f64::NAN] {
        let p = BasketParams {
            min_support: bad,
            ..BasketParams::default()
        };
        assert_eq!(p.check(), Err(BasketError::MinSupport), "{bad}");
    }
    let p = BasketParams {
        max_items: 1,
        ..BasketParams::default()
    };
    assert_eq!(p.check(), Err(BasketError::MaxItems { max_items: 1 }));
    assert!(BasketParams {
        min_support: 1.0,
        ..BasketParams::default()
    }
    .check()
    .is_ok());
    let err = baskets(&Ledger::default(), &params(0.1, 1, 10)).unwrap_err();
    assert_eq!(err, BasketError::NoOrders);
    assert!(err.to_string().contains("at least one order"));
    let defaults: BasketParams = serde_json::from_str("{}").unwrap();
    assert_eq!(defaults, BasketParams::default());
}

#[test]
fn report_round_trips_through_json() {
    let report = baskets(&shop(&BASKETS), &params(0.01, 2, 100)).unwrap();
    let json = serde_json::to_string(&report).unwrap();
    let back: BasketReport = serde_json::from_str(&json).unwrap();
    assert_eq!((back.items, back.pairs), (report.items, report.pairs));
}
