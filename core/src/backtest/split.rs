//! The time split: the last months of the data are the test period, the months before
//! them the validation period, and everything earlier the validation's training data.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Days since 1970-01-01 of 0001-01-01 in chrono's count from the common era.
const UNIX_EPOCH_FROM_CE: i32 = 719_163;

/// The periods of a backtest, as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    /// The first purchase day.
    pub first_day: i32,
    /// The first day of the validation period (validation training ends the day before).
    pub validation_from: i32,
    /// The first day of the test period (training ends the day before).
    pub test_from: i32,
    /// The last day of the data.
    pub last_day: i32,
}

impl Split {
    /// Test = the last `months` calendar months up to `last_day` (2011-12-09 → from
    /// 2011-10-09), validation = the `months` before that.
    pub fn of(first_day: i32, last_day: i32, months: u32) -> Split {
        let test_from = months_before(last_day, months);
        Split {
            first_day,
            validation_from: months_before(test_from, months),
            test_from,
            last_day,
        }
    }
}

/// The same day of the month `months` calendar months earlier (the month's last day when
/// that month is shorter).
pub(crate) fn months_before(day: i32, months: u32) -> i32 {
    let back = NaiveDate::from_num_days_from_ce_opt(day + UNIX_EPOCH_FROM_CE)
        .and_then(|d| d.checked_sub_months(Months::new(months)));
    match back {
        Some(d) => d.num_days_from_ce() - UNIX_EPOCH_FROM_CE,
        // Out of chrono's range: an average month.
        None => day - (30.44 * f64::from(months)).round() as i32,
    }
}
