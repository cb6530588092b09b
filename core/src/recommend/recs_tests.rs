//! The recommenders on tiny hand-made ledgers.

use super::*;
use crate::ledger::{Ledger, Line, Names, Product};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// A ledger from `(customer, product, day)` purchases, one order each.
fn shop(customers: usize, products: usize, lines: &[(u32, u32, i32)]) -> Ledger {
    Ledger {
        customers: (0..customers).map(|c| format!("{c:05}")).collect(),
        orders: (0..lines.len()).map(|o| o.to_string()).collect(),
        products: (0..products)
            .map(|p| Product {
                code: p.to_string(),
                description: format!("ITEM {p}"),
            })
            .collect(),
        lines: (0u32..)
            .zip(lines)
            .map(|(order, &(customer, product, day))| Line {
                customer,
                order,
                day,
                product,
                quantity: 1.0,
                spend: 1.0,
            })
            .collect(),
        last_day: lines.iter().map(|l| l.2).max().unwrap_or(0),
        countries: vec!["France".into(), "Germany".into()],
        country: (0..customers as u32).map(|c| u32::from(c >= 2)).collect(),
    }
}

fn fit(ledger: &Ledger, params: RecsParams) -> Recommender {
    Recommender::fit(ledger, &[], &params.check().unwrap()).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn item_knn_is_the_shrunk_cosine() {
    // Product 0: customers 0, 1, 2; product 1: customers 0, 1; product 2: customer 2.
    let ledger = shop(
        3,
        3,
        &[
            (0, 0, 1),
            (0, 1, 1),
            (1, 0, 1),
            (1, 1, 1),
            (2, 0, 1),
            (2, 2, 1),
        ],
    );
    let inter = Interactions::of(&ledger, 0..2);
    let setting = |shrinkage| KnnSetting {
        weighting: Weighting::Binary,
        shrinkage,
        neighbours: 5,
    };
    let models = Knn::fit_many(&inter, &[setting(0.0), setting(1.0)]);
    let sim =
        |m: &Knn, a: usize, b: u32| f64::from(m.neighbours[a].iter().find(|n| n.0 == b).unwrap().1);
    assert!(close(sim(&models[0], 0, 1), 2.0 / 6f64.sqrt()));
    assert!(close(sim(&models[1], 0, 1), 2.0 / (6f64.sqrt() + 1.0)));
    assert!(close(sim(&models[0], 0, 2), 1.0 / 3f64.sqrt()));
    // Products 1 and 2 share no buyer: not neighbours.
    assert!(models[0].neighbours[1].iter().all(|n| n.0 != 2));
}

#[test]
fn ease_matches_the_closed_form_by_hand() {
    // Gram [[2, 1], [1, 2]]; with λ = 1, P = [[3, -1], [-1, 3]] / 8, so B01 = 1/3.
    let ledger = shop(3, 2, &[(0, 0, 1), (0, 1, 1), (1, 0, 1), (2, 1, 1)]);
    let r = fit(
        &ledger,
        RecsParams {
            lambda: 1.0,
            ..RecsParams::default()
        },
    );
    let picks = r.list_by(Method::Ease, 1, List::Discovery, 5);
    assert_eq!(picks.len(), 1);
    assert_eq!(picks[0].product, 1);
    assert!(close(picks[0].score, 1.0 / 3.0), "{}", picks[0].score);
    assert_eq!(
        picks[0].reason,
        Reason::AlsoBought {
            anchor: 0,
            share: 0.5
        }
    );
}

#[test]
fn buy_again_puts_recent_habits_first() {
    // Customer 0: product 0 three times long ago, product 1 once recently.
    let ledger = shop(
        1,
        2,
        &[(0, 0, 0), (0, 0, 10), (0, 0, 20), (0, 1, 190), (0, 1, 200)],
    );
    let order = |half_life_days| {
        fit(
            &ledger,
            RecsParams {
                half_life_days,
                ..RecsParams::default()
            },
        )
        .list_by(Method::BuyAgain, 0, List::NextBasket, 5)
        .iter()
        .map(|p| p.product)
        .collect::<Vec<_>>()
    };
    assert_eq!(order(30.0), [1, 0]);
    // With a very long memory, three orders beat two.
    assert_eq!(order(100_000.0), [0, 1]);
    let r = fit(&ledger, RecsParams::default());
    let pick = r.list_by(Method::BuyAgain, 0, List::NextBasket, 1)[0];
    assert_eq!(
        pick.reason,
        Reason::BuysAgain {
            orders: 2,
            every_days: Some(10.0),
            days_ago: 0
        }
    );
    assert!(r
        .list_by(Method::BuyAgain, 0, List::Discovery, 5)
        .is_empty());
}

#[test]
fn discovery_leaves_out_what_the_customer_bought() {
    let ledger = shop(
        4,
        3,
        &[(0, 0, 1), (1, 0, 1), (2, 0, 1), (2, 1, 1), (3, 2, 1)],
    );
    let r = fit(&ledger, RecsParams::default());
    let products = |list| {
        r.list_by(Method::Popularity, 2, list, 5)
            .iter()
            .map(|p| p.product)
            .collect::<Vec<_>>()
    };
    assert_eq!(products(List::Discovery), [2]);
    assert_eq!(products(List::NextBasket), [0, 1, 2]);
}

#[test]
fn country_best_sellers_come_first() {
    // Customers 0 and 1 are in France and buy product 1; 2 and 3 (Germany) buy 0, and
    // so does 1: product 0 has more buyers overall.
    let ledger = shop(
        4,
        2,
        &[(0, 1, 1), (1, 1, 1), (1, 0, 1), (2, 0, 1), (3, 0, 1)],
    );
    let r = fit(&ledger, RecsParams::default());
    let picks = r.list_by(Method::CountryPopularity, 0, List::NextBasket, 2);
    assert_eq!(picks.iter().map(|p| p.product).collect::<Vec<_>>(), [1, 0]);
    let names = Names::of(&ledger);
    assert_eq!(
        picks[0].reason.text(&names, &|s| s.to_string()),
        "best seller among customers in France"
    );
    let overall = r.list_by(Method::Popularity, 0, List::NextBasket, 2);
    assert_eq!(overall[0].product, 0);
}

#[test]
fn reasons_read_as_sentences() {
    let names = Names {
        customers: vec![],
        products: vec![Product {
            code: "85123A".into(),
            description: "WHITE HANGING HEART T-LIGHT HOLDER".into(),
        }],
        countries: vec![],
    };
    let seg = |s: u32| format!("segment '{}'", ["Champions"][s as usize]);
    let cases = [
        (
            Reason::AlsoBought {
                anchor: 0,
                share: 0.31,
            },
            "bought by 31% of customers who bought WHITE HANGING HEART T-LIGHT HOLDER",
        ),
        (
            Reason::BuysAgain {
                orders: 4,
                every_days: Some(30.2),
                days_ago: 45,
            },
            "buys this about every 30 days; last bought 45 days ago",
        ),
        (
            // Several orders on one day are no rhythm.
            Reason::BuysAgain {
                orders: 3,
                every_days: Some(0.0),
                days_ago: 0,
            },
            "bought 3 times; last bought today",
        ),
        (
            Reason::BuysAgain {
                orders: 1,
                every_days: None,
                days_ago: 1,
            },
            "bought 1 time; last bought yesterday",
        ),
        (
            Reason::SegmentBestSeller { segment: 0 },
            "best seller in segment 'Champions'",
        ),
        (Reason::BestSeller, "best seller"),
    ];
    for (reason, text) in cases {
        assert_eq!(reason.text(&names, &seg), text);
    }
}

#[test]
fn invalid_settings_are_refused() {
    let bad = RecsParams {
        lambda: 0.0,
        ..RecsParams::default()
    };
    assert_eq!(bad.check_ref(), Err(RecsError::Lambda(0.0)));
    let bad = RecsParams {
        blend_weight: 1.5,
        ..RecsParams::default()
    };
    assert_eq!(bad.check_ref(), Err(RecsError::BlendWeight(1.5)));
}

#[test]
fn share_counts_the_anchors_buyers_who_bought_the_product() {
    // Product 0: customers 0, 1, 2, 4; product 1: customers 1, 4; product 2: customer 3.
    let ledger = shop(
        5,
        3,
        &[
            (0, 0, 1),
            (1, 0, 1),
            (1, 1, 1),
            (2, 0, 1),
            (3, 2, 1),
            (4, 0, 1),
            (4, 1, 1),
        ],
    );
    let inter = Interactions::of(&ledger, 0..2);
    // The longer buyer list first and second: both ways round give the same overlap.
    assert!(close(inter.share(0, 1), 2.0 / 4.0));
    assert!(close(inter.share(1, 0), 1.0));
    assert!(close(inter.share(0, 2), 0.0));
    assert!(close(inter.share(2, 2), 1.0));
}
