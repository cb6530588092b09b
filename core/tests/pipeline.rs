//! The whole pipeline on real data: the app's 40,000-row sample and the 999-row CSV.

// Test code: a failed expectation should panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use segwork_core::clean::CleanStepId;
use segwork_core::{AnalysisParams, CleanParams, LoadOptions, Mode, Progress, Stage};
use std::collections::{HashMap, HashSet};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn sample() -> Vec<u8> {
    include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../public/sample.xlsx"
    ))
    .to_vec()
}

#[test]
fn sample_analysis_is_consistent() {
    let a = analyse_ok(sample(), &AnalysisParams::default());
    let steps: Vec<CleanStepId> = a.file.cleaning.iter().map(|s| s.id).collect();
    assert_eq!(steps, CleanStepId::ALL);
    assert_eq!(a.file.cleaning[0].rows_out, 40_000);
    for pair in a.file.cleaning.windows(2) {
        assert_eq!(pair[0].rows_out, pair[1].rows_in, "steps chain");
        assert!(pair[1].rows_out <= pair[1].rows_in);
    }
    // Corrected mode keeps every customer.
    assert_eq!(a.features.ids.len(), a.file.customers_total);
    assert_eq!(a.features.dropped_single_line, 0);
    let outliers = a.model.outlier.iter().filter(|o| **o).count();
    let expected = (a.file.customers_total as f64 * 0.05).ceil() as usize;
    assert!(
        outliers.abs_diff(expected) <= 1,
        "{outliers} outliers, expected about {expected}"
    );
    let sizes: Vec<usize> = a.segmentation.segments.iter().map(|s| s.size).collect();
    assert_eq!(
        sizes.iter().sum::<usize>(),
        a.file.customers_total - outliers
    );
    assert!(
        sizes.windows(2).all(|w| w[0] >= w[1]),
        "segments are numbered by size: {sizes:?}"
    );
    assert!(a.segmentation.scores.silhouette > 0.0 && a.segmentation.scores.silhouette < 1.0);
    assert_eq!(
        a.sweep_points().iter().map(|p| p.k).collect::<Vec<_>>(),
        (2..=12).collect::<Vec<_>>()
    );
    assert!(
        a.sweep_points()
            .windows(2)
            .all(|w| w[1].inertia < w[0].inertia * 1.05),
        "inertia falls with k"
    );
    let ratio_sum: f64 = a.model.pca.ratios.iter().sum();
    assert!(
        (ratio_sum - 1.0).abs() < 1e-6,
        "all components explain all variance: {ratio_sum}"
    );
    // Each outlier has no segment; everyone else has one.
    for (o, s) in a.model.outlier.iter().zip(&a.segmentation.segment) {
        assert_eq!(*o, s.is_none());
    }
}

#[test]
fn recommendations_are_best_sellers_not_yet_bought() {
    let bytes = sample();
    let prepared = prepare_ok(bytes);
    let a = segwork_core::analyse(&prepared, &AnalysisParams::default(), &mut |_| {}).unwrap();
    // What each customer bought, computed independently from the cleaned lines.
    let f = &prepared.cleaned.frame;
    let ids = f.column("customer_id").unwrap().str().unwrap();
    let codes = f.column("stock_code").unwrap().str().unwrap();
    let mut bought: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (id, code) in ids.into_iter().zip(codes) {
        bought.entry(id.unwrap()).or_default().insert(code.unwrap());
    }
    let inliers = a.model.outlier.iter().filter(|o| !**o).count();
    assert_eq!(a.segmentation.recommendations.customers.len(), inliers);
    // Each segment's best sellers, tallied independently line by line.
    let segment_of: HashMap<&str, usize> = a
        .features
        .ids
        .iter()
        .zip(&a.segmentation.segment)
        .filter_map(|(id, s)| s.map(|s| (id.as_str(), s)))
        .collect();
    let descs = f.column("description").unwrap().str().unwrap();
    let qty = f.column("quantity").unwrap().f64().unwrap();
    let spend = f.column("spend").unwrap().f64().unwrap();
    type Tally<'a> = (f64, f64, HashSet<&'a str>);
    let mut tally: HashMap<(usize, &str, &str), Tally> = HashMap::new();
    for i in 0..f.height() {
        let id = ids.get(i).unwrap();
        let Some(&seg) = segment_of.get(id) else {
            continue;
        };
        let t = tally
            .entry((seg, codes.get(i).unwrap(), descs.get(i).unwrap()))
            .or_default();
        t.0 += qty.get(i).unwrap();
        t.1 += spend.get(i).unwrap();
        t.2.insert(id);
    }
    for seg in &a.segmentation.recommendations.segments {
        let mut want: Vec<(&str, &str, &Tally)> = tally
            .iter()
            .filter(|((s, _, _), _)| *s == seg.segment)
            .map(|((_, c, d), t)| (*c, *d, t))
            .collect();
        want.sort_by(|x, y| y.2 .0.total_cmp(&x.2 .0).then((x.0, x.1).cmp(&(y.0, y.1))));
        assert_eq!(seg.products.len(), 10);
        for (got, (code, desc, t)) in seg.products.iter().zip(&want) {
            assert_eq!(
                (got.stock_code.as_str(), got.description.as_str()),
                (*code, *desc)
            );
            assert_eq!(got.quantity, t.0);
            assert!((got.revenue - t.1).abs() <= 1e-6 * t.1.abs().max(1.0));
            assert_eq!(got.buyers, t.2.len());
        }
    }
    let mut with_three = 0;
    for c in &a.segmentation.recommendations.customers {
        let products = &a.segmentation.recommendations.segments[c.segment].products;
        let have = &bought[c.customer_id.as_str()];
        for &p in &c.picks {
            assert!(
                !have.contains(products[p].stock_code.as_str()),
                "{} already bought {}",
                c.customer_id,
                products[p].stock_code
            );
        }
        // Nothing better was skipped: every earlier pool product was bought.
        let last = c.picks.last().copied().unwrap_or(10);
        for (i, prod) in products.iter().enumerate().take(last) {
            if !c.picks.contains(&i) {
                assert!(have.contains(prod.stock_code.as_str()));
            }
        }
        with_three += usize::from(c.picks.len() == 3);
    }
    assert!(with_three > inliers / 2);
}

#[test]
fn the_same_seed_gives_the_same_analysis() {
    let p = AnalysisParams::default();
    let a = analyse_ok(fixture!("online_retail_first999.csv"), &p);
    let b = analyse_ok(fixture!("online_retail_first999.csv"), &p);
    assert_eq!(a, b);
}

/// The committed fingerprint is produced natively (`UPDATE_SNAPSHOTS=1 cargo test`); the
/// browser run of this test compares against the same file, so native and browser
/// results must be identical.
#[test]
fn results_match_the_committed_fingerprint() {
    let mut p = AnalysisParams::default();
    p.model.kmeans.k = 4;
    let got = fingerprint(&analyse_ok(fixture!("online_retail_first999.csv"), &p));
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/snapshots/first999_k4.txt"
    );
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, &got).unwrap();
    }
    let want = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/snapshots/first999_k4.txt"
    ));
    assert_eq!(got, want, "fingerprint differs from {path}");
}

#[test]
fn progress_covers_every_stage_in_order() {
    let mut events = vec![];
    analyse_ok_with_progress(&mut events);
    let started: Vec<Stage> = events
        .iter()
        .filter_map(|e| match e {
            Progress::Started(s) => Some(*s),
            _ => None,
        })
        .collect();
    // The first 999 lines span too few days for a backtest: the recommendations find
    // that while choosing their settings and go straight to the refit on all purchases.
    let expected: Vec<Stage> = Stage::ALL
        .into_iter()
        .filter(|s| *s != Stage::RecsBacktest)
        .collect();
    assert_eq!(started, expected);
    let finished = events
        .iter()
        .filter(|e| matches!(e, Progress::Finished(_)))
        .count();
    assert_eq!(finished, expected.len());
    assert!(events
        .iter()
        .any(|e| matches!(e, Progress::Within(Stage::Sweep, f) if *f > 0.0 && *f <= 1.0)));
}

fn analyse_ok_with_progress(events: &mut Vec<Progress>) {
    segwork_core::run(
        fixture!("online_retail_first999.csv"),
        &LoadOptions::default(),
        &CleanParams::default(),
        &AnalysisParams::default(),
        &mut |e| events.push(e),
    )
    .unwrap();
}

#[test]
fn reference_mode_drops_single_line_customers() {
    let mut p = AnalysisParams {
        mode: Mode::Reference,
        ..Default::default()
    };
    p.model.sweep = 2..=3;
    let a = analyse_ok(fixture!("online_retail_first999.csv"), &p);
    assert!(a.features.dropped_single_line > 0);
    assert_eq!(
        a.features.ids.len() + a.features.dropped_single_line,
        a.file.customers_total
    );
}
