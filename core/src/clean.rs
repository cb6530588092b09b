//! Step 2: the cleaning chain of the reference analysis. Each step reports rows in and
//! out, the rule it applied and a few of the rows it dropped, so the UI can show an audit
//! trail rather than a log line.

use crate::columns::{col, Field};
use crate::error::Error;
use crate::load::Loaded;
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use thiserror::Error as ThisError;

/// How many dropped rows each step keeps as examples.
const EXAMPLES: usize = 5;
/// Descriptions of service lines, not products (reference analysis).
const SERVICE_DESCRIPTIONS: [&str; 2] = ["Next Day Carriage", "High Resolution Image"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CleanStepId {
    Load,
    MissingValues,
    Duplicates,
    Cancellations,
    StockCodes,
    ServiceDescriptions,
    Prices,
}

impl CleanStepId {
    pub const ALL: [CleanStepId; 7] = [
        CleanStepId::Load,
        CleanStepId::MissingValues,
        CleanStepId::Duplicates,
        CleanStepId::Cancellations,
        CleanStepId::StockCodes,
        CleanStepId::ServiceDescriptions,
        CleanStepId::Prices,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CleanStepId::Load => "Loaded",
            CleanStepId::MissingValues => "Missing values",
            CleanStepId::Duplicates => "Duplicates",
            CleanStepId::Cancellations => "Cancellations",
            CleanStepId::StockCodes => "Stock-code anomalies",
            CleanStepId::ServiceDescriptions => "Service lines",
            CleanStepId::Prices => "Prices",
        }
    }

    pub fn rule(self) -> &'static str {
        match self {
            CleanStepId::Load => "Every transaction line read from the file.",
            CleanStepId::MissingValues => "Drop lines with no CustomerID or no Description.",
            CleanStepId::Duplicates => "Drop exact repeats of a line (all 8 columns equal), keeping the first.",
            CleanStepId::Cancellations => "Invoices starting with \"C\" are cancellations: kept, and flagged.",
            CleanStepId::StockCodes => "Drop lines whose StockCode has 0 or 1 digits (POST, D, M, BANK CHARGES, …): fees and adjustments, not products.",
            CleanStepId::ServiceDescriptions => "Drop \"Next Day Carriage\" and \"High Resolution Image\" lines; upper-case the other descriptions.",
            CleanStepId::Prices => "Keep lines with a unit price above zero.",
        }
    }
}

/// A dropped (or flagged) line, as the user would find it in their file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExampleRow {
    pub sheet: String,
    pub row: u32,
    /// The eight fields, in [`Field::ALL`] order, as text.
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CleanStep {
    pub id: CleanStepId,
    pub rows_in: usize,
    pub rows_out: usize,
    /// Lines marked but kept (the cancellations step).
    pub flagged: usize,
    pub examples: Vec<ExampleRow>,
}

#[derive(Debug, Clone, PartialEq, ThisError, Serialize, Deserialize)]
pub enum CleanError {
    #[error("No transactions are left after the \"{}\" step ({}). Check that the file holds retail transactions with customer ids and positive prices.", .step.label(), .step.rule())]
    NothingLeft { step: CleanStepId },
}

/// The cleaned transactions and the audit trail.
#[derive(Debug, Clone)]
pub struct Cleaned {
    pub frame: DataFrame,
    pub steps: Vec<CleanStep>,
    pub customers: usize,
    pub cancelled_rows: usize,
}

/// Runs the chain. The result frame gains the `cancelled` flag and the `spend` column.
pub fn clean(loaded: &Loaded) -> Result<Cleaned, Error> {
    let sheets: Vec<String> = loaded
        .summary
        .sheets
        .iter()
        .map(|s| s.name.clone())
        .collect();
    let ctx = Ctx { sheets: &sheets };
    let df = loaded.frame.clone();
    let mut steps = vec![CleanStep {
        id: CleanStepId::Load,
        rows_in: df.height(),
        rows_out: df.height(),
        flagged: 0,
        examples: vec![],
    }];

    let keep = col(Field::CustomerId.column())
        .is_not_null()
        .and(col(Field::Description.column()).is_not_null());
    let df = ctx.filter(df, keep, CleanStepId::MissingValues, &mut steps)?;

    let df = ctx.dedupe(df, &mut steps)?;

    let df = df
        .lazy()
        .with_column(
            col(Field::Invoice.column())
                .str()
                .starts_with(lit("C"))
                .alias(col::CANCELLED),
        )
        .collect()
        .map_err(Error::internal("flagging cancellations"))?;
    let cancelled = df
        .column(col::CANCELLED)
        .and_then(|c| c.bool().map(|b| b.sum().unwrap_or(0) as usize))
        .map_err(Error::internal("counting cancellations"))?;
    let flagged_examples = ctx.examples(df.clone().lazy().filter(col(col::CANCELLED)))?;
    steps.push(CleanStep {
        id: CleanStepId::Cancellations,
        rows_in: df.height(),
        rows_out: df.height(),
        flagged: cancelled,
        examples: flagged_examples,
    });

    let keep = col(Field::StockCode.column())
        .str()
        .count_matches(lit(r"\d"), false)
        .gt(lit(1));
    let df = ctx.filter(df, keep, CleanStepId::StockCodes, &mut steps)?;

    let desc = || col(Field::Description.column());
    let keep = desc()
        .neq(lit(SERVICE_DESCRIPTIONS[0]))
        .and(desc().neq(lit(SERVICE_DESCRIPTIONS[1])));
    let df = ctx.filter(df, keep, CleanStepId::ServiceDescriptions, &mut steps)?;

    let keep = col(Field::UnitPrice.column()).gt(lit(0.0));
    let df = ctx.filter(df, keep, CleanStepId::Prices, &mut steps)?;

    let frame = df
        .lazy()
        .with_columns([
            desc().str().to_uppercase(),
            (col(Field::Quantity.column()) * col(Field::UnitPrice.column())).alias(col::SPEND),
        ])
        .collect()
        .map_err(Error::internal("finishing the cleaned table"))?;
    let customers = frame
        .column(Field::CustomerId.column())
        .and_then(|c| c.n_unique())
        .map_err(Error::internal("counting customers"))?;
    Ok(Cleaned {
        frame,
        steps,
        customers,
        cancelled_rows: cancelled,
    })
}

struct Ctx<'a> {
    sheets: &'a [String],
}

impl Ctx<'_> {
    /// Keeps the rows where `keep` holds, recording the step.
    fn filter(
        &self,
        df: DataFrame,
        keep: Expr,
        id: CleanStepId,
        steps: &mut Vec<CleanStep>,
    ) -> Result<DataFrame, Error> {
        let rows_in = df.height();
        let examples = self.examples(df.clone().lazy().filter(keep.clone().not()))?;
        let kept = df
            .lazy()
            .filter(keep)
            .collect()
            .map_err(Error::internal(id.label()))?;
        self.record(kept, id, rows_in, examples, steps)
    }

    /// Drops exact duplicates over the eight input fields, keeping the first.
    fn dedupe(&self, df: DataFrame, steps: &mut Vec<CleanStep>) -> Result<DataFrame, Error> {
        let id = CleanStepId::Duplicates;
        let rows_in = df.height();
        let subset = cols(Field::ALL.map(Field::column));
        let kept = df
            .clone()
            .lazy()
            .unique_stable(Some(subset), UniqueKeepStrategy::First)
            .collect()
            .map_err(Error::internal(id.label()))?;
        let dropped =
            dropped_positions(&df, &kept, EXAMPLES).map_err(Error::internal(id.label()))?;
        let idx = IdxCa::from_vec("idx".into(), dropped);
        let examples = self.examples(df.take(&idx).map_err(Error::internal(id.label()))?.lazy())?;
        self.record(kept, id, rows_in, examples, steps)
    }

    fn record(
        &self,
        kept: DataFrame,
        id: CleanStepId,
        rows_in: usize,
        examples: Vec<ExampleRow>,
        steps: &mut Vec<CleanStep>,
    ) -> Result<DataFrame, Error> {
        let rows_out = kept.height();
        steps.push(CleanStep {
            id,
            rows_in,
            rows_out,
            flagged: 0,
            examples,
        });
        if rows_out == 0 {
            return Err(CleanError::NothingLeft { step: id }.into());
        }
        Ok(kept)
    }

    /// The first few rows of `lf`, as the user would see them in the file.
    fn examples(&self, lf: LazyFrame) -> Result<Vec<ExampleRow>, Error> {
        let df = lf
            .limit(EXAMPLES as IdxSize)
            .collect()
            .map_err(Error::internal("collecting examples"))?;
        example_rows(&df, self.sheets).map_err(Error::internal("formatting examples"))
    }
}

/// Positions (in `before`) of the first `limit` rows that `after`, an order-preserving
/// subset of `before`, no longer has. Rows are identified by (sheet, row).
fn dropped_positions(
    before: &DataFrame,
    after: &DataFrame,
    limit: usize,
) -> PolarsResult<Vec<IdxSize>> {
    let key = |df: &DataFrame| -> PolarsResult<Vec<(u32, u32)>> {
        let s = df.column(col::SHEET)?.u32()?.clone();
        let r = df.column(col::ROW)?.u32()?.clone();
        Ok(s.into_no_null_iter().zip(r.into_no_null_iter()).collect())
    };
    let (b, a) = (key(before)?, key(after)?);
    let mut out = Vec::new();
    let mut j = 0;
    for (i, k) in b.iter().enumerate() {
        if a.get(j) == Some(k) {
            j += 1;
        } else {
            out.push(i as IdxSize);
            if out.len() >= limit {
                break;
            }
        }
    }
    Ok(out)
}

pub(crate) fn example_rows(df: &DataFrame, sheets: &[String]) -> PolarsResult<Vec<ExampleRow>> {
    let text = |f: Field| -> PolarsResult<Vec<String>> {
        let c = df.column(f.column())?;
        Ok(match f {
            Field::InvoiceDate => c
                .i64()?
                .into_iter()
                .map(|v| v.map(format_timestamp).unwrap_or_default())
                .collect(),
            Field::Quantity | Field::UnitPrice => c
                .f64()?
                .into_iter()
                .map(|v| v.map(|x| x.to_string()).unwrap_or_default())
                .collect(),
            _ => c
                .str()?
                .into_iter()
                .map(|v| v.unwrap_or("").to_owned())
                .collect(),
        })
    };
    let columns: Vec<Vec<String>> = Field::ALL
        .into_iter()
        .map(text)
        .collect::<PolarsResult<_>>()?;
    let sheet = df.column(col::SHEET)?.u32()?.clone();
    let row = df.column(col::ROW)?.u32()?.clone();
    Ok((0..df.height())
        .map(|i| ExampleRow {
            sheet: sheet
                .get(i)
                .and_then(|s| sheets.get(s as usize))
                .cloned()
                .unwrap_or_default(),
            row: row.get(i).unwrap_or(0),
            cells: columns.iter().map(|c| c[i].clone()).collect(),
        })
        .collect())
}

/// "2010-12-01 08:26" for a timestamp in milliseconds.
pub(crate) fn format_timestamp(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.naive_utc().format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}
