//! `segwork`: the segmentation core from the terminal.

mod analyze;
mod bench;
mod print;
mod timing;

use clap::{Parser, Subcommand};
use segwork_core::Mode;
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
}

#[derive(Subcommand)]
enum Command {
    /// Analyse a file: print the cleaning table, scores and timings, and write
    /// report.json, customers.csv and recommendations.csv.
    Analyze {
        #[command(flatten)]
        run: RunArgs,
        /// Directory for the output files.
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
    fn params(&self) -> segwork_core::AnalysisParams {
        let mut p = segwork_core::AnalysisParams {
            mode: self.mode,
            ..Default::default()
        };
        p.model.kmeans.k = self.k;
        p.model.seed = self.seed;
        p.model.outliers.contamination = self.contamination;
        p.model.components = segwork_core::model::Components::Count(self.components);
        p
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze { run, out } => analyze::run(&run.file, &run.params(), &out),
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
