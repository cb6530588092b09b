//! Step 3: one row of 15 features per customer (REFERENCE.md, "Customer features").
//! Transaction-level aggregation runs in polars lazy (`aggregate.rs`); the per-customer
//! monthly series statistics (mean, sample std, least-squares trend) are computed from
//! the small customer × month table (`monthly.rs`).

mod aggregate;
mod mode;
mod monthly;

pub use mode::{Mode, ParseModeError};

use crate::clean::Cleaned;
use crate::columns::{col, Aggregate, Feature};
use crate::internal::Internal;
use crate::params::{Check, Valid};
use aggregate::CustomerRows;
use monthly::SeriesStats;
use ndarray::Array2;
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use thiserror::Error;

/// What the feature step can be told.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FeatureParams {
    pub mode: Mode,
}

impl Check for FeatureParams {
    type Error = FeaturesError;

    /// Every mode is valid; the check is here so the step has the shape of the others.
    fn check_ref(&self) -> Result<(), FeaturesError> {
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum FeaturesError {
    #[error(transparent)]
    Internal(#[from] Internal),
}

/// The feature matrix, one row per customer, columns in [`Feature::ALL`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerFeatures {
    pub ids: Vec<String>,
    pub values: Array2<f64>,
    /// Customers left out of the table (reference mode: single-line customers).
    pub dropped_single_line: usize,
    /// The country the location feature compares with; `None` without a country.
    pub main_country: Option<String>,
}

pub fn features(
    cleaned: &Cleaned,
    params: &Valid<FeatureParams>,
) -> Result<CustomerFeatures, FeaturesError> {
    let lf = cleaned.frame.clone().lazy();
    let per_customer = aggregate::per_customer(lf.clone())
        .map_err(Internal::polars("computing customer features"))?;
    let monthly = monthly::stats(lf)?;
    let last_day = cleaned
        .frame
        .column(col::DAY)
        .and_then(|c| c.i32().map(|d| d.max().unwrap_or(0)))
        .map_err(Internal::polars("finding the latest invoice date"))?;
    let rows = CustomerRows::from_frame(&per_customer)?;
    // An empty table (reference mode on single-line customers only) is the model's
    // concern: it says how many customers it needed.
    Ok(assemble(&rows, &monthly, last_day, params.mode))
}

fn assemble(
    rows: &CustomerRows,
    monthly: &HashMap<String, SeriesStats>,
    last_day: i32,
    mode: Mode,
) -> CustomerFeatures {
    let n_all = rows.ids.len();
    let kept: Vec<usize> = match mode {
        Mode::Corrected => (0..n_all).collect(),
        Mode::Reference => (0..n_all)
            .filter(|&i| rows.get(Aggregate::Gap, i).is_some())
            .collect(),
    };
    let mut values = Array2::<f64>::zeros((kept.len(), Feature::COUNT));
    for (r, &i) in kept.iter().enumerate() {
        // Reference quirk: row r of the kept table is divided by the transactions of
        // row r of the full table.
        let rate_divisor = match mode {
            Mode::Corrected => rows.value(Aggregate::Transactions, i),
            Mode::Reference => rows.value(Aggregate::Transactions, r),
        };
        let m = monthly.get(&rows.ids[i]).copied().unwrap_or_default();
        let row = customer_row(rows, i, last_day, rate_divisor, m);
        values.row_mut(r).assign(&ndarray::ArrayView1::from(&row));
    }
    let ids = kept.iter().map(|&i| rows.ids[i].clone()).collect();
    CustomerFeatures {
        ids,
        values,
        dropped_single_line: n_all - kept.len(),
        main_country: rows.main_country.clone(),
    }
}

/// One customer's 15 features, in [`Feature::ALL`] order.
fn customer_row(
    rows: &CustomerRows,
    i: usize,
    last_day: i32,
    rate_divisor: f64,
    m: SeriesStats,
) -> [f64; Feature::COUNT] {
    let g = |a: Aggregate| rows.value(a, i);
    let (transactions, cancelled) = (g(Aggregate::Transactions), g(Aggregate::Cancelled));
    Feature::ALL.map(|f| match f {
        Feature::DaysSinceLastPurchase => f64::from(last_day) - g(Aggregate::LastDay),
        Feature::TotalTransactions => transactions,
        Feature::TotalProductsPurchased => g(Aggregate::Quantity),
        Feature::TotalSpend => g(Aggregate::Spend),
        Feature::AverageTransactionValue => safe_div(g(Aggregate::Spend), transactions),
        Feature::UniqueProductsPurchased => g(Aggregate::Products),
        Feature::AverageDaysBetweenPurchases => g(Aggregate::Gap),
        Feature::DayOfWeek => g(Aggregate::Weekday),
        Feature::Hour => g(Aggregate::Hour),
        Feature::IsUk => f64::from(u8::from(rows.at_home[i])),
        Feature::CancellationFrequency => cancelled,
        Feature::CancellationRate => safe_div(cancelled, rate_divisor),
        Feature::MonthlySpendingMean => m.mean,
        Feature::MonthlySpendingStd => m.std,
        Feature::SpendingTrend => m.slope,
    })
}

fn safe_div(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}

/// Customer ids sort numerically when both are numbers (as the reference's float ids
/// do), otherwise as text; numbers first.
pub fn id_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.total_cmp(&y).then_with(|| a.cmp(b)),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn ids_sort_numerically() {
        let mut ids = vec!["9", "12346", "100", "A1"];
        ids.sort_by(|a, b| id_order(a, b));
        assert_eq!(ids, ["9", "100", "12346", "A1"]);
    }
}
