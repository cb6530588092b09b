#![cfg(not(target_arch = "wasm32"))]
// Native only: it prints the timings the issue asks for, and the browser has no clock for
// `Instant`; the browser test of the same views is tests/e2e/app-recs.test.mjs.
//! The recommenders' backtest on the full Online Retail workbook against the published
//! figures of the best Python implementations (test period from 2011-10-09). Without
//! `../shared/data` the test is reported as ignored.

// Test code: a failed expectation should panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[test]
#[cfg_attr(
    not(segwork_full_data),
    ignore = "needs ../shared/data/online_retail.xlsx"
)]
fn backtest_on_online_retail_matches_the_published_figures() {
    #[cfg(segwork_full_data)]
    full::check();
}

#[cfg(segwork_full_data)]
mod full {
    use segwork_core::backtest::{backtest, BacktestParams, BacktestReport};
    use segwork_core::pipeline::segments_of;
    use segwork_core::recommend::{List, Method, Recommender};
    use segwork_core::{analyse, prepare, AnalysisParams, Check, CleanParams, LoadOptions, Mode};
    use std::time::Instant;

    pub fn check() {
        let t = Instant::now();
        let bytes = include_bytes!(env!("SEGWORK_FULL_DATA")).to_vec();
        let prepared = prepare(
            bytes,
            &LoadOptions::default(),
            &CleanParams::default(),
            &mut |_| {},
        )
        .unwrap();
        let ledger = prepared.ledger().unwrap();
        assert!(ledger.lines.iter().all(|l| l.quantity > 0.0));
        // The published analysis's segments, on which the reference method's published
        // figures were measured.
        let analysis = analyse(
            &prepared,
            &AnalysisParams {
                mode: Mode::Reference,
                ..AnalysisParams::default()
            },
            &mut |_| {},
        )
        .unwrap();
        let segments = segments_of(ledger, &analysis.features.ids, &analysis.segmentation);
        println!("prepared and segmented in {:?}", t.elapsed());

        let params = BacktestParams::default().check().unwrap();
        let t = Instant::now();
        let report = backtest(ledger, &segments, &params, &mut |_| {}).unwrap();
        println!("backtest with the validation search in {:?}", t.elapsed());
        print(&report);
        let t = Instant::now();
        let recs = Recommender::fit(ledger, &segments, &report.chosen.check().unwrap()).unwrap();
        println!("fitted on all data in {:?}", t.elapsed());
        let t = Instant::now();
        let picks = recs.list(0, List::Discovery, 10);
        let again = recs.list(0, List::NextBasket, 10);
        println!("two lists for one customer in {:?}", t.elapsed());
        let names = segwork_core::ledger::Names::of(ledger);
        for p in picks.iter().chain(&again).take(6) {
            println!(
                "  {} — {}",
                names.product(p.product).1,
                p.reason.text(&names, &|s| format!("{s}"))
            );
        }

        assert_eq!(report.users.discovery, 1_713);
        assert_eq!(report.users.next_basket, 1_792);
        let at10 = |m: Method, l: List| report.scores(m).unwrap().of(l).unwrap().at_10;
        let near = |got: f64, want: f64| (got - want).abs() <= 0.005;
        let (gd, gn) = (
            at10(Method::Popularity, List::Discovery),
            at10(Method::Popularity, List::NextBasket),
        );
        assert!(near(gd.hit_rate, 0.271) && near(gd.ndcg, 0.041), "{gd:?}");
        assert!(near(gn.hit_rate, 0.507) && near(gn.ndcg, 0.096), "{gn:?}");
        let (rd, rn) = (
            at10(Method::Reference, List::Discovery),
            at10(Method::Reference, List::NextBasket),
        );
        assert!(near(rd.hit_rate, 0.194) && near(rd.ndcg, 0.027), "{rd:?}");
        assert!(near(rn.hit_rate, 0.185) && near(rn.ndcg, 0.025), "{rn:?}");
        let best = |l: List, f: fn(&segwork_core::backtest::Metrics) -> f64| {
            report
                .methods
                .iter()
                .filter_map(|m| m.of(l).map(|s| f(&s.at_10)))
                .fold(0.0, f64::max)
        };
        assert!(best(List::Discovery, |m| m.ndcg) >= 0.104);
        assert!(best(List::Discovery, |m| m.hit_rate) >= 0.49);
        assert!(best(List::NextBasket, |m| m.hit_rate) >= 0.80);
        assert!(best(List::NextBasket, |m| m.ndcg) >= 0.346);
    }

    fn print(r: &BacktestReport) {
        println!(
            "split {:?}; users discovery {} next basket {}; chosen {:?}; EASE products {}; best {:?}",
            r.split, r.users.discovery, r.users.next_basket, r.chosen, r.ease_products, r.best
        );
        println!("| method | list | users | hit@10 | recall@10 | NDCG@10 | hit@3 | recall@3 | NDCG@3 | coverage |");
        for m in &r.methods {
            for l in List::ALL {
                if let Some(s) = m.of(l) {
                    println!(
                        "| {} | {:?} | {} | {:.4} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
                        m.method.name(), l, s.users, s.at_10.hit_rate, s.at_10.recall, s.at_10.ndcg,
                        s.at_3.hit_rate, s.at_3.recall, s.at_3.ndcg, s.coverage
                    );
                }
            }
        }
    }
}
