//! Per-customer recency–frequency–monetary summary from raw purchases.

use super::{ClvError, Purchase};
use serde::{Deserialize, Serialize};

/// One customer's purchase history, reduced to what the models need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerSummary {
    /// Customer index.
    pub customer: u32,
    /// Repeat transactions: purchase days after the first one.
    pub x: u32,
    /// Time from first to last purchase day, in time units.
    pub t_x: f64,
    /// Time from first purchase day to the end of observation, in time units.
    pub t: f64,
    /// `t_x` in whole days.
    pub t_x_days: i32,
    /// `t` in whole days.
    pub t_days: i32,
    /// Day of the first purchase.
    pub first_day: i32,
    /// Day of the last purchase.
    pub last_day: i32,
    /// Mean amount of the repeat transactions (0 when `x` is 0).
    pub monetary: f64,
    /// Mean amount of all transactions, the first included.
    pub mean_amount: f64,
}

/// Summarises the purchases dated up to `end_day` (later ones are ignored), one row per
/// customer with at least one such purchase, in customer order. Purchases on the same day by
/// the same customer form one transaction whose amount is their sum. Times are in units of
/// `unit_days` days, fractional.
pub fn summarise(
    purchases: &[Purchase],
    customers: usize,
    end_day: i32,
    unit_days: f64,
) -> Result<Vec<CustomerSummary>, ClvError> {
    let mut kept = Vec::with_capacity(purchases.len());
    for p in purchases {
        if p.customer as usize >= customers {
            return Err(ClvError::CustomerOutOfRange {
                customer: p.customer,
                customers,
            });
        }
        if !p.amount.is_finite() {
            return Err(ClvError::AmountNotFinite {
                customer: p.customer,
                day: p.day,
            });
        }
        if p.day <= end_day {
            kept.push(*p);
        }
    }
    kept.sort_by_key(|p| (p.customer, p.day));
    let days = daily_transactions(&kept);
    let mut out = Vec::new();
    let mut start = 0;
    while start < days.len() {
        let customer = days[start].0;
        let end = start + days[start..].iter().take_while(|d| d.0 == customer).count();
        out.push(customer_summary(
            customer,
            &days[start..end],
            end_day,
            unit_days,
        ));
        start = end;
    }
    Ok(out)
}

/// Merges sorted purchases into (customer, day, summed amount) transactions.
fn daily_transactions(sorted: &[Purchase]) -> Vec<(u32, i32, f64)> {
    let mut days: Vec<(u32, i32, f64)> = Vec::with_capacity(sorted.len());
    for p in sorted {
        match days.last_mut() {
            Some(last) if last.0 == p.customer && last.1 == p.day => last.2 += p.amount,
            _ => days.push((p.customer, p.day, p.amount)),
        }
    }
    days
}

/// Summary of one customer's non-empty, day-sorted transactions.
fn customer_summary(
    customer: u32,
    days: &[(u32, i32, f64)],
    end_day: i32,
    unit_days: f64,
) -> CustomerSummary {
    let first_day = days.first().map_or(end_day, |d| d.1);
    let last_day = days.last().map_or(end_day, |d| d.1);
    let x = days.len().saturating_sub(1);
    let total: f64 = days.iter().map(|d| d.2).sum();
    let repeat: f64 = days.iter().skip(1).map(|d| d.2).sum();
    let t_x_days = last_day - first_day;
    let t_days = end_day - first_day;
    CustomerSummary {
        customer,
        x: u32::try_from(x).unwrap_or(u32::MAX),
        t_x: f64::from(t_x_days) / unit_days,
        t: f64::from(t_days) / unit_days,
        t_x_days,
        t_days,
        first_day,
        last_day,
        monetary: if x > 0 { repeat / x as f64 } else { 0.0 },
        mean_amount: total / days.len().max(1) as f64,
    }
}

/// Median over repeat customers of their mean gap between purchase days, in days (0 when
/// there are no repeat customers).
pub fn median_gap_days(summaries: &[CustomerSummary]) -> f64 {
    let mut gaps: Vec<f64> = summaries
        .iter()
        .filter(|s| s.x > 0)
        .map(|s| f64::from(s.t_x_days) / f64::from(s.x))
        .collect();
    gaps.sort_by(f64::total_cmp);
    let n = gaps.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => gaps[n / 2],
        _ => 0.5 * (gaps[n / 2 - 1] + gaps[n / 2]),
    }
}
