//! Unit tests of the recommendations on a small cleaned file.

use super::*;
use crate::clean::{clean, CleanParams};
use crate::load::{load, LoadOptions};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// Customers 1 and 2 in segment 0, customer 3 in segment 1.
const CSV: &str =
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
1,10001,RED MUG,10,12/1/2010 8:00,2.00,1,United Kingdom
1,10002,BLUE MUG,4,12/1/2010 8:00,2.00,1,United Kingdom
2,10001,RED MUG,5,12/2/2010 8:00,2.00,2,United Kingdom
2,10003,TEA TOWEL,1,12/2/2010 8:00,5.00,2,United Kingdom
C3,10001,RED MUG,-2,12/3/2010 8:00,2.00,2,United Kingdom
4,10004,CANDLE,7,12/4/2010 8:00,1.00,3,France";

fn purchases() -> Purchases {
    let options = LoadOptions::default().check().unwrap();
    let loaded = load(CSV.as_bytes().to_vec(), &options, &mut |_| {}).unwrap();
    let cleaned = clean(&loaded, &CleanParams::default().check().unwrap()).unwrap();
    Purchases::of(&cleaned).unwrap()
}

fn params(per_customer: usize) -> Valid<RecommendParams> {
    RecommendParams {
        top_n: 10,
        pool: 10,
        per_customer,
    }
    .check()
    .unwrap()
}

#[test]
fn best_sellers_are_net_of_cancellations_and_picks_skip_what_was_bought() {
    let members = [("1", 0), ("2", 0), ("3", 1)];
    let r = recommend(&purchases(), &members, 2, &params(2));
    let top: Vec<(&str, f64, usize)> = r.segments[0]
        .products
        .iter()
        .map(|p| (p.stock_code.as_str(), p.quantity, p.buyers))
        .collect();
    // RED MUG: 10 + 5 − 2 = 13 units, two buyers; then BLUE MUG 4, TEA TOWEL 1.
    assert_eq!(
        top,
        [("10001", 13.0, 2), ("10002", 4.0, 1), ("10003", 1.0, 1)]
    );
    assert!((r.segments[0].products[0].revenue - 26.0).abs() < 1e-9);
    assert_eq!(r.segments[1].products[0].stock_code, "10004");
    let picks = |id: &str| {
        r.customers
            .iter()
            .find(|c| c.customer_id == id)
            .map(|c| c.picks.clone())
    };
    // Customer 1 has RED and BLUE MUG: only the TEA TOWEL (index 2) is new.
    assert_eq!(picks("1"), Some(vec![2]));
    assert_eq!(picks("2"), Some(vec![1]));
    assert_eq!(picks("3"), Some(vec![]));
}

#[test]
fn outliers_and_unknown_segments_are_left_out() {
    let members = [("1", 0), ("3", 5)];
    let r = recommend(&purchases(), &members, 1, &params(3));
    assert_eq!(r.customers.len(), 1);
    assert_eq!(r.segments.len(), 1);
}

#[test]
fn each_rule_has_its_error() {
    let p = RecommendParams::default();
    assert_eq!(
        RecommendParams { top_n: 0, ..p }.check(),
        Err(RecommendError::NoProducts)
    );
    assert_eq!(
        RecommendParams {
            per_customer: 11,
            ..p
        }
        .check(),
        Err(RecommendError::PicksExceedPool {
            per_customer: 11,
            pool: 10
        })
    );
}

#[test]
fn a_code_sold_under_two_descriptions_is_bought_under_either() {
    let csv = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
1,10001,RED MUG,10,12/1/2010 8:00,2.00,1,United Kingdom
2,10001,MUG RED,8,12/2/2010 8:00,2.00,2,United Kingdom
2,10002,BLUE MUG,1,12/2/2010 8:00,2.00,2,United Kingdom";
    let options = LoadOptions::default().check().unwrap();
    let loaded = load(csv.as_bytes().to_vec(), &options, &mut |_| {}).unwrap();
    let cleaned = clean(&loaded, &CleanParams::default().check().unwrap()).unwrap();
    let purchases = Purchases::of(&cleaned).unwrap();
    let listed = |r: &Recommendations| -> Vec<String> {
        r.segments[0]
            .products
            .iter()
            .map(|p| p.description.clone())
            .collect()
    };
    let r = recommend(&purchases, &[("1", 0)], 1, &params(3));
    assert_eq!(listed(&r), ["RED MUG"]);
    let r = recommend(&purchases, &[("1", 0), ("2", 0)], 1, &params(3));
    assert_eq!(listed(&r), ["RED MUG", "MUG RED", "BLUE MUG"]);
    // Customer 1 bought 10001 as RED MUG: MUG RED is not new to them either.
    let picks = &r
        .customers
        .iter()
        .find(|c| c.customer_id == "1")
        .unwrap()
        .picks;
    assert_eq!(picks, &vec![2]);
}
