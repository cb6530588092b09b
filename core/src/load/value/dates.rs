//! Dates as shop exports write them, read one cell at a time ([`parse_timestamp`]) or a
//! whole column at once ([`DateColumn`]), which decides from the other dates of the column
//! whether `1/2/2023` is 2 January or 1 February.
//!
//! Time zones: timestamps are the shop's local wall-clock time. An offset or zone after
//! the time (`-0700`, `+02:00`, `Z`, `UTC`, `CEST`) is checked and dropped, not applied:
//! `2023-05-31 23:06:04 -0700` is 23:06 on 31 May, not 06:06 on 1 June UTC, because a
//! marketer's "hour of day" and "day" are the shop's own.

mod text;

use super::{excel_serial_to_ms, Value, MS_PER_DAY, UNIX_EPOCH_CE_DAYS};
use chrono::{Datelike, NaiveDate};
use text::{read_text, read_time, yyyymmdd, Day, FIRST_YYYYMMDD, LAST_YYYYMMDD};

/// Which part of an `a/b/year` date is the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum DayOrder {
    /// `12/1/2010` is 1 December 2010 (US exports, the Online Retail data set).
    MonthFirst,
    /// `12/1/2010` is 12 January 2010 (European exports).
    DayFirst,
}

/// How a [`DateColumn`] read its `a/b/year` dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct DateReading {
    /// The order of the column's `a/b/year` dates, settled by the column or assumed.
    /// `None` when no date of the column reads differently in the two orders (only ISO,
    /// dotted or month-name dates, serials, or dates such as `5/5/2023`).
    pub order: Option<DayOrder>,
    /// True when the column itself settled the order: some date reads only day-first
    /// (first part over 12) or only month-first (second part over 12), and none reads
    /// only the other way. False when `order` was assumed (the caller's preference, or
    /// month-first), so a person may want to switch it.
    pub settled: bool,
    /// True when the column has dates that read only day-first and others that read only
    /// month-first. Each of those keeps the reading that exists; the ambiguous ones follow
    /// the caller's preference, or else the order more of those dates show (month-first
    /// on a tie). `settled` is false.
    pub mixed: bool,
}

/// Reads the cells of one date column, then decides the order of its `a/b/year` dates
/// from all of them. Keeps 8 bytes per cell, plus 8 per ambiguous cell.
#[derive(Debug, Default)]
pub(crate) struct DateColumn {
    /// Per cell: ms since 1970-01-01; the month-first reading of an ambiguous cell; 0 for
    /// a cell that is not a date.
    ms: Vec<i64>,
    /// Indices of the ambiguous cells, whose value changes if the column is day-first.
    ambiguous: Vec<usize>,
    /// Cells that read only day-first, and only month-first.
    only_day_first: usize,
    only_month_first: usize,
}

impl DateColumn {
    /// An empty column.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Appends the cells read from later rows.
    pub(crate) fn append(&mut self, other: DateColumn) {
        let offset = self.ms.len();
        self.ambiguous
            .extend(other.ambiguous.into_iter().map(|i| i + offset));
        self.ms.extend(other.ms);
        self.only_day_first += other.only_day_first;
        self.only_month_first += other.only_month_first;
    }

    /// Reads one cell; returns false when the cell is not a date in any order (so the
    /// caller can report it with its row). Such a cell holds 0 in [`DateColumn::finish`].
    /// `time` is the cell of a separate time-of-day column, in ms after midnight: it is
    /// the time of a cell that has none of its own (reads as midnight).
    pub(crate) fn push(&mut self, v: &Value, time: Option<u32>) -> bool {
        let own = |t: u32| if t == 0 { time.unwrap_or(0) } else { t };
        let ms = match read_value(v) {
            Some(Read::At(ms)) => {
                let in_day = ms.rem_euclid(MS_PER_DAY);
                Some(ms - in_day + i64::from(own(in_day as u32)))
            }
            Some(Read::Either { a, b, year, time }) => self.either(a, b, year, own(time)),
            None => None,
        };
        self.ms.push(ms.unwrap_or(0));
        ms.is_some()
    }

    /// The reading of an `a/b/year` cell, counting what it says about the order.
    fn either(&mut self, a: u32, b: u32, year: i32, time: u32) -> Option<i64> {
        if a <= 12 && b <= 12 {
            let ms = ymd_ms(year, a, b, time)?;
            if a != b {
                self.ambiguous.push(self.ms.len());
            }
            Some(ms)
        } else if b > 12 {
            let ms = ymd_ms(year, a, b, time)?;
            self.only_month_first += 1;
            Some(ms)
        } else {
            let ms = ymd_ms(year, b, a, time)?;
            self.only_day_first += 1;
            Some(ms)
        }
    }

    /// The timestamps (ms since 1970-01-01) in push order, once the order is decided from
    /// the whole column, and how it was decided. `preferred` is used when the column does
    /// not settle the order; a settled order wins over it.
    pub(crate) fn finish(mut self, preferred: Option<DayOrder>) -> (Vec<i64>, DateReading) {
        let reading = self.reading(preferred);
        if reading.order == Some(DayOrder::DayFirst) {
            for &i in &self.ambiguous {
                if let Some(ms) = self.ms.get_mut(i) {
                    *ms = swap_day_month(*ms).unwrap_or(*ms);
                }
            }
        }
        (self.ms, reading)
    }

    fn reading(&self, preferred: Option<DayOrder>) -> DateReading {
        let (day, month) = (self.only_day_first, self.only_month_first);
        let order = match (day > 0, month > 0) {
            (true, false) => Some(DayOrder::DayFirst),
            (false, true) => Some(DayOrder::MonthFirst),
            (false, false) if self.ambiguous.is_empty() => None,
            (false, false) => Some(preferred.unwrap_or(DayOrder::MonthFirst)),
            (true, true) if day > month => Some(preferred.unwrap_or(DayOrder::DayFirst)),
            (true, true) => Some(preferred.unwrap_or(DayOrder::MonthFirst)),
        };
        DateReading {
            order,
            settled: (day > 0) != (month > 0),
            mixed: day > 0 && month > 0,
        }
    }
}

/// Parses a timestamp cell on its own, to ms since 1970-01-01 in the shop's local time
/// (see the module doc): an Excel serial, a `yyyymmdd` number, or text such as
/// `12/1/2010 8:26`, `12/1/10 8:26`, `2010-12-01T08:26:00.000Z`, `01.12.2010 08:26`
/// (dots: day first), `2023-05-31 23:06:04 -0700`, `5/31/2023 11:06 PM`, `31-May-23`,
/// `May 31, 2023 14:05` or `19970101`. An `a/b/year` date reads month-first, as the Online
/// Retail data set writes it, so one that reads only day-first (`13/1/2010`) is `None`;
/// [`DateColumn`] decides the order from a whole column instead.
pub(crate) fn parse_timestamp(v: &Value) -> Option<i64> {
    match read_value(v)? {
        Read::At(ms) => Some(ms),
        Read::Either { a, b, year, time } => ymd_ms(year, a, b, time),
    }
}

/// A time-of-day cell, in ms after midnight: text such as `14:05`, `2:05:09 PM` or
/// `14:05:09 +01:00`, or a spreadsheet time (a fraction of a day, rounded to the
/// millisecond; a date-time cell gives its time). None for anything else.
pub(crate) fn time_of_day(v: &Value) -> Option<u32> {
    match v {
        Value::Text(t) => read_time(t.trim()),
        Value::DateTime(f) | Value::Number(f) if f.is_finite() && *f >= 0.0 => {
            let ms = (f.fract() * MS_PER_DAY as f64).round() as i64;
            u32::try_from(ms.min(MS_PER_DAY - 1)).ok()
        }
        _ => None,
    }
}

/// Whether a cell looks like a date by its content, in either day/month order: a date
/// cell, or text that reads as one. Numbers do not count (most are ids or amounts), except
/// `yyyymmdd` ones.
pub(crate) fn looks_like_date(v: &Value) -> bool {
    match v {
        Value::DateTime(_) => read_value(v).is_some(),
        Value::Number(n) => {
            let as_date = f64::from(FIRST_YYYYMMDD)..=f64::from(LAST_YYYYMMDD);
            n.fract() == 0.0 && as_date.contains(n) && read_value(v).is_some()
        }
        Value::Text(t) => {
            let t = t.trim();
            let digits_only = t.bytes().all(|b| b.is_ascii_digit());
            (!digits_only || t.len() == 8) && read_value(v).is_some()
        }
        _ => false,
    }
}

/// A cell read as a date, before a column decides the order of `a/b/year` dates.
#[derive(Debug, Clone, Copy)]
enum Read {
    /// Milliseconds since 1970-01-01: the one reading.
    At(i64),
    /// `a/b/year` at `time` ms after midnight; `a` is the month when read month-first.
    Either {
        a: u32,
        b: u32,
        year: i32,
        time: u32,
    },
}

fn read_value(v: &Value) -> Option<Read> {
    match v {
        Value::DateTime(serial) => excel_serial_to_ms(*serial).map(Read::At),
        Value::Number(n) => number_ms(*n).map(Read::At),
        Value::Text(t) => match read_text(t.trim())? {
            (Day::Ymd(y, m, d), time) => ymd_ms(y, m, d, time).map(Read::At),
            (Day::Either { a, b, year }, time) => Some(Read::Either { a, b, year, time }),
        },
        _ => None,
    }
}

/// A number cell: an Excel serial, or a `yyyymmdd` date such as 19970101. Serials end at
/// 2,958,465 (9999-12-31), so a whole number from 19000101 to 21001231 is the latter.
fn number_ms(n: f64) -> Option<i64> {
    let as_date = f64::from(FIRST_YYYYMMDD)..=f64::from(LAST_YYYYMMDD);
    if n.fract() == 0.0 && as_date.contains(&n) {
        let (y, m, d) = yyyymmdd(n as u32)?;
        return ymd_ms(y, m, d, 0);
    }
    excel_serial_to_ms(n)
}

/// Milliseconds since 1970-01-01 of a day and a time of day; `None` if there is no such day.
fn ymd_ms(year: i32, month: u32, day: u32, time: u32) -> Option<i64> {
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    Some(date_ms(date) + i64::from(time))
}

fn date_ms(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce() - UNIX_EPOCH_CE_DAYS) * MS_PER_DAY
}

/// The day-first reading of a timestamp that holds the month-first one.
fn swap_day_month(ms: i64) -> Option<i64> {
    let days = i32::try_from(ms.div_euclid(MS_PER_DAY)).ok()?;
    let date = NaiveDate::from_num_days_from_ce_opt(days.checked_add(UNIX_EPOCH_CE_DAYS)?)?;
    let swapped = NaiveDate::from_ymd_opt(date.year(), date.day(), date.month())?;
    Some(date_ms(swapped) + ms.rem_euclid(MS_PER_DAY))
}

#[cfg(test)]
mod tests;
