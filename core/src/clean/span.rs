//! What the cleaned lines cover: orders, one-order customers, first and last day.

use crate::columns::{col, Field};
use polars::prelude::*;
use serde::{Deserialize, Serialize};

/// What the cleaned lines cover, in the terms a shop owner checks against their records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Distinct orders among the lines that are not cancellations or returns.
    pub orders: usize,
    /// Customers with exactly one such order.
    pub one_order_customers: usize,
    /// First and last day with a line, in days since 1970-01-01.
    pub first_day: i32,
    pub last_day: i32,
}

impl Span {
    /// Days from the first to the last, both counted.
    pub fn days(&self) -> i32 {
        self.last_day - self.first_day + 1
    }

    pub(super) fn of(frame: &DataFrame) -> PolarsResult<Span> {
        let invoice = || col(Field::Invoice.column());
        let sales = frame.clone().lazy().filter(col(col::CANCELLED).not());
        let per_customer = crate::frame::group_by(
            sales.clone(),
            &[col(Field::CustomerId.column())],
            vec![invoice().n_unique().alias(col::COUNT)],
        )?;
        let one_order_customers = per_customer
            .column(col::COUNT)?
            .as_materialized_series()
            .equal(1)?
            .sum()
            .unwrap_or(0) as usize;
        let orders = sales.select([invoice().n_unique()]).collect()?;
        let orders = orders.column(Field::Invoice.column())?.get(0)?;
        let day = frame.column(col::DAY)?.i32()?;
        Ok(Span {
            orders: orders.extract::<usize>().unwrap_or(0),
            one_order_customers,
            first_day: day.min().unwrap_or(0),
            last_day: day.max().unwrap_or(0),
        })
    }
}
