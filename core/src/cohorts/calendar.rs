//! Calendar months of day numbers (days since 1970-01-01), through chrono.

use chrono::{Datelike, NaiveDate, TimeDelta};

/// `(year, month 1–12, day 1–31)` of `days` since 1970-01-01; 1970-01-01 for a day
/// number chrono cannot represent (about ±262,000 years).
pub fn civil_from_days(days: i32) -> (i32, u32, u32) {
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_signed(TimeDelta::days(i64::from(days))))
        .map_or((1970, 1, 1), |d| (d.year(), d.month(), d.day()))
}

/// A month as text, e.g. `"2010-12"`.
pub fn month_label(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

/// A running month number (`year × 12 + month − 1`) of `days` since 1970-01-01.
pub fn month_index(days: i32) -> i32 {
    let (year, month, _) = civil_from_days(days);
    year * 12 + month as i32 - 1
}

/// The label of a running month number from [`month_index`].
pub fn index_label(index: i32) -> String {
    month_label(index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}
