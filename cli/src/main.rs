//! `segwork`: the segmentation core from the terminal.

mod analyze;
mod args;
mod bench;
mod engine;
mod fitted;
mod print;
mod recommend;
mod timing;

use args::LoadArgs;
use clap::{Parser, Subcommand};
use segwork_core::clean::CleanStepId;
use segwork_core::load::Preset;
use segwork_core::{CleanParams, Mode};
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
    #[command(flatten)]
    load: LoadArgs,
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

#[derive(Subcommand)]
enum Command {
    /// Analyse a file: print the cleaning table, scores, the marketer's analyses and
    /// timings, and write report.json, the CSV tables and segwork.xlsx.
    Analyze {
        /// Fit the model on a feature table written by `segwork features` instead of a
        /// transactions file; writes model.json (for `segwork score`) and segments.csv.
        #[arg(long, value_name = "FEATURES.parquet", conflicts_with = "file")]
        features: Option<PathBuf>,
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
    /// Write a transactions file as Parquet line items (with `line_no`, the file order):
    /// the input of `segwork features`.
    ExportParquet {
        #[command(flatten)]
        load: LoadArgs,
        /// The Parquet file to write (default: the file's name with .parquet).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Run the cleaning chain and the customer features on a Spark Connect engine
    /// (Apache Spark, Sail) and bring the feature table back as Parquet.
    Features {
        #[command(flatten)]
        engine: engine::EngineArgs,
        /// Line items as Parquet: a file, a directory or a glob the engine can read.
        #[arg(long, value_name = "PATH_OR_URI")]
        input: String,
        /// The layout the lines came from (its cleaning rules). Lines written by
        /// `export-parquet` carry theirs; otherwise Online Retail's.
        #[arg(long)]
        preset: Option<Preset>,
        #[arg(long, default_value_t = Mode::Corrected)]
        mode: Mode,
        /// A cleaning rule to switch off: duplicates, returns, non-products or
        /// service-lines. Repeatable.
        #[arg(long = "rule-off", value_name = "RULE")]
        rule_off: Vec<CleanStepId>,
        #[arg(long, default_value = "features.parquet")]
        out: PathBuf,
    },
    /// Assign every customer of a feature table to a segment on a Spark Connect engine,
    /// with a model written by `segwork analyze --features`.
    Score {
        #[command(flatten)]
        engine: engine::EngineArgs,
        #[arg(long, value_name = "model.json")]
        model: PathBuf,
        /// The feature table as Parquet, where the engine can read it.
        #[arg(long, value_name = "PATH_OR_URI")]
        input: String,
        #[arg(long, default_value = "segments.parquet")]
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
        Command::Analyze {
            features: Some(features),
            run,
            out,
        } => fitted::analyze_features(&features, &run.params(), &out),
        Command::Analyze { run, out, .. } => run.load.file().and_then(|file| {
            analyze::run(
                file,
                &run.load.options(),
                &run.clean_params(),
                &run.params(),
                &out,
            )
        }),
        Command::Recommend {
            run,
            backtest,
            customers,
            out,
        } => run.load.file().and_then(|file| {
            recommend::run(
                file,
                &run.load.options(),
                &run.clean_params(),
                &run.params(),
                &recommend::Ask {
                    backtest,
                    customers: &customers,
                    out: &out,
                },
            )
        }),
        Command::ExportParquet { load, out } => load
            .file()
            .and_then(|file| engine::export_parquet(file, &load.options(), out.as_deref())),
        Command::Features {
            engine,
            input,
            preset,
            mode,
            rule_off,
            out,
        } => {
            let mut clean = CleanParams::default();
            for &rule in &rule_off {
                clean.switch(rule, false);
            }
            engine::features(&engine, &input, preset, mode, clean, &out)
        }
        Command::Score {
            engine,
            model,
            input,
            out,
        } => engine::score(&engine, &model, &input, &out),
        Command::Bench { run, runs } => run
            .load
            .file()
            .and_then(|file| bench::run(file, &run.params(), runs)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
