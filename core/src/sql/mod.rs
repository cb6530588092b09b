//! The cleaning chain and the per-customer feature table as Spark SQL text, for running
//! them on Apache Spark (or Sail) through Spark Connect: the same rules and the same 15
//! features as the polars path, in both modes. Pure string generation, so it stays
//! wasm-safe and is tested like any other step; `segwork-spark` runs it.
//!
//! # The input: one row per line item ([`lines`])
//! `line_no` (BIGINT, the line's position in the export: the order "days between
//! consecutive line items" follows), `invoice`, `stock_code`, `description` (STRING),
//! `quantity` (DOUBLE), `invoice_date` (TIMESTAMP, the wall-clock time as written in the
//! export), `unit_price` (DOUBLE), `customer_id`, `country` (STRING) and, optionally,
//! `status` (STRING, an order's status in shop exports). `segwork export-parquet` writes
//! exactly this from any file Segwork reads, with the layout's own fixes (filled-down
//! order cells, lower-cased e-mail keys, product-name fallback) already applied.
//!
//! The session's time zone must be UTC ([`SESSION_TIME_ZONE`]): dates and hours are
//! then read as written, whichever timestamp type the Parquet carries.
//!
//! Dialect traps avoided on purpose: decimal constants are written with an exponent
//! (`1e-1`) so they are doubles, not decimals; weekdays are computed from the epoch day
//! (Monday = 0), not from a dialect's weekday function; modal values are a count per
//! value and `row_number()` ordered by count, then value.

mod clean;
mod export;
mod features;
mod score;
mod text;

pub use clean::{CleanCount, COUNT_COLUMNS};
pub use export::{line_table, loaded_from_lines, LineTable};
pub use score::{ModelSpec, OUTLIER_COLUMN, SEGMENT_COLUMN};

use crate::clean::{CleanError, CleanParams};
use crate::features::Mode;
use crate::load::Rules;
use crate::params::Check;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The time zone the SQL expects its session to use (`spark.sql.session.timeZone`).
pub const SESSION_TIME_ZONE: &str = "UTC";

/// Column names of the input (see the module documentation), defined once.
pub mod lines {
    pub const LINE_NO: &str = "line_no";
    pub const INVOICE: &str = "invoice";
    pub const STOCK_CODE: &str = "stock_code";
    pub const DESCRIPTION: &str = "description";
    pub const QUANTITY: &str = "quantity";
    pub const INVOICE_DATE: &str = "invoice_date";
    pub const UNIT_PRICE: &str = "unit_price";
    pub const CUSTOMER_ID: &str = "customer_id";
    pub const COUNTRY: &str = "country";
    /// Optional.
    pub const STATUS: &str = "status";
    /// The columns every input must have, in the order `export-parquet` writes them.
    pub const REQUIRED: [&str; 9] = [
        LINE_NO,
        INVOICE,
        STOCK_CODE,
        DESCRIPTION,
        QUANTITY,
        INVOICE_DATE,
        UNIT_PRICE,
        CUSTOMER_ID,
        COUNTRY,
    ];
}

/// The customer-id column of the feature table; the 15 features follow under their
/// [`crate::columns::Feature::name`]s.
pub const CUSTOMER_COLUMN: &str = "CustomerID";

/// What the input holds, asked of the engine before the plan is written (a file without
/// order ids keeps repeated lines; one without products skips the description rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InputProfile {
    pub has_invoice: bool,
    pub has_products: bool,
    pub has_status: bool,
}

/// What the lines' own file says about them: `segwork export-parquet` writes this into
/// the Parquet metadata, and `segwork features` reads it back when the files are local.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinesMeta {
    /// The layout the lines were read as (its cleaning rules).
    pub preset: crate::load::Preset,
    /// Fields the source file did not have.
    pub absent: Vec<crate::columns::Field>,
}

impl LinesMeta {
    /// What a loader read: a field the file does not have is absent even where the
    /// loader put a stand-in (a purchase log's order ids made of customer and day, its
    /// empty product ids).
    pub fn of(summary: &crate::load::LoadSummary) -> LinesMeta {
        LinesMeta {
            preset: summary.preset,
            absent: summary.absent.clone(),
        }
    }

    /// The profile these lines have, given whether the files carry a status column.
    pub fn profile(&self, has_status: bool) -> InputProfile {
        let absent = |f| self.absent.contains(&f);
        use crate::columns::Field;
        InputProfile {
            has_invoice: !absent(Field::Invoice),
            has_products: !(absent(Field::StockCode) && absent(Field::Description)),
            has_status,
        }
    }
}

/// What the SQL plan can be told: the layout's rules, the cleaning settings, the mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SqlParams {
    pub rules: Rules,
    pub clean: CleanParams,
    pub mode: Mode,
    pub input: InputProfile,
}

#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum SqlError {
    #[error("\"{0}\" is not a usable table name: use letters, digits and underscores.")]
    TableName(String),
    #[error(transparent)]
    Clean(#[from] CleanError),
}

impl Check for SqlParams {
    type Error = SqlError;

    fn check_ref(&self) -> Result<(), SqlError> {
        Ok(self.clean.check_ref()?)
    }
}

/// The statements of one run, all reading the view `input`: `views` are created in order
/// (`CREATE OR REPLACE TEMPORARY VIEW name AS …`), then `counts` gives the cleaning
/// table ([`COUNT_COLUMNS`]), `features` the feature table (rows in no promised order)
/// and `summary` one row: customers after cleaning, customers left out (reference mode's
/// single-line customers) and the main country.
///
/// `cached` names the views worth keeping once computed (`CACHE TABLE`): every later
/// statement reads them, and without a cache the engine would compute them again for
/// each, the duplicates' window (a sort of every line) included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub views: Vec<(String, String)>,
    pub cached: Vec<String>,
    pub counts: String,
    pub features: String,
    pub summary: String,
}

/// Columns of [`Plan::summary`].
pub const SUMMARY_COLUMNS: [&str; 3] = ["customers", "left_out", "main_country"];

/// The plan over the view `input` (letters, digits and underscores); its own views are
/// named with `input` as prefix, so two plans can share a session.
pub fn plan(input: &str, params: &crate::Valid<SqlParams>) -> Result<Plan, SqlError> {
    if input.is_empty() || !input.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(SqlError::TableName(input.to_owned()));
    }
    let names = Names::new(input);
    let mut views = clean::views(&names, params);
    views.extend(features::views(&names, params));
    Ok(Plan {
        views,
        cached: vec![clean::cached(&names)],
        counts: clean::counts(&names, params),
        features: features::table(&names, params.mode),
        summary: features::summary(&names, params.mode),
    })
}

/// The names of a plan's views.
#[derive(Debug, Clone)]
pub(crate) struct Names {
    pub input: String,
    prefix: String,
}

impl Names {
    fn new(input: &str) -> Self {
        Self {
            input: input.to_owned(),
            prefix: format!("{input}_seg_"),
        }
    }

    pub fn view(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }
}

#[cfg(test)]
mod tests;
