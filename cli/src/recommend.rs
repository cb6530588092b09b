//! `segwork recommend`: every recommender fitted on a file, the backtest that says how well
//! each would have done on the file's last two months, customers' lists with the reason
//! for each pick, and every customer's lists as CSV.

use segwork_core::backtest::{backtest, BacktestParams, BacktestReport, ListScores};
use segwork_core::ledger::{Ledger, Names};
use segwork_core::pipeline::iso_day;
use segwork_core::recommend::{List, Method, Recommender, RecsParams};
use segwork_core::{analyse, prepare, Analysis, AnalysisParams, Check, CleanParams, LoadOptions};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

/// The file every customer's lists are written to.
pub const PICKS_FILE: &str = "customer_picks.csv";

/// What the command was asked for beyond the file and the analysis settings.
pub struct Ask<'a> {
    pub backtest: bool,
    pub customers: &'a [String],
    pub out: &'a Path,
}

pub fn run(
    file: &Path,
    options: &LoadOptions,
    clean: &CleanParams,
    params: &AnalysisParams,
    ask: &Ask<'_>,
) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let t = Instant::now();
    let prepared = prepare(bytes, options, clean, &mut |_| {}).map_err(|e| e.to_string())?;
    let analysis = analyse(&prepared, params, &mut |_| {}).map_err(|e| e.to_string())?;
    let ledger = prepared.ledger().map_err(|e| e.to_string())?;
    let segments = segments_of(ledger, &analysis);
    println!(
        "read, cleaned and segmented in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let names = Names::of(ledger);
    let segment_name = |s: u32| format!("{}", s + 1);
    let mut recs = RecsParams::default();
    let mut measured = false;
    if ask.backtest {
        let t = Instant::now();
        let checked = BacktestParams::default()
            .check()
            .map_err(|e| e.to_string())?;
        match backtest(ledger, &segments, &checked) {
            Ok(report) => {
                print!("{}", table(&report));
                println!("backtest in {:.1} s", t.elapsed().as_secs_f64());
                recs = report.chosen;
                measured = true;
            }
            Err(why) => println!("No backtest: {why}"),
        }
    }
    let t = Instant::now();
    let checked = recs.check().map_err(|e| e.to_string())?;
    let recommender = Recommender::fit(ledger, &segments, &checked).map_err(|e| e.to_string())?;
    println!(
        "recommenders fitted on all {} purchases in {:.1} s (EASE on the {} products with most buyers); discovery by {}, next basket by {}{}",
        ledger.lines.len(),
        t.elapsed().as_secs_f64(),
        recommender.ease_products(),
        recommender.defaults.discovery.name(),
        recommender.defaults.next_basket.name(),
        if measured { " (the best on the validation months)" } else { " (the usual best; not measured on this file)" },
    );
    for id in ask.customers {
        let Ok(c) = ledger.customers.binary_search(id) else {
            println!(
                "\nNo customer {id} among the file's {} buyers.",
                ledger.customers.len()
            );
            continue;
        };
        for list in List::ALL {
            println!("\nCustomer {id}, {}:", list_name(list));
            for (rank, p) in recommender.list(c as u32, list, 10).iter().enumerate() {
                let (code, description) = names.product(p.product);
                let why = p.reason.text(&names, &segment_name);
                println!("  {:>2}. {code:<8} {description:<36} {why}", rank + 1);
            }
        }
    }
    std::fs::create_dir_all(ask.out)
        .map_err(|e| format!("cannot create {}: {e}", ask.out.display()))?;
    let path = ask.out.join(PICKS_FILE);
    std::fs::write(&path, picks_csv(ledger, &recommender, &names))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

/// Each ledger customer's K-Means segment (None for outliers and customers the feature
/// table left out).
pub fn segments_of(ledger: &Ledger, analysis: &Analysis) -> Vec<Option<u32>> {
    let of_id: HashMap<&str, Option<usize>> = analysis
        .features
        .ids
        .iter()
        .map(String::as_str)
        .zip(analysis.segmentation.segment.iter().copied())
        .collect();
    ledger
        .customers
        .iter()
        .map(|id| of_id.get(id.as_str()).copied().flatten().map(|s| s as u32))
        .collect()
}

fn list_name(list: List) -> &'static str {
    match list {
        List::Discovery => "discovery (products never bought)",
        List::NextBasket => "next basket (repeats allowed)",
    }
}

/// The backtest as a table: one row per method and list, the figures at 10 and at 3.
pub fn table(r: &BacktestReport) -> String {
    let s = &r.split;
    let mut out = format!(
        "How these recommendations would have done on the last two months of the data\n\
         (trained on {} to {}, tested on {} to {}; settings chosen on {} to {}):\n",
        iso_day(s.first_day),
        iso_day(s.test_from - 1),
        iso_day(s.test_from),
        iso_day(s.last_day),
        iso_day(s.validation_from),
        iso_day(s.test_from - 1),
    );
    let _ = writeln!(
        out,
        "  {:<32} {:<12} {:>6} {:>7} {:>9} {:>7} {:>6} {:>6} {:>8}",
        "method", "list", "users", "hit@10", "recall@10", "NDCG@10", "hit@3", "NDCG@3", "coverage"
    );
    for list in List::ALL {
        for m in &r.methods {
            if let Some(l) = m.of(list) {
                let _ = writeln!(out, "  {}", row(m.method, list, l));
            }
        }
    }
    let _ = writeln!(
        out,
        "  best on the validation months: discovery by {}, next basket by {}",
        r.best.discovery.name(),
        r.best.next_basket.name()
    );
    out
}

fn row(method: Method, list: List, l: &ListScores) -> String {
    let list = match list {
        List::Discovery => "discovery",
        List::NextBasket => "next basket",
    };
    format!(
        "{:<32} {:<12} {:>6} {:>7.3} {:>9.3} {:>7.3} {:>6.3} {:>6.3} {:>7.1}%",
        method.name(),
        list,
        l.users,
        l.at_10.hit_rate,
        l.at_10.recall,
        l.at_10.ndcg,
        l.at_3.hit_rate,
        l.at_3.ndcg,
        100.0 * l.coverage
    )
}

/// Every customer's two lists, one row per pick, with the reason in words.
fn picks_csv(ledger: &Ledger, recommender: &Recommender, names: &Names) -> String {
    let segment_name = |s: u32| format!("{}", s + 1);
    let mut out = String::from("CustomerID,List,Rank,StockCode,Description,Reason\n");
    for (c, id) in ledger.customers.iter().enumerate() {
        for list in List::ALL {
            let label = match list {
                List::Discovery => "discovery",
                List::NextBasket => "next basket",
            };
            for (rank, p) in recommender.list(c as u32, list, 10).iter().enumerate() {
                let (code, description) = names.product(p.product);
                let why = p.reason.text(names, &segment_name);
                let _ = writeln!(
                    out,
                    "{},{label},{},{},{},{}",
                    quote(id),
                    rank + 1,
                    quote(code),
                    quote(description),
                    quote(&why)
                );
            }
        }
    }
    out
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_commas_quotes_or_line_breaks_are_quoted() {
        assert_eq!(quote("RED MUG"), "RED MUG");
        assert_eq!(quote("MUG, RED"), "\"MUG, RED\"");
        assert_eq!(quote("12\" PLATE"), "\"12\"\" PLATE\"");
    }

    #[test]
    fn every_customer_gets_both_lists_in_the_csv_even_when_the_file_is_too_short_to_backtest() {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/retail_300.xlsx");
        let out = std::env::temp_dir().join(format!("segwork-recommend-{}", std::process::id()));
        let mut params = AnalysisParams::default();
        params.model.kmeans.k = 2;
        let ask = Ask {
            backtest: true,
            customers: &[],
            out: &out,
        };
        run(
            &file,
            &LoadOptions::default(),
            &CleanParams::default(),
            &params,
            &ask,
        )
        .unwrap();
        let csv = std::fs::read_to_string(out.join(PICKS_FILE)).unwrap();
        let _ = std::fs::remove_dir_all(&out);
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("CustomerID,List,Rank,StockCode,Description,Reason")
        );
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
        assert!(rows.iter().any(|r| r[1] == "discovery"));
        assert!(rows.iter().any(|r| r[1] == "next basket"));
        assert!(rows
            .iter()
            .all(|r| r[2].parse::<usize>().is_ok_and(|n| (1..=10).contains(&n))));
    }
}
