//! `segwork recommend`: every recommender fitted on a file, the backtest that says how well
//! each would have done on the file's last two months, customers' lists with the reason
//! for each pick, and every customer's lists as CSV.

use segwork_core::backtest::{BacktestReport, ListScores};
use segwork_core::export::{self, Table};
use segwork_core::ledger::Names;
use segwork_core::pipeline::{iso_day, recommendations};
use segwork_core::recommend::{List, Method};
use segwork_core::{analyse, insights, prepare, AnalysisParams, CleanParams, LoadOptions};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

/// What the command was asked for beyond the file and the analysis settings.
pub struct Ask<'a> {
    /// Print the backtest's table (the lists always use the methods and settings it chose).
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
    let prepared = prepare(bytes, options, clean, &mut |_| {})
        .map_err(|e| crate::analyze::with_mapping_hint(&e, "recommend", file))?;
    let ledger = prepared.ledger().map_err(|e| e.to_string())?;
    let layer = recommendations(&prepared, params, &mut |_| {}).map_err(|e| e.to_string())?;
    let report = layer.outcome.as_ref().map_err(|e| e.to_string())?;
    match (&report.backtest, ask.backtest) {
        (Ok(b), true) => print!("{}", table(b)),
        (Err(why), true) => println!("No backtest: {why}"),
        (_, false) => {}
    }
    println!(
        "{} purchases; recommenders measured and fitted in {:.1} s (EASE on the {} products with most buyers); discovery by {}, next basket by {}{}",
        ledger.lines.len(),
        t.elapsed().as_secs_f64(),
        report.ease_products,
        report.defaults.discovery.name(),
        report.defaults.next_basket.name(),
        if report.measured() { " (the best on the validation months)" } else { " (the usual best; not measured on this file)" },
    );
    let names = Names::of(ledger);
    for id in ask.customers {
        let Some(lists) = ledger
            .customers
            .binary_search(id)
            .ok()
            .and_then(|c| report.lists(c as u32))
        else {
            println!(
                "\nNo customer {id} among the file's {} buyers.",
                ledger.customers.len()
            );
            continue;
        };
        for list in List::ALL {
            println!("\nCustomer {id}, {}:", list_name(list));
            for (rank, p) in lists.of(list).iter().enumerate() {
                let (code, description) = names.product(p.product);
                let why = p.reason.text(&names, &segment_name);
                println!("  {:>2}. {code:<8} {description:<36} {why}", rank + 1);
            }
        }
    }
    let mut analysis = analyse(&prepared, params, &mut |_| {}).map_err(|e| e.to_string())?;
    analysis.insights =
        Some(insights(&prepared, &params.insights, &mut |_| {}).map_err(|e| e.to_string())?);
    analysis.recs = Some(layer);
    std::fs::create_dir_all(ask.out)
        .map_err(|e| format!("cannot create {}: {e}", ask.out.display()))?;
    for table in [Table::CustomerPicks, Table::Backtest] {
        let Some(sheet) = export::sheet(&analysis, table) else {
            continue;
        };
        let path = ask.out.join(table.file());
        let text = export::sheet_csv(&sheet).map_err(|e| e.to_string())?;
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// K-Means segments are named by number on the command line.
fn segment_name(s: u32) -> String {
    format!("segment {}", s + 1)
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
    for l in &r.left_out {
        let _ = writeln!(out, "  {l}");
    }
    out
}

fn row(method: Method, list: List, l: &ListScores) -> String {
    let list = export::list_name(list);
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let csv = std::fs::read_to_string(out.join(Table::CustomerPicks.file())).unwrap();
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
