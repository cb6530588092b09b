//! The per-customer aggregates in polars, and their values read back by [`Aggregate`].

use super::{id_order, FeaturesError};
use crate::columns::{col, Aggregate, Field};
use crate::frame::group_by;
use crate::internal::Internal;
use polars::prelude::*;

/// The per-customer aggregates, one row per customer (order unspecified).
pub(super) fn per_customer(lf: LazyFrame) -> PolarsResult<DataFrame> {
    let f64c = |e: Expr, a: Aggregate| e.cast(DataType::Float64).alias(a.column());
    let day = || col(col::DAY);
    let invoice = || col(Field::Invoice.column());
    let aggregates = group_by(
        lf.clone(),
        &[col(Field::CustomerId.column())],
        vec![
            f64c(day().max(), Aggregate::LastDay),
            f64c(invoice().n_unique(), Aggregate::Transactions),
            f64c(col(Field::Quantity.column()).sum(), Aggregate::Quantity),
            f64c(col(col::SPEND).sum(), Aggregate::Spend),
            f64c(
                col(Field::StockCode.column()).n_unique(),
                Aggregate::Products,
            ),
            // Gaps between consecutive line items in file order; null for a single line.
            f64c((day() - day().shift(lit(1))).mean(), Aggregate::Gap),
            f64c(
                invoice().filter(col(col::CANCELLED)).n_unique(),
                Aggregate::Cancelled,
            ),
        ],
    )?;
    let key = || col(Field::CustomerId.column());
    let modal = |column: &str| most_frequent(lf.clone(), column).map(DataFrame::lazy);
    aggregates
        .lazy()
        .left_join(modal(col::WEEKDAY)?, key(), key())
        .left_join(modal(col::HOUR)?, key(), key())
        .left_join(modal(Field::Country.column())?, key(), key())
        .collect()
}

/// Each customer's most frequent value of `column` by line count, ties to the smallest.
fn most_frequent(lf: LazyFrame, column: &str) -> PolarsResult<DataFrame> {
    let by = SortMultipleOptions::default().with_order_descending_multi([true, false]);
    let counts = group_by(
        lf,
        &[col(Field::CustomerId.column()), col(column)],
        vec![len().alias(col::COUNT)],
    )?;
    group_by(
        counts.lazy(),
        &[col(Field::CustomerId.column())],
        vec![col(column)
            .sort_by([col(col::COUNT), col(column)], by)
            .first()],
    )
}

/// The country most customers are based in; ties go to the first in name order.
fn main_country<'a>(countries: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for c in countries {
        *counts.entry(c).or_default() += 1;
    }
    let most = counts.values().copied().max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == most)
        .map(|(c, _)| c.to_owned())
}

/// The per-customer aggregates as plain vectors, sorted by customer id.
pub(super) struct CustomerRows {
    pub ids: Vec<String>,
    /// Indexed by [`Aggregate::index`], then by customer.
    values: Vec<Vec<Option<f64>>>,
    /// Whether each customer's usual country is the file's main country.
    pub at_home: Vec<bool>,
    /// The country most customers are based in (the United Kingdom in Online Retail);
    /// `None` when the file has no country.
    pub main_country: Option<String>,
}

impl CustomerRows {
    pub fn from_frame(df: &DataFrame) -> Result<Self, FeaturesError> {
        let err = || Internal::polars("reading customer aggregates");
        let ids: Vec<String> = df
            .column(Field::CustomerId.column())
            .and_then(|c| {
                c.str()
                    .map(|s| s.into_iter().map(|v| v.unwrap_or("").to_owned()).collect())
            })
            .map_err(err())?;
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by(|&a, &b| id_order(&ids[a], &ids[b]));
        let values = Aggregate::ALL
            .iter()
            .map(|a| {
                let c = df
                    .column(a.column())
                    .and_then(|c| c.cast(&DataType::Float64))
                    .and_then(|c| c.f64().cloned())
                    .map_err(err())?;
                Ok(order.iter().map(|&i| c.get(i)).collect())
            })
            .collect::<Result<_, FeaturesError>>()?;
        let country = df
            .column(Field::Country.column())
            .and_then(|c| c.str().cloned())
            .map_err(err())?;
        let main_country = main_country(country.into_iter().flatten());
        let at_home = order
            .iter()
            .map(|&i| country.get(i).is_some() && country.get(i) == main_country.as_deref())
            .collect();
        let ids = order.iter().map(|&i| ids[i].clone()).collect();
        Ok(Self {
            ids,
            values,
            at_home,
            main_country,
        })
    }

    /// The aggregate of customer `i`; None where the data has none (a single line's gap).
    pub fn get(&self, a: Aggregate, i: usize) -> Option<f64> {
        self.values[a.index()].get(i).copied().flatten()
    }

    /// The aggregate of customer `i`, 0 where the data has none.
    pub fn value(&self, a: Aggregate, i: usize) -> f64 {
        self.get(a, i).unwrap_or(0.0)
    }
}
