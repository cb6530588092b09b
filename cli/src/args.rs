//! Which file a command reads, and how: the arguments `analyze`, `recommend`, `bench`
//! and `export-parquet` share.

use clap::Args;
use segwork_core::columns::Field;
use segwork_core::load::{DayOrder, Preset};
use segwork_core::LoadOptions;
use std::path::PathBuf;

/// Which file, and how to read it.
#[derive(Args)]
pub struct LoadArgs {
    /// A transactions file: .xlsx, .xlsm, .xls, .ods or .csv.
    file: Option<PathBuf>,
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
}

impl LoadArgs {
    pub fn file(&self) -> Result<&std::path::Path, String> {
        self.file
            .as_deref()
            .ok_or_else(|| "give a transactions file (.xlsx, .xls, .ods or .csv)".to_owned())
    }

    pub fn options(&self) -> LoadOptions {
        LoadOptions {
            mapping: self.map.iter().cloned().collect(),
            preset: self.preset,
            day_order: self.dates,
            line_total: self.line_total.clone(),
        }
    }
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
