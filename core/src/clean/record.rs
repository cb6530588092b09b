//! How a step is recorded: rows in and out, lines caught, examples, and a rule switched
//! off.

use super::examples::example_rows;
use super::{CleanError, CleanStep, CleanStepId, Ctx, ExampleRow};
use crate::internal::Internal;
use polars::prelude::*;

impl Ctx<'_> {
    pub(super) fn is_off(&self, id: CleanStepId) -> bool {
        self.params.off.contains(&id)
    }

    /// Records a switched-off rule: every line is kept; `caught` lines matched it.
    pub(super) fn record_off(
        &self,
        df: DataFrame,
        id: CleanStepId,
        caught: usize,
        examples: Vec<ExampleRow>,
        steps: &mut Vec<CleanStep>,
    ) -> DataFrame {
        steps.push(CleanStep {
            id,
            rule: id.rule_for(&self.rules).to_owned(),
            rows_in: df.height(),
            rows_out: df.height(),
            flagged: caught,
            off: true,
            examples,
        });
        df
    }

    pub(super) fn record(
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
            off: false,
            examples,
        });
        if rows_out == 0 {
            return Err(CleanError::NothingLeft { step: id });
        }
        Ok(kept)
    }

    /// The first few rows of `lf`, as the user would see them in the file.
    pub(super) fn examples(&self, lf: LazyFrame) -> Result<Vec<ExampleRow>, CleanError> {
        let df = lf
            .limit(self.params.examples as IdxSize)
            .collect()
            .map_err(Internal::polars("collecting examples"))?;
        Ok(example_rows(&df, self.sheets).map_err(Internal::polars("formatting examples"))?)
    }
}
