#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::score::{first_ranks, quintile_edges, quintile_scores, rank_scores};
use super::*;

/// A ledger of `(customer, order, day, spend)` lines over `customers` customers.
fn ledger(customers: usize, lines: &[(u32, u32, i32, f64)], last_day: i32) -> Ledger {
    Ledger::of_lines(customers, lines, last_day)
}

fn run(ledger: &Ledger, as_of: Option<i32>) -> Result<RfmReport, RfmError> {
    rfm(ledger, &RfmParams { as_of }.check().unwrap())
}

#[test]
fn every_score_pair_has_exactly_one_segment() {
    for r in 1..=5u8 {
        for f in 1..=5u8 {
            let hits: Vec<_> = RfmSegment::ALL
                .into_iter()
                .filter(|s| s.contains(r, f))
                .collect();
            assert_eq!(hits.len(), 1, "R {r} F {f}: {hits:?}");
            assert_eq!(RfmSegment::of(r, f), hits[0]);
        }
    }
    assert_eq!(
        RfmSegment::of(0, 9),
        RfmSegment::of(1, 5),
        "out-of-range scores clamp"
    );
}

#[test]
fn segment_texts_agree_with_their_ranges() {
    let span = |(lo, hi): (u8, u8)| {
        if lo == hi {
            lo.to_string()
        } else {
            format!("{lo}–{hi}")
        }
    };
    for (i, s) in RfmSegment::ALL.into_iter().enumerate() {
        let (r, f) = s.scores();
        assert_eq!(s.rule(), format!("R {}, F {}", span(r), span(f)));
        assert_eq!(s.position(), i);
        assert!(!s.name().is_empty() && s.action().ends_with('.'));
    }
    assert_eq!(RfmSegment::CantLose.name(), "Can't Lose");
}

#[test]
fn edges_match_numpy_bit_for_bit() {
    // pd.Series([0,0,0,1,2,5,10,30,30,100,7,3]).quantile(np.linspace(0, 1, 6))
    let mut v = [
        0.0, 0.0, 0.0, 1.0, 2.0, 5.0, 10.0, 30.0, 30.0, 100.0, 7.0, 3.0,
    ];
    v.sort_by(f64::total_cmp);
    let numpy = [
        0.0,
        0.20000000000000018,
        2.4000000000000004,
        6.200000000000003,
        26.000000000000014,
        100.0,
    ];
    assert_eq!(quintile_edges(&v), numpy);
    let ten: Vec<f64> = (1..=10).map(f64::from).collect();
    assert_eq!(quintile_edges(&ten), [1.0, 2.8, 4.6, 6.4, 8.2, 10.0]);
}

#[test]
fn scores_match_pandas_qcut() {
    // pd.qcut(x, 5, labels=[5, 4, 3, 2, 1]) on recency
    let recency = [
        0.0, 0.0, 0.0, 1.0, 2.0, 5.0, 10.0, 30.0, 30.0, 100.0, 7.0, 3.0,
    ];
    let r: Vec<u8> = quintile_scores(&recency)
        .into_iter()
        .map(|s| 6 - s)
        .collect();
    assert_eq!(r, [5, 5, 5, 4, 4, 3, 2, 1, 1, 1, 2, 3]);
    // pd.qcut(f.rank(method="first"), 5, labels=[1, 2, 3, 4, 5])
    let f = [1.0, 1.0, 1.0, 2.0, 1.0, 3.0, 1.0, 1.0, 5.0, 2.0, 1.0, 1.0];
    assert_eq!(rank_scores(&f), [1, 1, 1, 4, 2, 5, 2, 3, 5, 5, 3, 4]);
}

#[test]
fn ranks_break_ties_by_position() {
    assert_eq!(
        first_ranks(&[3.0, 1.0, 3.0, -0.0, 0.0]),
        [4.0, 3.0, 5.0, 1.0, 2.0]
    );
}

#[test]
fn fewer_than_five_customers_spread_by_position() {
    // pandas: n = 2 → [1, 5]; n = 3 → [1, 3, 5]; n = 4 → [1, 2, 4, 5]; n = 1 raises, here 1.
    assert_eq!(rank_scores(&[2.0, 1.0]), [5, 1]);
    assert_eq!(rank_scores(&[1.0, 1.0, 1.0]), [1, 3, 5]);
    assert_eq!(rank_scores(&[4.0, 3.0, 2.0, 1.0]), [5, 4, 2, 1]);
    assert_eq!(rank_scores(&[7.0]), [1]);
    let one = run(&ledger(1, &[(0, 0, 10, 5.0)], 10), None).unwrap();
    let c = &one.customers[0];
    assert_eq!(
        (c.r, c.f, c.m, c.segment),
        (5, 1, 1, RfmSegment::NewCustomers)
    );
    assert_eq!(one.grid[4][0], 1);
}

#[test]
fn values_and_segments_per_customer() {
    // Customer 0: 5 orders, recent. 1: one old order. 2: no purchase. 3..=7 in between.
    let mut lines = vec![(1, 5, 0, 10.0)];
    for o in 0..5 {
        lines.push((0, o, 95 + o as i32, 100.0));
        lines.push((0, o, 95 + o as i32, 1.0)); // same order twice: one order
    }
    for (i, c) in (3..=7).enumerate() {
        lines.push((c, 6 + i as u32, 50 + i as i32, 20.0 + i as f64));
    }
    let report = run(&ledger(8, &lines, 100), None).unwrap();
    assert_eq!(report.as_of, 100);
    let ids: Vec<u32> = report.customers.iter().map(|c| c.customer).collect();
    assert_eq!(
        ids,
        [0, 1, 3, 4, 5, 6, 7],
        "customers without purchases are left out"
    );
    let top = &report.customers[0];
    assert_eq!(
        (top.recency_days, top.frequency, top.monetary),
        (1, 5, 505.0)
    );
    assert_eq!(
        (top.r, top.f, top.m, top.segment),
        (5, 5, 5, RfmSegment::Champions)
    );
    let old = &report.customers[1];
    assert_eq!(
        (old.recency_days, old.r, old.segment),
        (100, 1, RfmSegment::Hibernating)
    );
    assert_eq!(report.segment_of(2), None);
    assert_eq!(report.segment_of(0), Some(RfmSegment::Champions));
    assert_eq!(report.grid.iter().flatten().sum::<usize>(), 7);
}

#[test]
fn summaries_cover_every_segment_and_add_up() {
    let lines: Vec<_> = (0..20u32)
        .map(|c| (c, c, c as i32 * 3, f64::from(c + 1)))
        .collect();
    let report = run(&ledger(20, &lines, 60), None).unwrap();
    assert_eq!(report.segments.len(), 10);
    let order: Vec<_> = report.segments.iter().map(|s| s.segment).collect();
    assert_eq!(order, RfmSegment::ALL);
    let customers: usize = report.segments.iter().map(|s| s.customers).sum();
    let share: f64 = report.segments.iter().map(|s| s.customer_share).sum();
    let revenue: f64 = report.segments.iter().map(|s| s.revenue_share).sum();
    assert_eq!(customers, 20);
    assert!((share - 1.0).abs() < 1e-12 && (revenue - 1.0).abs() < 1e-12);
    for s in report.segments.iter().filter(|s| s.customers == 0) {
        assert_eq!(
            (s.mean_spend, s.mean_frequency, s.revenue_share),
            (0.0, 0.0, 0.0)
        );
    }
}

#[test]
fn cross_counts_segments_by_label() {
    let lines: Vec<_> = (0..6u32).map(|c| (c, c, c as i32, 1.0)).collect();
    let report = run(&ledger(6, &lines, 10), None).unwrap();
    let labels = [Some(0), Some(1), None, Some(7), Some(1)];
    let table = report.cross(&labels, 2);
    assert_eq!(table.len(), 10);
    assert!(table.iter().all(|row| row.len() == 3));
    let column = |j: usize| table.iter().map(|row| row[j]).sum::<usize>();
    assert_eq!((column(0), column(1), column(2)), (1, 2, 3));
    let champions = report.segment_of(0).unwrap().position();
    assert_eq!(table[champions][0], 1);
}

#[test]
fn errors_are_plain() {
    assert_eq!(run(&ledger(3, &[], 5), None), Err(RfmError::NoCustomers));
    let l = ledger(1, &[(0, 0, 15_000, 1.0)], 15_000);
    let err = run(&l, Some(14_999)).unwrap_err();
    assert_eq!(
        err,
        RfmError::AsOfBeforeData {
            as_of: 14_999,
            last_purchase_day: 15_000
        }
    );
    assert!(err.to_string().contains("2011-01-25"), "{err}");
    assert_eq!(run(&l, Some(15_010)).unwrap().customers[0].recency_days, 10);
    let unset = ledger(1, &[(0, 0, 15_000, 1.0)], 0);
    assert_eq!(
        run(&unset, None).unwrap().as_of,
        15_000,
        "None never falls before the data"
    );
}

#[test]
fn report_round_trips_through_json() {
    let report = run(&ledger(2, &[(0, 0, 1, 1.0), (1, 1, 2, 3.0)], 3), None).unwrap();
    let json = serde_json::to_string(&report).unwrap();
    assert_eq!(serde_json::from_str::<RfmReport>(&json).unwrap(), report);
}
