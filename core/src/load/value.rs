//! One cell as the loader sees it, and how each kind of cell becomes the text, number or
//! timestamp a field needs. Workbook and CSV readers both produce [`Value`]s. Dates are
//! read in [`dates`], prices and amounts in [`money`].

mod dates;
mod money;

pub(crate) use dates::{looks_like_date, parse_timestamp, time_of_day, DateColumn};
pub use dates::{DateReading, DayOrder};
pub(crate) use money::parse_money;

use chrono::NaiveDate;
use std::borrow::Cow;
use std::fmt::Write;

/// A cell, independent of the file format it came from. Text borrows from the workbook's
/// shared strings where it can, so most cells cost no allocation.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) enum Value<'a> {
    #[default]
    Empty,
    Text(Cow<'a, str>),
    Number(f64),
    /// An Excel date-time serial (days since 1899-12-30, fraction = time of day).
    DateTime(f64),
    Bool(bool),
    /// A spreadsheet error such as `#N/A`.
    Error(String),
}

impl Value<'_> {
    /// True for an empty cell or one holding only white space.
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The same cell, owning its text.
    pub(crate) fn to_static(&self) -> Value<'static> {
        match self {
            Value::Empty => Value::Empty,
            Value::Text(s) => Value::Text(Cow::Owned(s.to_string())),
            Value::Number(n) => Value::Number(*n),
            Value::DateTime(n) => Value::DateTime(*n),
            Value::Bool(b) => Value::Bool(*b),
            Value::Error(e) => Value::Error(e.clone()),
        }
    }

    /// The text a person sees in the cell. Whole numbers print without a fraction, so an
    /// invoice stored as the number 536365 and a customer stored as 17850.0 read as
    /// "536365" and "17850".
    pub(crate) fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.to_string(),
            Value::Number(n) | Value::DateTime(n) => format_number(*n),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Value::Error(e) => e.clone(),
        }
    }

    /// The cell as text for a string field: text cells as they are, other cells formatted
    /// into `buf` (reused between calls, so ids stored as numbers cost no allocation).
    pub(crate) fn as_text<'s>(&'s self, buf: &'s mut String) -> Option<&'s str> {
        match self {
            Value::Empty => None,
            Value::Text(s) if s.is_empty() => None,
            Value::Text(s) => Some(s),
            Value::Number(n) | Value::DateTime(n) => {
                buf.clear();
                write_number(buf, *n);
                Some(buf.as_str())
            }
            other => {
                *buf = other.display();
                Some(buf.as_str())
            }
        }
    }
}

/// Formats a number the way a spreadsheet shows it by default.
pub(crate) fn format_number(n: f64) -> String {
    let mut s = String::new();
    write_number(&mut s, n);
    s
}

fn write_number(out: &mut String, n: f64) {
    // Writing to a String cannot fail.
    let _ = if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        write!(out, "{}", n as i64)
    } else {
        write!(out, "{n}")
    };
}

/// An identifier (customer) written as text in a CSV export of a float column, such as
/// "17850.0", becomes "17850", the same text a workbook's numeric cell gives. One leading
/// apostrophe, Excel's mark for "keep this as text", is dropped: "'00123" is "00123", with
/// its leading zeros.
pub(crate) fn normalise_id(text: &str) -> &str {
    let trimmed = text.trim();
    let trimmed = trimmed.strip_prefix('\'').unwrap_or(trimmed);
    if let Some((int, frac)) = trimmed.split_once('.') {
        if !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && !frac.is_empty()
            && frac.bytes().all(|b| b == b'0')
        {
            return int;
        }
    }
    trimmed
}

/// Parses a number cell. `decimal_comma` accepts "2,55" (CSV files separated by `;`).
pub(crate) fn parse_number(v: &Value, decimal_comma: bool) -> Option<f64> {
    match v {
        Value::Number(n) => Some(*n),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::Text(s) => {
            let t = s.trim();
            let parsed = if decimal_comma && t.contains(',') {
                t.replace(',', ".").parse::<f64>()
            } else {
                t.parse::<f64>()
            };
            parsed.ok().filter(|x| x.is_finite())
        }
        _ => None,
    }
}

const MS_PER_DAY: i64 = 86_400_000;
/// 1970-01-01 as chrono numbers days of the common era (0001-01-01 is day 1).
const UNIX_EPOCH_CE_DAYS: i32 = 719_163;
/// Excel serial of 1970-01-01 in the 1900 date system.
const EXCEL_UNIX_EPOCH: f64 = 25_569.0;

/// Converts an Excel serial date-time to milliseconds since 1970-01-01, rounded to the
/// nearest second (serials carry float noise in the last digits).
pub(crate) fn excel_serial_to_ms(serial: f64) -> Option<i64> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let seconds = ((serial - EXCEL_UNIX_EPOCH) * 86_400.0).round();
    Some(seconds as i64 * 1000)
}

/// Calendar fields derived from a timestamp, computed once at load time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Calendar {
    /// Days since 1970-01-01.
    pub day: i32,
    /// Monday = 0.
    pub weekday: i8,
    /// 0–23, in the shop's local time.
    pub hour: i8,
    /// year × 12 + (month − 1): consecutive calendar months are consecutive numbers.
    pub month: i32,
}

/// The calendar fields of a timestamp in milliseconds since 1970-01-01.
pub(crate) fn calendar(ms: i64) -> Calendar {
    use chrono::Datelike;
    let day = ms.div_euclid(MS_PER_DAY);
    let in_day = ms.rem_euclid(MS_PER_DAY);
    let date = NaiveDate::from_num_days_from_ce_opt((day + i64::from(UNIX_EPOCH_CE_DAYS)) as i32)
        .unwrap_or(NaiveDate::MIN);
    Calendar {
        day: day as i32,
        weekday: ((day + 3).rem_euclid(7)) as i8,
        hour: (in_day / 3_600_000) as i8,
        month: date.year() * 12 + date.month0() as i32,
    }
}

#[cfg(test)]
mod tests;
