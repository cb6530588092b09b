//! RFM: each customer's recency, frequency and monetary value, scored 1–5 by quintiles and
//! read as one of ten named segments (Champions, At Risk, …) with a suggested action.
//!
//! Scores follow the usual notebook recipe exactly (see [`score`]): R is `qcut` of the
//! recency in days with labels reversed (most recent = 5); F and M are `qcut` of the
//! first-come ranks of frequency and monetary value (ties by customer id).

mod score;
mod segment;
#[cfg(test)]
mod tests;
mod totals;

pub use segment::RfmSegment;

use crate::ledger::ratio;
use crate::ledger::Ledger;
use crate::params::{Check, Valid};
use crate::pipeline::iso_day as date_label;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use totals::{totals, Totals};

/// What the RFM step can be told.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RfmParams {
    /// The day recency is measured from (days since 1970-01-01); `None` = the data's last
    /// day (`Ledger::last_day`, or the last purchase if that is later).
    pub as_of: Option<i32>,
}

/// Why RFM could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum RfmError {
    /// No customer has a purchase.
    #[error("RFM needs at least one customer with a purchase; this file has none after cleaning.")]
    NoCustomers,
    /// The reference date is before someone's last purchase.
    #[error(
        "The RFM reference date ({}) is before the last purchase in the data ({}); choose a date on or after it.",
        date_label(*as_of),
        date_label(*last_purchase_day)
    )]
    AsOfBeforeData {
        /// The reference day asked for.
        as_of: i32,
        /// The last purchase day in the data.
        last_purchase_day: i32,
    },
}

impl Check for RfmParams {
    type Error = RfmError;

    /// Any reference day is acceptable until it meets the data.
    fn check_ref(&self) -> Result<(), RfmError> {
        Ok(())
    }
}

/// One customer's RFM values, scores and segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerRfm {
    /// Index into `Ledger::customers`.
    pub customer: u32,
    /// Days from the last purchase to the reference day.
    pub recency_days: i32,
    /// Distinct orders.
    pub frequency: u32,
    /// Total spend.
    pub monetary: f64,
    /// Recency score, 5 = most recent.
    pub r: u8,
    /// Frequency score, 5 = most orders.
    pub f: u8,
    /// Monetary score, 5 = highest spend.
    pub m: u8,
    /// The named segment of `r` and `f`.
    pub segment: RfmSegment,
}

/// One segment's size and averages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentSummary {
    /// The segment.
    pub segment: RfmSegment,
    /// Customers in it.
    pub customers: usize,
    /// Its share of all scored customers (0–1).
    pub customer_share: f64,
    /// Its share of all revenue (0–1).
    pub revenue_share: f64,
    /// Mean days since the last purchase (0 when empty).
    pub mean_recency_days: f64,
    /// Mean distinct orders (0 when empty).
    pub mean_frequency: f64,
    /// Mean total spend (0 when empty).
    pub mean_spend: f64,
}

/// The RFM step's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RfmReport {
    /// The reference day recency was measured from.
    pub as_of: i32,
    /// Every customer with a purchase, by ascending customer index.
    pub customers: Vec<CustomerRfm>,
    /// Customer counts by score: `grid[r - 1][f - 1]`.
    pub grid: [[usize; 5]; 5],
    /// One summary per segment, in [`RfmSegment::ALL`] order, empty segments included.
    pub segments: Vec<SegmentSummary>,
}

impl RfmReport {
    /// The segment of a customer (index into `Ledger::customers`), if it has purchases.
    pub fn segment_of(&self, customer: u32) -> Option<RfmSegment> {
        let i = self
            .customers
            .binary_search_by_key(&customer, |c| c.customer)
            .ok()?;
        self.customers.get(i).map(|c| c.segment)
    }

    /// Customers counted by RFM segment × another labelling (e.g. K-Means segments).
    ///
    /// `labels[c]` is customer index `c`'s label in `0..n`. Returns one row per segment in
    /// [`RfmSegment::ALL`] order, each with `n + 1` counts: labels `0..n`, then customers
    /// with no label (`None`, out of range, or beyond `labels`).
    pub fn cross(&self, labels: &[Option<usize>], n: usize) -> Vec<Vec<usize>> {
        let mut rows = vec![vec![0; n + 1]; RfmSegment::ALL.len()];
        for c in &self.customers {
            let label = labels.get(c.customer as usize).copied().flatten();
            let column = label.filter(|&l| l < n).unwrap_or(n);
            let cell = rows
                .get_mut(c.segment.position())
                .and_then(|row| row.get_mut(column));
            if let Some(cell) = cell {
                *cell += 1;
            }
        }
        rows
    }
}

/// RFM values, scores and segments of every customer with a purchase.
pub fn rfm(ledger: &Ledger, params: &Valid<RfmParams>) -> Result<RfmReport, RfmError> {
    let buyers = totals(ledger);
    let last_purchase_day = buyers
        .iter()
        .map(|b| b.last_day)
        .max()
        .ok_or(RfmError::NoCustomers)?;
    let as_of = params
        .as_of
        .unwrap_or_else(|| ledger.last_day.max(last_purchase_day));
    if as_of < last_purchase_day {
        return Err(RfmError::AsOfBeforeData {
            as_of,
            last_purchase_day,
        });
    }
    let customers = scored(&buyers, as_of);
    Ok(RfmReport {
        as_of,
        grid: grid(&customers),
        segments: summaries(&customers),
        customers,
    })
}

/// Scores and segments of the buyers.
fn scored(buyers: &[Totals], as_of: i32) -> Vec<CustomerRfm> {
    let recency: Vec<f64> = buyers
        .iter()
        .map(|b| f64::from(as_of - b.last_day))
        .collect();
    let frequency: Vec<f64> = buyers.iter().map(|b| f64::from(b.orders)).collect();
    let monetary: Vec<f64> = buyers.iter().map(|b| b.spend).collect();
    let r = score::quintile_scores(&recency);
    let f = score::rank_scores(&frequency);
    let m = score::rank_scores(&monetary);
    buyers
        .iter()
        .zip(r)
        .zip(f)
        .zip(m)
        .map(|(((b, r), f), m)| {
            let r = 6 - r;
            CustomerRfm {
                customer: b.customer,
                recency_days: as_of - b.last_day,
                frequency: b.orders,
                monetary: b.spend,
                r,
                f,
                m,
                segment: RfmSegment::of(r, f),
            }
        })
        .collect()
}

/// Customer counts by R (rows) and F (columns).
fn grid(customers: &[CustomerRfm]) -> [[usize; 5]; 5] {
    let mut grid = [[0; 5]; 5];
    for c in customers {
        let row = grid.get_mut(usize::from(c.r.saturating_sub(1)));
        if let Some(cell) = row.and_then(|row| row.get_mut(usize::from(c.f.saturating_sub(1)))) {
            *cell += 1;
        }
    }
    grid
}

/// One summary per segment, in `RfmSegment::ALL` order.
fn summaries(customers: &[CustomerRfm]) -> Vec<SegmentSummary> {
    let total = customers.len();
    let revenue = sum(customers.iter().map(|c| c.monetary));
    RfmSegment::ALL
        .into_iter()
        .map(|segment| {
            let members: Vec<&CustomerRfm> =
                customers.iter().filter(|c| c.segment == segment).collect();
            let n = members.len();
            let mean =
                |f: fn(&CustomerRfm) -> f64| ratio(sum(members.iter().map(|c| f(c))), n as f64);
            SegmentSummary {
                segment,
                customers: n,
                customer_share: ratio(n as f64, total as f64),
                revenue_share: ratio(sum(members.iter().map(|c| c.monetary)), revenue),
                mean_recency_days: mean(|c| f64::from(c.recency_days)),
                mean_frequency: mean(|c| f64::from(c.frequency)),
                mean_spend: mean(|c| c.monetary),
            }
        })
        .collect()
}

/// The sum of `values`, 0.0 (not -0.0) when there are none.
fn sum(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |a, b| a + b)
}
