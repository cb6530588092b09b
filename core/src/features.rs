//! Step 3: one row of 15 features per customer (REFERENCE.md, "Customer features").
//! Transaction-level aggregation runs in polars lazy; the per-customer monthly series
//! statistics (mean, sample std, least-squares trend) are computed from the small
//! customer × month table.

use crate::clean::Cleaned;
use crate::columns::{col, Feature, Field};
use crate::error::Error;
use crate::frame::group_by;
use ndarray::Array2;
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How the feature table treats the two quirks of the published notebook.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mode {
    /// Every customer is kept, and each customer's cancellation rate is their own.
    #[default]
    Corrected,
    /// Reproduces the publication: customers with a single line item are dropped, and the
    /// cancellation rate divides by another customer's transaction count, by row position.
    Reference,
}

/// The feature matrix, one row per customer, columns in [`Feature::ALL`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerFeatures {
    pub ids: Vec<String>,
    pub values: Array2<f64>,
    /// Customers left out of the table (reference mode: single-line customers).
    pub dropped_single_line: usize,
}

const UK: &str = "United Kingdom";

pub fn features(cleaned: &Cleaned, mode: Mode) -> Result<CustomerFeatures, Error> {
    let err = Error::internal("computing customer features");
    let lf = cleaned.frame.clone().lazy();
    let per_customer = per_customer(lf.clone()).map_err(err)?;
    let monthly = monthly_stats(lf.clone())?;
    let last_day = cleaned
        .frame
        .column(col::DAY)
        .and_then(|c| c.i32().map(|d| d.max().unwrap_or(0)))
        .map_err(Error::internal("finding the latest invoice date"))?;
    let rows = CustomerRows::from_frame(&per_customer)?;
    Ok(assemble(rows, &monthly, last_day, mode))
}

/// The per-customer aggregates, one row per customer (order unspecified).
fn per_customer(lf: LazyFrame) -> PolarsResult<DataFrame> {
    let f64c = |e: Expr, name: &str| e.cast(DataType::Float64).alias(name);
    let day = || col(col::DAY);
    let invoice = || col(Field::Invoice.column());
    let aggregates = group_by(
        lf.clone(),
        &[col(Field::CustomerId.column())],
        vec![
            f64c(day().max(), "last_day"),
            f64c(invoice().n_unique(), "transactions"),
            f64c(col(Field::Quantity.column()).sum(), "quantity"),
            f64c(col(col::SPEND).sum(), "spend"),
            f64c(col(Field::StockCode.column()).n_unique(), "products"),
            // Gaps between consecutive line items in file order; null for a single line.
            f64c((day() - day().shift(lit(1))).mean(), "gap"),
            f64c(
                invoice().filter(col(col::CANCELLED)).n_unique(),
                "cancelled",
            ),
        ],
    )?;
    let key = Field::CustomerId.column();
    aggregates
        .lazy()
        .left_join(
            most_frequent(lf.clone(), col::WEEKDAY)?.lazy(),
            col(key),
            col(key),
        )
        .left_join(
            most_frequent(lf.clone(), col::HOUR)?.lazy(),
            col(key),
            col(key),
        )
        .left_join(
            most_frequent(lf, Field::Country.column())?.lazy(),
            col(key),
            col(key),
        )
        .collect()
}

/// Each customer's most frequent value of `column` by line count, ties to the smallest.
fn most_frequent(lf: LazyFrame, column: &str) -> PolarsResult<DataFrame> {
    let by = SortMultipleOptions::default().with_order_descending_multi([true, false]);
    let counts = group_by(
        lf,
        &[col(Field::CustomerId.column()), col(column)],
        vec![len().alias("n")],
    )?;
    group_by(
        counts.lazy(),
        &[col(Field::CustomerId.column())],
        vec![col(column).sort_by([col("n"), col(column)], by).first()],
    )
}

/// Mean, sample standard deviation and least-squares slope of a customer's spend over
/// their active calendar months, in month order.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct SeriesStats {
    pub mean: f64,
    pub std: f64,
    pub slope: f64,
}

pub(crate) fn series_stats(ys: &[f64]) -> SeriesStats {
    let n = ys.len() as f64;
    if ys.is_empty() {
        return SeriesStats::default();
    }
    let mean = ys.iter().sum::<f64>() / n;
    if ys.len() == 1 {
        return SeriesStats {
            mean,
            std: 0.0,
            slope: 0.0,
        };
    }
    let var = ys.iter().map(|y| (y - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let x_mean = (n - 1.0) / 2.0;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, y) in ys.iter().enumerate() {
        let dx = i as f64 - x_mean;
        sxy += dx * (y - mean);
        sxx += dx * dx;
    }
    SeriesStats {
        mean,
        std: var.sqrt(),
        slope: sxy / sxx,
    }
}

fn monthly_stats(lf: LazyFrame) -> Result<HashMap<String, SeriesStats>, Error> {
    let err = Error::internal("computing monthly spending");
    let key = Field::CustomerId.column();
    let df = group_by(
        lf,
        &[col(key), col(col::MONTH)],
        vec![col(col::SPEND).sum()],
    )
    .and_then(|df| df.sort([key, col::MONTH], SortMultipleOptions::default()))
    .map_err(err)?;
    let ids = df
        .column(key)
        .and_then(|c| c.str().cloned())
        .map_err(Error::internal("monthly"))?;
    let spend = df
        .column(col::SPEND)
        .and_then(|c| c.f64().cloned())
        .map_err(Error::internal("monthly"))?;
    let mut out = HashMap::new();
    let mut series: Vec<f64> = Vec::new();
    let mut current: Option<&str> = None;
    for (id, s) in ids.into_iter().zip(&spend) {
        let id = id.unwrap_or("");
        if current != Some(id) {
            if let Some(prev) = current {
                out.insert(prev.to_owned(), series_stats(&series));
            }
            series.clear();
            current = Some(id);
        }
        series.push(s.unwrap_or(0.0));
    }
    if let Some(prev) = current {
        out.insert(prev.to_owned(), series_stats(&series));
    }
    Ok(out)
}

/// The per-customer aggregates as plain vectors, sorted by customer id.
struct CustomerRows {
    ids: Vec<String>,
    cols: HashMap<&'static str, Vec<Option<f64>>>,
    uk: Vec<bool>,
}

const NUMERIC: [&str; 9] = [
    "last_day",
    "transactions",
    "quantity",
    "spend",
    "products",
    "gap",
    "cancelled",
    "weekday",
    "hour",
];

impl CustomerRows {
    fn from_frame(df: &DataFrame) -> Result<Self, Error> {
        let err = || Error::internal("reading customer aggregates");
        let ids: Vec<String> = df
            .column(Field::CustomerId.column())
            .and_then(|c| {
                c.str()
                    .map(|s| s.into_iter().map(|v| v.unwrap_or("").to_owned()).collect())
            })
            .map_err(err())?;
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by(|&a, &b| id_order(&ids[a], &ids[b]));
        let mut cols = HashMap::new();
        for name in NUMERIC {
            let c = df
                .column(name)
                .and_then(|c| c.cast(&DataType::Float64))
                .and_then(|c| c.f64().cloned())
                .map_err(err())?;
            cols.insert(name, order.iter().map(|&i| c.get(i)).collect());
        }
        let country = df
            .column(Field::Country.column())
            .and_then(|c| c.str().cloned())
            .map_err(err())?;
        let uk = order.iter().map(|&i| country.get(i) == Some(UK)).collect();
        let ids = order.iter().map(|&i| ids[i].clone()).collect();
        Ok(Self { ids, cols, uk })
    }

    fn get(&self, name: &str, i: usize) -> Option<f64> {
        self.cols.get(name).and_then(|c| c[i])
    }
}

/// Customer ids sort numerically when both are numbers (as the reference's float ids
/// do), otherwise as text; numbers first.
pub(crate) fn id_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.total_cmp(&y).then_with(|| a.cmp(b)),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

fn assemble(
    rows: CustomerRows,
    monthly: &HashMap<String, SeriesStats>,
    last_day: i32,
    mode: Mode,
) -> CustomerFeatures {
    let n_all = rows.ids.len();
    let kept: Vec<usize> = match mode {
        Mode::Corrected => (0..n_all).collect(),
        Mode::Reference => (0..n_all)
            .filter(|&i| rows.get("gap", i).is_some())
            .collect(),
    };
    let mut values = Array2::<f64>::zeros((kept.len(), Feature::COUNT));
    for (r, &i) in kept.iter().enumerate() {
        let g = |name: &str| rows.get(name, i).unwrap_or(0.0);
        let transactions = g("transactions");
        let cancelled = g("cancelled");
        // Reference quirk: row r of the kept table is divided by the transactions of
        // row r of the full table.
        let rate_divisor = match mode {
            Mode::Corrected => transactions,
            Mode::Reference => rows.get("transactions", r).unwrap_or(0.0),
        };
        let m = monthly.get(&rows.ids[i]).copied().unwrap_or_default();
        let mut row = values.row_mut(r);
        let mut set = |f: Feature, v: f64| row[f.index()] = v;
        set(
            Feature::DaysSinceLastPurchase,
            f64::from(last_day) - g("last_day"),
        );
        set(Feature::TotalTransactions, transactions);
        set(Feature::TotalProductsPurchased, g("quantity"));
        set(Feature::TotalSpend, g("spend"));
        set(
            Feature::AverageTransactionValue,
            safe_div(g("spend"), transactions),
        );
        set(Feature::UniqueProductsPurchased, g("products"));
        set(Feature::AverageDaysBetweenPurchases, g("gap"));
        set(Feature::DayOfWeek, g("weekday"));
        set(Feature::Hour, g("hour"));
        set(Feature::IsUk, f64::from(u8::from(rows.uk[i])));
        set(Feature::CancellationFrequency, cancelled);
        set(Feature::CancellationRate, safe_div(cancelled, rate_divisor));
        set(Feature::MonthlySpendingMean, m.mean);
        set(Feature::MonthlySpendingStd, m.std);
        set(Feature::SpendingTrend, m.slope);
    }
    let ids = kept.iter().map(|&i| rows.ids[i].clone()).collect();
    CustomerFeatures {
        ids,
        values,
        dropped_single_line: n_all - kept.len(),
    }
}

fn safe_div(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn series_stats_match_hand_computation() {
        let s = series_stats(&[10.0, 20.0, 60.0]);
        assert!((s.mean - 30.0).abs() < 1e-12);
        // sample variance: (400 + 100 + 900) / 2 = 700
        assert!((s.std - 700f64.sqrt()).abs() < 1e-12);
        // slope: Σ(x−1)(y−30) / Σ(x−1)² = (20 + 0 + 30) / 2 = 25
        assert!((s.slope - 25.0).abs() < 1e-12);
        assert_eq!(
            series_stats(&[5.0]),
            SeriesStats {
                mean: 5.0,
                std: 0.0,
                slope: 0.0
            }
        );
    }

    #[test]
    fn ids_sort_numerically() {
        let mut ids = vec!["9", "12346", "100", "A1"];
        ids.sort_by(|a, b| id_order(a, b));
        assert_eq!(ids, ["9", "100", "12346", "A1"]);
    }
}
