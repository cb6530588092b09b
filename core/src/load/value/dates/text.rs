//! The grammar of a date written as text: the date part (`12/1/2010`, `2010-12-01`,
//! `01.12.2010`, `31-May-23`, `May 31, 2023`, `19970101`) and the time part (`8:26`,
//! `08:26:00.000`, `11:06 PM`, `21:01:37-04:00`). Nothing here allocates.

mod tokens;

use tokens::{is_weekday, month_number, tokens, Tok};

/// The calendar day a text names, before a column decides the order of `a/b/year` dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Day {
    /// Year, month, day: one reading only (ISO, dotted, month names, `yyyymmdd`).
    Ymd(i32, u32, u32),
    /// `a/b/year` or `a-b-year`: `a` is the month when read month-first, the day when
    /// read day-first.
    Either { a: u32, b: u32, year: i32 },
}

/// The first and last `yyyymmdd` numbers read as dates (1900-01-01 to 2100-12-31).
pub(super) const FIRST_YYYYMMDD: u32 = 19_000_101;
pub(super) const LAST_YYYYMMDD: u32 = 21_001_231;

/// Reads `date`, `date time` or `dateTtime`: the day and the milliseconds since midnight.
pub(super) fn read_text(t: &str) -> Option<(Day, u32)> {
    let (date, time) = split_time(t)?;
    Some((read_day(date)?, time))
}

/// A `yyyymmdd` number in the range read as dates, as year, month, day.
pub(super) fn yyyymmdd(v: u32) -> Option<(i32, u32, u32)> {
    (FIRST_YYYYMMDD..=LAST_YYYYMMDD).contains(&v).then_some((
        (v / 10_000) as i32,
        v / 100 % 100,
        v % 100,
    ))
}

/// Splits the text where the time starts, at the digits before the first `:`, which must
/// follow a space or a `T`. Text without a `:` is a date alone (midnight).
fn split_time(t: &str) -> Option<(&str, u32)> {
    let Some(colon) = t.find(':') else {
        return Some((t, 0));
    };
    let bytes = t.as_bytes();
    let sep = bytes
        .get(..colon)?
        .iter()
        .rposition(|b| !b.is_ascii_digit())?;
    if !matches!(bytes.get(sep), Some(b' ' | b'T')) {
        return None;
    }
    let date = t.get(..sep)?.trim_end_matches([' ', ',']);
    Some((date, read_time(t.get(sep + 1..)?)?))
}

/// Reads `h:mm`, `h:mm:ss` or `h:mm:ss.fff`, then an optional `AM`/`PM` and an optional
/// zone, to milliseconds since midnight. The zone is checked and dropped (see the module
/// doc of `dates`).
pub(super) fn read_time(s: &str) -> Option<u32> {
    let mut c = Cursor {
        b: s.as_bytes(),
        i: 0,
    };
    let hour = c.number(2)?;
    if !c.eat(b':') {
        return None;
    }
    let minute = c.number(2)?;
    let (second, milli) = if c.eat(b':') {
        (c.number(2)?, c.fraction()?)
    } else {
        (0, 0)
    };
    let hour = c.meridiem(hour)?;
    c.zone()?;
    (hour < 24 && minute < 60 && second < 60)
        .then_some(((hour * 60 + minute) * 60 + second) * 1000 + milli)
}

/// A position in the time part.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        let found = self.peek() == Some(c);
        self.i += usize::from(found);
        found
    }

    /// Eats `word` in any case.
    fn eat_word(&mut self, word: &str) -> bool {
        let found = self
            .b
            .get(self.i..self.i + word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()));
        self.i += if found { word.len() } else { 0 };
        found
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }

    fn digit(&self) -> Option<u32> {
        self.peek()
            .filter(u8::is_ascii_digit)
            .map(|d| u32::from(d - b'0'))
    }

    /// One to `max` digits (`max` ≤ 8), and not more.
    fn number(&mut self, max: usize) -> Option<u32> {
        let start = self.i;
        let mut n = 0;
        while let Some(d) = self.digit() {
            if self.i - start == max {
                return None;
            }
            n = n * 10 + d;
            self.i += 1;
        }
        (self.i > start).then_some(n)
    }

    /// Optional fractional seconds after the seconds, as milliseconds: rounded to the
    /// nearest, at most 999.
    fn fraction(&mut self) -> Option<u32> {
        if !self.eat(b'.') {
            return Some(0);
        }
        let (mut ms, mut count, mut round_up) = (0, 0, 0);
        while let Some(d) = self.digit() {
            match count {
                0..=2 => ms = ms * 10 + d,
                3 => round_up = u32::from(d >= 5),
                _ => {}
            }
            count += 1;
            self.i += 1;
        }
        for _ in count..3 {
            ms *= 10;
        }
        (count > 0).then_some((ms + round_up).min(999))
    }

    /// Applies an optional `AM`/`PM`: `12:30 AM` is half past midnight, `12:30 PM` half
    /// past noon; with either, the hour is at most 12.
    fn meridiem(&mut self, hour: u32) -> Option<u32> {
        self.skip_spaces();
        let pm = if self.eat_word("am") {
            false
        } else if self.eat_word("pm") {
            true
        } else {
            return Some(hour);
        };
        (hour <= 12).then_some(hour % 12 + if pm { 12 } else { 0 })
    }

    /// An optional zone that ends the text: `Z`, a name of 3 to 5 capitals (`UTC`, `GMT`,
    /// `CEST`), an offset (`-0700`, `+02:00`, `+2`), or a name and an offset (`UTC+2`).
    fn zone(&mut self) -> Option<()> {
        self.skip_spaces();
        if !(self.eat(b'Z') || self.eat(b'z')) {
            let name = self
                .b
                .iter()
                .skip(self.i)
                .take_while(|b| b.is_ascii_uppercase());
            let letters = name.count();
            if letters != 0 && !(3..=5).contains(&letters) {
                return None;
            }
            self.i += letters;
            if self.eat(b'+') || self.eat(b'-') {
                self.offset()?;
            }
        }
        (self.i == self.b.len()).then_some(())
    }

    /// The digits of an offset after its sign: `hh`, `hhmm` or `hh:mm` (or `h`).
    fn offset(&mut self) -> Option<()> {
        let start = self.i;
        let n = self.number(4)?;
        let (hours, minutes) = match self.i - start {
            1 | 2 if self.eat(b':') => (n, self.number(2)?),
            1 | 2 => (n, 0),
            4 => (n / 100, n % 100),
            _ => return None,
        };
        (hours < 24 && minutes < 60).then_some(())
    }
}

/// Reads a date part, after an optional weekday (`Wed, 31 May 2023`).
fn read_day(s: &str) -> Option<Day> {
    let (toks, n) = tokens(s)?;
    let mut toks = toks.get(..n)?;
    if let [Tok::Word(w), Tok::Sep(_), rest @ ..] = toks {
        if is_weekday(w) {
            toks = rest;
        }
    }
    match *toks {
        [Tok::Num(v, 8)] => yyyymmdd(v).map(|(y, m, d)| Day::Ymd(y, m, d)),
        [Tok::Num(a, la), Tok::Sep(s1), Tok::Num(b, lb), Tok::Sep(s2), Tok::Num(c, lc)] => {
            numeric([(a, la), (b, lb), (c, lc)], [s1, s2])
        }
        _ => named(toks),
    }
}

/// `yyyy-mm-dd` (also with `/` or `.`), `a/b/yy[yy]` and `a-b-yy[yy]` (either order),
/// `dd.mm.yy[yy]` (day first, as European exports write). A year of one or two digits
/// is in 2000–2099.
fn numeric(parts: [(u32, usize); 3], seps: [u8; 2]) -> Option<Day> {
    let [(a, la), (b, lb), (c, lc)] = parts;
    if !seps.iter().all(|s| matches!(s, b'/' | b'-' | b'.')) || lb > 2 {
        return None;
    }
    if la == 4 {
        return (lc <= 2).then_some(Day::Ymd(a as i32, b, c));
    }
    if la > 2 || lc > 4 {
        return None;
    }
    let year = if lc <= 2 { 2000 + c } else { c } as i32;
    if seps.contains(&b'/') || !seps.contains(&b'.') {
        Some(Day::Either { a, b, year })
    } else {
        Some(Day::Ymd(year, b, a))
    }
}

/// A date with an English month name, separators aside: `31 May 2023`, `31-May-23`,
/// `May 31, 2023`, `2023-May-31`.
fn named(toks: &[Tok<'_>]) -> Option<Day> {
    let mut parts = toks.iter().copied().filter(|t| !matches!(t, Tok::Sep(_)));
    let (p, q, r) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let (day, month, year) = match (p, q, r) {
        (Tok::Num(d, 1 | 2), Tok::Word(m), y) | (Tok::Word(m), Tok::Num(d, 1 | 2), y) => (d, m, y),
        (y @ Tok::Num(_, 4), Tok::Word(m), Tok::Num(d, 1 | 2)) => (d, m, y),
        _ => return None,
    };
    let year = match year {
        Tok::Num(y, 4) => y as i32,
        Tok::Num(y, 2) => 2000 + y as i32,
        _ => return None,
    };
    Some(Day::Ymd(year, month_number(month)?, day))
}
