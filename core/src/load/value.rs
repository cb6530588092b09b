//! One cell as the loader sees it, and how each kind of cell becomes the text, number or
//! timestamp a field needs. Workbook and CSV readers both produce [`Value`]s.

use chrono::{NaiveDate, NaiveDateTime};
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
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
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
/// "17850.0", becomes "17850", the same text a workbook's numeric cell gives.
pub(crate) fn normalise_id(text: &str) -> &str {
    let trimmed = text.trim();
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

/// Parses a timestamp cell: an Excel serial, or text in the formats seen in exports of
/// the data set: `12/1/2010 8:26`, `12/1/10 8:26` (month first), `2010-12-01 08:26:00`,
/// `2010-12-01T08:26:00`, and `01.12.2010 08:26` (day first, as European exports write).
pub(crate) fn parse_timestamp(v: &Value) -> Option<i64> {
    match v {
        Value::DateTime(s) | Value::Number(s) => excel_serial_to_ms(*s),
        Value::Text(t) => parse_date_text(t.trim()).map(|dt| dt.and_utc().timestamp_millis()),
        _ => None,
    }
}

fn parse_date_text(t: &str) -> Option<NaiveDateTime> {
    let (date, time) = match t.find([' ', 'T']) {
        Some(i) => (&t[..i], t[i + 1..].trim()),
        None => (t, ""),
    };
    let date = parse_date_part(date)?;
    let (h, m, s, ms) = if time.is_empty() {
        (0, 0, 0, 0)
    } else {
        parse_time_part(time)?
    };
    date.and_hms_milli_opt(h, m, s, ms)
}

fn parse_date_part(d: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = d.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|x| x.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (na, nb, nc) = (num(a)?, num(b)?, num(c)?);
    let year = |s: &str, n: u32| -> i32 {
        if s.len() <= 2 {
            2000 + n as i32
        } else {
            n as i32
        }
    };
    if d.contains('-') && a.len() == 4 {
        NaiveDate::from_ymd_opt(na as i32, nb, nc)
    } else if d.contains('/') {
        NaiveDate::from_ymd_opt(year(c, nc), na, nb)
    } else if d.contains('.') {
        NaiveDate::from_ymd_opt(year(c, nc), nb, na)
    } else {
        None
    }
}

fn parse_time_part(t: &str) -> Option<(u32, u32, u32, u32)> {
    let mut it = t.split(':');
    let h: u32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let (s, ms) = match it.next() {
        None => (0, 0),
        Some(sec) => {
            let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
            let ms = if frac.is_empty() {
                0
            } else {
                let f: f64 = format!("0.{frac}").parse().ok()?;
                (f * 1000.0).round() as u32
            };
            (whole.parse().ok()?, ms.min(999))
        }
    };
    if it.next().is_some() {
        return None;
    }
    Some((h, m, s, ms))
}

/// Calendar fields derived from a timestamp, computed once at load time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Calendar {
    /// Days since 1970-01-01.
    pub day: i32,
    /// Monday = 0.
    pub weekday: i8,
    pub hour: i8,
    /// year × 12 + (month − 1): consecutive calendar months are consecutive numbers.
    pub month: i32,
}

pub(crate) fn calendar(ms: i64) -> Calendar {
    use chrono::Datelike;
    let day = ms.div_euclid(MS_PER_DAY);
    let in_day = ms.rem_euclid(MS_PER_DAY);
    let date =
        NaiveDate::from_num_days_from_ce_opt((day + 719_163) as i32).unwrap_or(NaiveDate::MIN);
    Calendar {
        day: day as i32,
        weekday: ((day + 3).rem_euclid(7)) as i8,
        hour: (in_day / 3_600_000) as i8,
        month: date.year() * 12 + date.month0() as i32,
    }
}

#[cfg(test)]
mod tests;
