//! Step 2: the cleaning chain of the reference analysis. Each step reports rows in and
//! out, the rule it applied and a few of the rows it dropped, so the UI can show an audit
//! trail rather than a log line.

mod examples;
mod step;

pub use step::CleanStepId;

use crate::columns::{col, Field};
use crate::internal::Internal;
use crate::load::{Loaded, Rules};
use crate::params::{Check, Valid};
use examples::{dropped_positions, example_rows};
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The most example rows a step may keep.
pub const MAX_EXAMPLES: usize = 100;

/// What the chain can be told.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CleanParams {
    /// How many dropped (or flagged) rows each step keeps as examples.
    pub examples: usize,
    /// Descriptions of service lines, not products (the reference's two).
    pub service_descriptions: Vec<String>,
}

impl Default for CleanParams {
    fn default() -> Self {
        Self {
            examples: 5,
            service_descriptions: ["Next Day Carriage", "High Resolution Image"]
                .map(String::from)
                .to_vec(),
        }
    }
}

impl Check for CleanParams {
    type Error = CleanError;

    fn check_ref(&self) -> Result<(), CleanError> {
        if self.examples > MAX_EXAMPLES {
            return Err(CleanError::TooManyExamples {
                asked: self.examples,
            });
        }
        Ok(())
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
    /// The rule as this file's layout applies it.
    pub rule: String,
    pub rows_in: usize,
    pub rows_out: usize,
    /// Lines marked but kept (the cancellations step).
    pub flagged: usize,
    pub examples: Vec<ExampleRow>,
}

#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum CleanError {
    #[error("No transactions are left after the \"{}\" step ({}). Check that the file holds retail transactions with customer ids and positive prices.", .step.label(), .step.rule())]
    NothingLeft { step: CleanStepId },
    #[error("Invalid setting: a cleaning step keeps at most {MAX_EXAMPLES} example rows (asked for {asked}).")]
    TooManyExamples { asked: usize },
    #[error(transparent)]
    Internal(#[from] Internal),
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
pub fn clean(loaded: &Loaded, params: &Valid<CleanParams>) -> Result<Cleaned, CleanError> {
    let sheets: Vec<String> = loaded
        .summary
        .sheets
        .iter()
        .map(|s| s.name.clone())
        .collect();
    let ctx = Ctx {
        sheets: &sheets,
        params,
        rules: loaded.summary.preset.rules(),
    };
    let df = loaded.frame.clone();
    let mut steps = vec![CleanStep {
        id: CleanStepId::Load,
        rule: CleanStepId::Load.rule_for(&ctx.rules).to_owned(),
        rows_in: df.height(),
        rows_out: df.height(),
        flagged: 0,
        examples: vec![],
    }];
    let described = col(Field::Description.column()).is_not_null();
    let keep = col(Field::CustomerId.column())
        .is_not_null()
        .and(described.or(lit(!loaded.summary.has_products())));
    let df = ctx.filter(df, keep, CleanStepId::MissingValues, &mut steps)?;
    let df = if loaded.summary.absent.contains(&Field::Invoice) {
        ctx.keep_repeats(df, &mut steps)
    } else {
        ctx.dedupe(df, &mut steps)?
    };
    let (df, cancelled) = ctx.flag_cancellations(df, &mut steps)?;
    let df = ctx.filter(df, ctx.a_product(), CleanStepId::StockCodes, &mut steps)?;
    let df = ctx.filter(
        df,
        ctx.not_a_service(),
        CleanStepId::ServiceDescriptions,
        &mut steps,
    )?;
    let keep = col(Field::UnitPrice.column()).gt(lit(0.0));
    let df = ctx.filter(df, keep, CleanStepId::Prices, &mut steps)?;
    let frame = finish(df, &ctx.rules)?;
    let customers = frame
        .column(Field::CustomerId.column())
        .and_then(|c| c.n_unique())
        .map_err(Internal::polars("counting customers"))?;
    Ok(Cleaned {
        frame,
        steps,
        customers,
        cancelled_rows: cancelled,
    })
}

/// Upper-cases the descriptions and adds each line's spend. A refunded or cancelled order
/// whose lines are written with positive quantities (a status, not a return line) earns
/// nothing; Online Retail's cancellations are negative lines that net out by themselves.
fn finish(df: DataFrame, rules: &Rules) -> Result<DataFrame, CleanError> {
    let line = col(Field::Quantity.column()) * col(Field::UnitPrice.column());
    let spend = if rules.c_prefix_cancels {
        line
    } else {
        let undone = col(col::CANCELLED).and(col(Field::Quantity.column()).gt(lit(0.0)));
        when(undone).then(lit(0.0)).otherwise(line)
    };
    Ok(df
        .lazy()
        .with_columns([
            col(Field::Description.column()).str().to_uppercase(),
            spend.alias(col::SPEND),
        ])
        .collect()
        .map_err(Internal::polars("finishing the cleaned table"))?)
}

struct Ctx<'a> {
    sheets: &'a [String],
    params: &'a CleanParams,
    /// The rules of the file's layout.
    rules: Rules,
}

/// Order statuses that undo a sale (Shopify's financial status, WooCommerce's order
/// status). A partial refund keeps the order: which lines were refunded is not known.
const CANCELLED_STATUS: &str = r"(?i)^\s*(refunded|cancell?ed|voided|failed|returned)\s*$";

/// Names of lines that are not products (shop exports): a product id or name that starts
/// with one of these words. Online Retail's own rule is the stock-code digits.
const NOT_A_PRODUCT: &str = r"(?i)^\W*(postage|shipping|delivery|carriage|handling|fees?|bank ?charges?|adjust(ment)?|manual|discount|coupon|gift ?cards?|gift ?vouchers?|vouchers?|samples?|tips?|gratuity|service ?charge)(\W|$)";

impl Ctx<'_> {
    /// Keeps the rows where `keep` holds, recording the step.
    fn filter(
        &self,
        df: DataFrame,
        keep: Expr,
        id: CleanStepId,
        steps: &mut Vec<CleanStep>,
    ) -> Result<DataFrame, CleanError> {
        let rows_in = df.height();
        let examples = self.examples(df.clone().lazy().filter(keep.clone().not()))?;
        let kept = df
            .lazy()
            .filter(keep)
            .collect()
            .map_err(Internal::polars(id.label()))?;
        self.record(kept, id, rows_in, examples, steps)
    }

    /// True for lines whose description is not one of the service descriptions.
    fn not_a_service(&self) -> Expr {
        let desc = || col(Field::Description.column());
        self.params
            .service_descriptions
            .iter()
            .fold(lit(true), |e, s| e.and(desc().neq_missing(lit(s.as_str()))))
    }

    /// Lines that are products: Online Retail's stock codes with at least two digits;
    /// elsewhere, lines whose product id and name are not a fee, shipping, a discount, a
    /// gift card or a tip.
    fn a_product(&self) -> Expr {
        if self.rules.stock_code_digits {
            return col(Field::StockCode.column())
                .str()
                .count_matches(lit(r"\d"), false)
                .gt(lit(1));
        }
        let named = |f: Field| {
            col(f.column())
                .str()
                .contains(lit(NOT_A_PRODUCT), false)
                .fill_null(lit(false))
        };
        named(Field::StockCode).or(named(Field::Description)).not()
    }

    /// Cancellations, kept and flagged: Online Retail's invoices starting with "C"; in
    /// other layouts, lines with a negative quantity (returns) and lines of orders whose
    /// status says refunded or cancelled.
    fn cancelled(&self) -> Expr {
        if self.rules.c_prefix_cancels {
            return col(Field::Invoice.column()).str().starts_with(lit("C"));
        }
        let refunded = col(col::STATUS)
            .str()
            .contains(lit(CANCELLED_STATUS), false)
            .fill_null(lit(false));
        col(Field::Quantity.column()).lt(lit(0.0)).or(refunded)
    }

    fn flag_cancellations(
        &self,
        df: DataFrame,
        steps: &mut Vec<CleanStep>,
    ) -> Result<(DataFrame, usize), CleanError> {
        let err = Internal::polars;
        let df = df
            .lazy()
            .with_column(self.cancelled().alias(col::CANCELLED))
            .collect()
            .map_err(err("flagging cancellations"))?;
        let cancelled = df
            .column(col::CANCELLED)
            .and_then(|c| c.bool().map(|b| b.sum().unwrap_or(0) as usize))
            .map_err(err("counting cancellations"))?;
        steps.push(CleanStep {
            id: CleanStepId::Cancellations,
            rule: CleanStepId::Cancellations.rule_for(&self.rules).to_owned(),
            rows_in: df.height(),
            rows_out: df.height(),
            flagged: cancelled,
            examples: self.examples(df.clone().lazy().filter(col(col::CANCELLED)))?,
        });
        Ok((df, cancelled))
    }

    /// Without an order id, two identical lines are two purchases (the same amount bought
    /// twice on a day in a purchase log), not a line exported twice: all are kept.
    fn keep_repeats(&self, df: DataFrame, steps: &mut Vec<CleanStep>) -> DataFrame {
        steps.push(CleanStep {
            id: CleanStepId::Duplicates,
            rule: "Kept: without an order id, identical lines are separate purchases, not a line exported twice.".to_owned(),
            rows_in: df.height(),
            rows_out: df.height(),
            flagged: 0,
            examples: vec![],
        });
        df
    }

    /// Drops exact duplicates over the eight input fields, keeping the first.
    fn dedupe(&self, df: DataFrame, steps: &mut Vec<CleanStep>) -> Result<DataFrame, CleanError> {
        let id = CleanStepId::Duplicates;
        let err = || Internal::polars(id.label());
        let rows_in = df.height();
        let subset = cols(Field::ALL.map(Field::column));
        let kept = df
            .clone()
            .lazy()
            .unique_stable(Some(subset), UniqueKeepStrategy::First)
            .collect()
            .map_err(err())?;
        let dropped = dropped_positions(&df, &kept, self.params.examples).map_err(err())?;
        let idx = IdxCa::from_vec(col::INDEX.into(), dropped);
        let examples = self.examples(df.take(&idx).map_err(err())?.lazy())?;
        self.record(kept, id, rows_in, examples, steps)
    }

    fn record(
        &self,
        kept: DataFrame,
        id: CleanStepId,
        rows_in: usize,
        examples: Vec<ExampleRow>,
        steps: &mut Vec<CleanStep>,
    ) -> Result<DataFrame, CleanError> {
        let rows_out = kept.height();
        steps.push(CleanStep {
            id,
            rule: id.rule_for(&self.rules).to_owned(),
            rows_in,
            rows_out,
            flagged: 0,
            examples,
        });
        if rows_out == 0 {
            return Err(CleanError::NothingLeft { step: id });
        }
        Ok(kept)
    }

    /// The first few rows of `lf`, as the user would see them in the file.
    fn examples(&self, lf: LazyFrame) -> Result<Vec<ExampleRow>, CleanError> {
        let df = lf
            .limit(self.params.examples as IdxSize)
            .collect()
            .map_err(Internal::polars("collecting examples"))?;
        Ok(example_rows(&df, self.sheets).map_err(Internal::polars("formatting examples"))?)
    }
}

#[cfg(test)]
mod tests;
