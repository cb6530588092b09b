//! `segwork`: the segmentation core from the terminal.

mod analyze;
mod bench;
mod print;
mod recommend;
mod timing;

use clap::{Parser, Subcommand};
use segwork_core::clean::CleanStepId;
use segwork_core::columns::Field;
use segwork_core::load::{DayOrder, Preset};
use segwork_core::{CleanParams, LoadOptions, Mode};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "segwork",
    version,
    about = "Customer segmentation of retail transactions, offline."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct RunArgs {
    /// A transactions file: .xlsx, .xlsm, .xls, .ods or .csv.
    file: PathBuf,
    /// corrected: every customer kept, each customer's own cancellation rate;
    /// reference: reproduces the published analysis, quirks included.
    #[arg(long, default_value_t = Mode::Corrected)]
    mode: Mode,
    /// Number of segments.
    #[arg(long, default_value_t = 3)]
    k: usize,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Share of customers set aside as outliers.
    #[arg(long, default_value_t = 0.05)]
    contamination: f64,
    /// Principal components kept.
    #[arg(long, default_value_t = 6)]
    components: usize,
    /// The file's layout: online-retail, shopify, woocommerce, etsy, superstore or
    /// generic. Without it the layout is recognised from the header.
    #[arg(long)]
    preset: Option<Preset>,
    /// The day/month order of dates such as 1/2/2023 when the file never settles it:
    /// day-first or month-first (the default).
    #[arg(long, value_name = "ORDER", value_parser = parse_day_order)]
    dates: Option<DayOrder>,
    /// A column for a field, by header: `--map CustomerID="Billing Email"`. Repeatable.
    /// An empty COLUMN (`--map Country=`) says the file has no such field.
    #[arg(long = "map", value_name = "FIELD=COLUMN", value_parser = parse_map)]
    map: Vec<(Field, String)>,
    /// The column holding each line's total, for a file with no unit price:
    /// `--line-total "Net Sales"`.
    #[arg(long, value_name = "COLUMN")]
    line_total: Option<String>,
    /// A cleaning rule to switch off (its lines are kept and counted): duplicates,
    /// returns, non-products or service-lines. Repeatable.
    #[arg(long = "rule-off", value_name = "RULE")]
    rule_off: Vec<CleanStepId>,
    /// Lifetime value: the share of revenue that is margin (0 to 1).
    #[arg(long, default_value_t = segwork_core::clv::ClvParams::default().margin)]
    margin: f64,
    /// Lifetime value: months ahead (the horizon).
    #[arg(long, default_value_t = 12)]
    horizon_months: u32,
    /// Lifetime value: the monthly discount rate (0.01 is 1% a month).
    #[arg(long, default_value_t = segwork_core::clv::ClvParams::default().monthly_discount)]
    discount: f64,
    /// Baskets: the smallest share of orders a product pair must appear in (0 to 1).
    #[arg(long, default_value_t = segwork_core::baskets::BasketParams::default().min_support)]
    min_support: f64,
}

fn parse_day_order(s: &str) -> Result<DayOrder, String> {
    match s {
        "day-first" => Ok(DayOrder::DayFirst),
        "month-first" => Ok(DayOrder::MonthFirst),
        _ => Err(format!("\"{s}\": the orders are day-first and month-first")),
    }
}

fn parse_map(s: &str) -> Result<(Field, String), String> {
    let (field, column) = s
        .split_once('=')
        .ok_or_else(|| format!("\"{s}\" is not FIELD=COLUMN"))?;
    Ok((field.parse()?, column.trim().to_owned()))
}

#[derive(Subcommand)]
enum Command {
    /// Analyse a file: print the cleaning table, scores, the marketer's analyses and
    /// timings, and write report.json, the CSV tables and segwork.xlsx.
    Analyze {
        #[command(flatten)]
        run: RunArgs,
        /// Directory for the output files.
        #[arg(long, default_value = "segwork-out")]
        out: PathBuf,
    },
    /// Recommend products: measure every recommender on the file's last two months
    /// (settings chosen on the two months before), refit the best on all purchases, print
    /// the lists of the customers asked for with the reason for each pick, and write every
    /// customer's lists to customer_picks.csv.
    Recommend {
        #[command(flatten)]
        run: RunArgs,
        /// Print how each method did on the last two months (the table behind the choice).
        #[arg(long)]
        backtest: bool,
        /// A customer whose lists to print, by id. Repeatable.
        #[arg(long = "customer", value_name = "ID")]
        customers: Vec<String>,
        /// Directory for customer_picks.csv.
        #[arg(long, default_value = "segwork-out")]
        out: PathBuf,
    },
    /// Time each stage over several runs and print medians and peak memory.
    Bench {
        #[command(flatten)]
        run: RunArgs,
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
}

impl RunArgs {
    fn load_options(&self) -> LoadOptions {
        LoadOptions {
            mapping: self.map.iter().cloned().collect(),
            preset: self.preset,
            day_order: self.dates,
            line_total: self.line_total.clone(),
        }
    }

    fn clean_params(&self) -> CleanParams {
        let mut p = CleanParams::default();
        for &rule in &self.rule_off {
            p.switch(rule, false);
        }
        p
    }

    fn params(&self) -> segwork_core::AnalysisParams {
        let mut p = segwork_core::AnalysisParams {
            mode: self.mode,
            ..Default::default()
        };
        p.model.kmeans.k = self.k;
        p.model.seed = self.seed;
        p.model.outliers.contamination = self.contamination;
        p.model.components = segwork_core::model::Components::Count(self.components);
        p.insights.lifetime.margin = self.margin;
        p.insights.lifetime.horizon_days = (f64::from(self.horizon_months) * 30.44).round() as u32;
        p.insights.lifetime.monthly_discount = self.discount;
        p.insights.baskets.min_support = self.min_support;
        p
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze { run, out } => analyze::run(
            &run.file,
            &run.load_options(),
            &run.clean_params(),
            &run.params(),
            &out,
        ),
        Command::Recommend {
            run,
            backtest,
            customers,
            out,
        } => recommend::run(
            &run.file,
            &run.load_options(),
            &run.clean_params(),
            &run.params(),
            &recommend::Ask {
                backtest,
                customers: &customers,
                out: &out,
            },
        ),
        Command::Bench { run, runs } => bench::run(&run.file, &run.params(), runs),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
