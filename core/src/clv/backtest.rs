//! Back-test: fit on a calibration period, predict the held-out final period, compare.

use super::{bgnbd, summarise, ClvParams, CustomerSummary, Purchase};
use serde::{Deserialize, Serialize};

/// Calibration repeat counts get their own bin up to this one; the last bin holds the rest.
const LAST_BIN: u32 = 7;

/// Predicted against actual hold-out purchases for customers with a given calibration
/// repeat count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrequencyBin {
    /// Repeat transactions in the calibration period (0..=6, or 7 for "7 or more").
    pub calibration_repeats: u32,
    /// True for the last bin, which holds `calibration_repeats` *or more*.
    pub or_more: bool,
    /// Customers in the bin.
    pub customers: usize,
    /// Mean predicted hold-out purchases.
    pub predicted_mean: f64,
    /// Mean actual hold-out purchases (transaction days).
    pub actual_mean: f64,
}

/// How well the model, fitted without the last `holdout_days`, predicted them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    /// Last day of the calibration period.
    pub calibration_end: i32,
    /// Days held out after it.
    pub holdout_days: u32,
    /// Customers who bought in the calibration period.
    pub customers: usize,
    /// Sum of their predicted hold-out purchases.
    pub predicted_total: f64,
    /// Sum of their actual hold-out purchases (transaction days).
    pub actual_total: f64,
    /// Mean over customers of |predicted − actual|.
    pub mean_absolute_error: f64,
    /// Predicted and actual means by calibration repeat count.
    pub by_frequency: Vec<FrequencyBin>,
}

/// Runs the back-test; on failure adds a note and returns `None`.
pub fn run(
    purchases: &[Purchase],
    customers: usize,
    end_day: i32,
    params: &ClvParams,
    notes: &mut Vec<String>,
) -> Option<Backtest> {
    match try_run(purchases, customers, end_day, params) {
        Ok(b) => Some(b),
        Err(reason) => {
            notes.push(format!("The back-test was not run: {reason}"));
            None
        }
    }
}

fn try_run(
    purchases: &[Purchase],
    customers: usize,
    end_day: i32,
    params: &ClvParams,
) -> Result<Backtest, String> {
    let unit = params.time_unit_days;
    let first = purchases
        .iter()
        .filter(|p| p.day <= end_day)
        .map(|p| p.day)
        .min();
    let span = u32::try_from(end_day - first.unwrap_or(end_day)).unwrap_or(0);
    let holdout = params.holdout_days.unwrap_or(span / 4);
    if holdout == 0 || holdout >= span {
        return Err("the data cover too short a period to hold part of it out.".to_owned());
    }
    let calibration_end = end_day - i32::try_from(holdout).unwrap_or(i32::MAX);
    let cal = summarise(purchases, customers, calibration_end, unit).map_err(|e| e.to_string())?;
    let fit = bgnbd::fit(&cal).map_err(|e| e.to_string())?;
    let actual = holdout_counts(purchases, customers, calibration_end, end_day);
    let t = f64::from(holdout) / unit;
    let pairs: Vec<(&CustomerSummary, f64, f64)> = cal
        .iter()
        .map(|s| {
            (
                s,
                fit.expected_purchases(s, t),
                actual.get(s.customer as usize).copied().unwrap_or(0.0),
            )
        })
        .collect();
    Ok(summary(&pairs, calibration_end, holdout))
}

/// Transaction days per customer in (from, to].
fn holdout_counts(purchases: &[Purchase], customers: usize, from: i32, to: i32) -> Vec<f64> {
    let mut days: Vec<(u32, i32)> = purchases
        .iter()
        .filter(|p| p.day > from && p.day <= to)
        .map(|p| (p.customer, p.day))
        .collect();
    days.sort_unstable();
    days.dedup();
    let mut counts = vec![0.0; customers];
    for (c, _) in days {
        if let Some(n) = counts.get_mut(c as usize) {
            *n += 1.0;
        }
    }
    counts
}

fn summary(pairs: &[(&CustomerSummary, f64, f64)], calibration_end: i32, holdout: u32) -> Backtest {
    let n = pairs.len();
    let predicted_total: f64 = pairs.iter().map(|p| p.1).sum();
    let actual_total: f64 = pairs.iter().map(|p| p.2).sum();
    let abs_error: f64 = pairs.iter().map(|p| (p.1 - p.2).abs()).sum();
    Backtest {
        calibration_end,
        holdout_days: holdout,
        customers: n,
        predicted_total,
        actual_total,
        mean_absolute_error: abs_error / n.max(1) as f64,
        by_frequency: (0..=LAST_BIN).filter_map(|k| bin(pairs, k)).collect(),
    }
}

/// The bin of customers with `k` calibration repeats (`k` or more for the last); `None` if
/// empty.
fn bin(pairs: &[(&CustomerSummary, f64, f64)], k: u32) -> Option<FrequencyBin> {
    let or_more = k == LAST_BIN;
    let members: Vec<_> = pairs
        .iter()
        .filter(|p| p.0.x == k || (or_more && p.0.x > k))
        .collect();
    let n = members.len();
    (n > 0).then(|| FrequencyBin {
        calibration_repeats: k,
        or_more,
        customers: n,
        predicted_mean: members.iter().map(|p| p.1).sum::<f64>() / n as f64,
        actual_mean: members.iter().map(|p| p.2).sum::<f64>() / n as f64,
    })
}
