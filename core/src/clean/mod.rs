//! Step 2: the cleaning chain of the reference analysis. Each step reports rows in and
//! out, the rule it applied and a few of the rows it dropped, so the UI can show an audit
//! trail rather than a log line.

mod examples;
mod params;
mod record;
pub(crate) mod rules;
mod span;
mod step;

pub use params::{CleanParams, MAX_EXAMPLES};
pub use span::Span;
pub use step::CleanStepId;

use crate::columns::{col, Field};
use crate::internal::Internal;
use crate::load::{Loaded, Rules};
use crate::params::Valid;
use examples::dropped_positions;
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use thiserror::Error;

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
    /// Lines marked but kept: the cancellations step's, or those a switched-off rule
    /// would have dropped.
    pub flagged: usize,
    /// The user switched this rule off.
    #[serde(default)]
    pub off: bool,
    pub examples: Vec<ExampleRow>,
}

#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum CleanError {
    #[error("No transactions are left after the \"{}\" step ({}). Check that the file holds retail transactions with customer ids and positive prices.", .step.label(), .step.rule())]
    NothingLeft { step: CleanStepId },
    #[error("Invalid setting: a cleaning step keeps at most {MAX_EXAMPLES} example rows (asked for {asked}).")]
    TooManyExamples { asked: usize },
    #[error("Invalid setting: the \"{}\" step cannot be switched off: the analysis needs it.", .step.label())]
    NotSwitchable { step: CleanStepId },
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
    pub span: Span,
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
        off: false,
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
    let span = Span::of(&frame).map_err(Internal::polars("counting orders and days"))?;
    Ok(Cleaned {
        frame,
        steps,
        customers,
        cancelled_rows: cancelled,
        span,
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
            .clone()
            .lazy()
            .filter(keep)
            .collect()
            .map_err(Internal::polars(id.label()))?;
        if self.is_off(id) {
            return Ok(self.record_off(df, id, rows_in - kept.height(), examples, steps));
        }
        self.record(kept, id, rows_in, examples, steps)
    }

    fn flag_cancellations(
        &self,
        df: DataFrame,
        steps: &mut Vec<CleanStep>,
    ) -> Result<(DataFrame, usize), CleanError> {
        let err = Internal::polars;
        let id = CleanStepId::Cancellations;
        let df = df
            .lazy()
            .with_column(self.cancelled().alias(col::CANCELLED))
            .collect()
            .map_err(err("flagging cancellations"))?;
        let cancelled = df
            .column(col::CANCELLED)
            .and_then(|c| c.bool().map(|b| b.sum().unwrap_or(0) as usize))
            .map_err(err("counting cancellations"))?;
        let examples = self.examples(df.clone().lazy().filter(col(col::CANCELLED)))?;
        if self.is_off(id) {
            let df = df
                .lazy()
                .with_column(lit(false).alias(col::CANCELLED))
                .collect()
                .map_err(err("keeping returns as purchases"))?;
            return Ok((self.record_off(df, id, cancelled, examples, steps), 0));
        }
        steps.push(CleanStep {
            id,
            rule: id.rule_for(&self.rules).to_owned(),
            rows_in: df.height(),
            rows_out: df.height(),
            flagged: cancelled,
            off: false,
            examples,
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
            off: false,
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
        if self.is_off(id) {
            return Ok(self.record_off(df, id, rows_in - kept.height(), examples, steps));
        }
        self.record(kept, id, rows_in, examples, steps)
    }
}

#[cfg(test)]
mod tests;
