//! Monthly acquisition cohorts: customers grouped by the calendar month of their first
//! purchase, followed month by month (how many come back, how much they spend).

pub mod calendar;
#[cfg(test)]
mod tests;

use crate::ledger::ratio;
use crate::ledger::Ledger;
use crate::params::{Check, Valid};
use calendar::{index_label, month_index};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// What the cohort step can be told.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct CohortParams {
    /// The last month offset to report (`Some(6)` keeps +0 … +6); `None` = every month.
    pub max_months: Option<u32>,
    /// Cohorts with fewer customers are left out, averages included.
    pub min_cohort_size: usize,
}

impl Default for CohortParams {
    fn default() -> Self {
        Self {
            max_months: None,
            min_cohort_size: 1,
        }
    }
}

/// Why the cohorts could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum CohortError {
    /// The minimum cohort size is 0.
    #[error("Invalid setting: the minimum cohort size must be at least 1 customer.")]
    MinCohortSize,
    /// No purchases at all.
    #[error("Cohorts need at least one purchase; this file has none after cleaning.")]
    NoPurchases,
    /// Every cohort is below the minimum size.
    #[error("No monthly cohort has {min_cohort_size} customers or more (the largest has {largest}); lower the minimum cohort size.")]
    NoCohortLargeEnough {
        /// The minimum asked for.
        min_cohort_size: usize,
        /// The largest cohort's size.
        largest: usize,
    },
}

impl Check for CohortParams {
    type Error = CohortError;

    fn check_ref(&self) -> Result<(), CohortError> {
        if self.min_cohort_size == 0 {
            return Err(CohortError::MinCohortSize);
        }
        Ok(())
    }
}

/// The cohort table. Row `i` is one cohort; its columns are month offsets +0, +1, … up to
/// the data's last month (or `max_months`), so later cohorts have shorter rows (a triangle).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortReport {
    /// Each cohort's first-purchase month, e.g. "2010-12", oldest first.
    pub labels: Vec<String>,
    /// Customers in each cohort.
    pub sizes: Vec<usize>,
    /// Each cohort's revenue in its first month.
    pub first_month_revenue: Vec<f64>,
    /// Customers of the cohort with a purchase in month +m.
    pub active: Vec<Vec<usize>>,
    /// `active / size` (0–1); month +0 is always 1.
    pub retention: Vec<Vec<f64>>,
    /// Revenue in month +m over revenue in month +0 (0 when month +0 had none).
    pub revenue_retention: Vec<Vec<f64>>,
    /// Per offset, active over size summed over the cohorts that reach it.
    pub average_retention: Vec<f64>,
    /// Per offset, revenue over first-month revenue summed over the cohorts that reach it.
    pub average_revenue_retention: Vec<f64>,
    /// The data's last month, e.g. "2011-12".
    pub last_month: String,
}

/// One cohort's counts, before ratios.
struct Row {
    month: i32,
    size: usize,
    active: Vec<usize>,
    revenue: Vec<f64>,
}

/// Monthly acquisition cohorts of the ledger's customers.
pub fn cohorts(ledger: &Ledger, params: &Valid<CohortParams>) -> Result<CohortReport, CohortError> {
    let first = first_months(ledger);
    let first_month = first
        .iter()
        .flatten()
        .copied()
        .min()
        .ok_or(CohortError::NoPurchases)?;
    let last_purchase = ledger
        .lines
        .iter()
        .map(|l| l.day)
        .max()
        .unwrap_or(ledger.last_day);
    let last_month = month_index(ledger.last_day.max(last_purchase));
    let mut rows = count(ledger, &first, first_month, last_month);
    let largest = rows.iter().map(|r| r.size).max().unwrap_or(0);
    rows.retain(|r| r.size >= params.min_cohort_size);
    if rows.is_empty() {
        return Err(CohortError::NoCohortLargeEnough {
            min_cohort_size: params.min_cohort_size,
            largest,
        });
    }
    if let Some(max) = params.max_months {
        let keep = max as usize + 1;
        for row in &mut rows {
            row.active.truncate(keep);
            row.revenue.truncate(keep);
        }
    }
    Ok(report(&rows, index_label(last_month)))
}

/// Each customer index's first purchase month (running month number), if it bought.
fn first_months(ledger: &Ledger) -> Vec<Option<i32>> {
    let size = ledger.customer_slots();
    let mut first_day = vec![None::<i32>; size];
    for line in &ledger.lines {
        if let Some(day) = first_day.get_mut(line.customer as usize) {
            *day = Some(day.map_or(line.day, |d| d.min(line.day)));
        }
    }
    first_day.into_iter().map(|d| d.map(month_index)).collect()
}

/// Sizes, active customers and revenue of every non-empty cohort, oldest first.
fn count(ledger: &Ledger, first: &[Option<i32>], from: i32, to: i32) -> Vec<Row> {
    let mut rows: Vec<Row> = (from..=to)
        .map(|month| {
            let width = (to - month + 1) as usize;
            Row {
                month,
                size: 0,
                active: vec![0; width],
                revenue: vec![0.0; width],
            }
        })
        .collect();
    for cohort in first.iter().flatten() {
        if let Some(row) = rows.get_mut((cohort - from) as usize) {
            row.size += 1;
        }
    }
    let mut visits: Vec<u64> = Vec::with_capacity(ledger.lines.len());
    let mut month = Months::default();
    for line in &ledger.lines {
        let Some(&Some(cohort)) = first.get(line.customer as usize) else {
            continue;
        };
        let offset = month.of(line.day) - cohort;
        visits.push((u64::from(line.customer) << 32) | u64::from(offset as u32));
        let row = rows.get_mut((cohort - from) as usize);
        if let Some(cell) = row.and_then(|r| r.revenue.get_mut(offset as usize)) {
            *cell += line.spend;
        }
    }
    visits.sort_unstable();
    visits.dedup();
    for visit in visits {
        let (customer, offset) = ((visit >> 32) as usize, visit as u32 as i32);
        let Some(&Some(cohort)) = first.get(customer) else {
            continue;
        };
        let row = rows.get_mut((cohort - from) as usize);
        if let Some(cell) = row.and_then(|r| r.active.get_mut(offset as usize)) {
            *cell += 1;
        }
    }
    rows.retain(|r| r.size > 0);
    rows
}

/// [`month_index`] with the last answer remembered: lines of one order share their day.
#[derive(Default)]
struct Months {
    last: Option<(i32, i32)>,
}

impl Months {
    /// The running month number of `day`.
    fn of(&mut self, day: i32) -> i32 {
        match self.last {
            Some((d, m)) if d == day => m,
            _ => {
                let m = month_index(day);
                self.last = Some((day, m));
                m
            }
        }
    }
}

/// The report of the kept cohorts.
fn report(rows: &[Row], last_month: String) -> CohortReport {
    let first_revenue = |r: &Row| r.revenue.first().copied().unwrap_or(0.0);
    CohortReport {
        labels: rows.iter().map(|r| index_label(r.month)).collect(),
        sizes: rows.iter().map(|r| r.size).collect(),
        first_month_revenue: rows.iter().map(first_revenue).collect(),
        active: rows.iter().map(|r| r.active.clone()).collect(),
        retention: rows
            .iter()
            .map(|r| {
                r.active
                    .iter()
                    .map(|&a| ratio(a as f64, r.size as f64))
                    .collect()
            })
            .collect(),
        revenue_retention: rows
            .iter()
            .map(|r| {
                r.revenue
                    .iter()
                    .map(|&v| ratio(v, first_revenue(r)))
                    .collect()
            })
            .collect(),
        average_retention: averages(rows, |r, m| {
            (r.active.get(m).map_or(0.0, |&a| a as f64), r.size as f64)
        }),
        average_revenue_retention: averages(rows, |r, m| {
            (r.revenue.get(m).copied().unwrap_or(0.0), first_revenue(r))
        }),
        last_month,
    }
}

/// Per offset, Σ numerator / Σ denominator over the rows long enough to have it.
fn averages(rows: &[Row], part: impl Fn(&Row, usize) -> (f64, f64)) -> Vec<f64> {
    let width = rows.iter().map(|r| r.active.len()).max().unwrap_or(0);
    (0..width)
        .map(|m| {
            let (num, den) = rows
                .iter()
                .filter(|r| r.active.len() > m)
                .map(|r| part(r, m))
                .fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
            ratio(num, den)
        })
        .collect()
}
