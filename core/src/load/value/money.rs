//! Prices and amounts as shop exports write them: `$1,234.56`, `1.234,56 €`, `USD 12.50`,
//! `($12.50)`, `12.50-`. Quantities stay with `parse_number`.
//!
//! Which of `.` and `,` is the decimal mark:
//! - both present (`1,234.56`, `1.234,56`): the later one, whatever `decimal_comma` says;
//! - one of them, repeated (`1,234,567`): thousands separators;
//! - one of them, once: the file's mark (`decimal_comma`) is the decimal mark. The other
//!   mark is a thousands separator when 3 digits follow it (`1,234`; with `decimal_comma`,
//!   `1.234`), with two exceptions: without `decimal_comma`, `12,50` (exactly two digits
//!   after the comma) is 12.5, as a European price in a comma-separated file; with
//!   `decimal_comma`, a dot that cannot separate thousands (`12.5`, `0.500`) is the
//!   decimal mark, as `parse_number` reads it.
//!
//! Thousands are also separated by spaces (including no-break and narrow no-break spaces)
//! and apostrophes (`1'234.50`). Groups are checked: 1 to 3 digits, not starting with 0,
//! then groups of exactly 3, one kind of separator.

use super::Value;

/// Reads a price or an amount: a number cell, or text with an optional currency before or
/// after the number (`$`, `£`, `€`, `¥`, `US$`, `CA$`, an ISO code such as `USD` or `EUR`,
/// with or without a space), thousands separators, and a sign: `-` or `+` in front, `-`
/// behind (`12.50-`) or parentheses (`($12.50)`) for a negative amount. `decimal_comma`
/// is the file's decimal mark (see the module doc). `None` for text that is not money
/// (`abc`, `12/1/2010`, empty) and for non-number cells (dates, booleans, errors).
pub(crate) fn parse_money(v: &Value, decimal_comma: bool) -> Option<f64> {
    match v {
        Value::Number(n) => n.is_finite().then_some(*n),
        Value::Text(t) => read_money(t.trim(), decimal_comma),
        _ => None,
    }
}

fn read_money(s: &str, decimal_comma: bool) -> Option<f64> {
    let (start, end) = digits_span(s)?;
    let before = Marks::read(s.get(..start)?, true)?;
    let after = Marks::read(s.get(end..)?, false)?;
    let negative = negative(before, after)?;
    let x = read_amount(s.get(start..end)?, decimal_comma)?;
    Some(if negative { -x } else { x })
}

/// Where the number is: from its first digit (or a `.` or `,` just before it, as in `.50`,
/// unless a letter precedes that mark, as in `Rs.50`) to its last digit.
fn digits_span(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let first = b.iter().position(u8::is_ascii_digit)?;
    let end = b.iter().rposition(u8::is_ascii_digit)? + 1;
    let mark_before = first
        .checked_sub(1)
        .filter(|&i| matches!(b.get(i), Some(b'.' | b',')))
        .filter(|&i| {
            !i.checked_sub(1)
                .and_then(|j| b.get(j))
                .is_some_and(u8::is_ascii_alphabetic)
        });
    Some((mark_before.unwrap_or(first), end))
}

/// What surrounds the number: spaces, at most one currency, one sign, one parenthesis.
#[derive(Debug, Default, Clone, Copy)]
struct Marks {
    minus: bool,
    plus: bool,
    paren: bool,
}

impl Marks {
    /// Reads the text before (`lead`) or after the number. `+` and `(` only lead, `)`
    /// only follows.
    fn read(mut s: &str, lead: bool) -> Option<Marks> {
        let (mut m, mut currency) = (Marks::default(), false);
        loop {
            s = s.trim_start();
            let Some(c) = s.chars().next() else {
                return Some(m);
            };
            let signed = m.minus || m.plus;
            match c {
                '-' | '\u{2212}' if !signed => m.minus = true,
                '+' if lead && !signed => m.plus = true,
                '(' if lead && !m.paren => m.paren = true,
                ')' if !lead && !m.paren => m.paren = true,
                _ if !currency => {
                    s = strip_currency(s)?;
                    currency = true;
                    continue;
                }
                _ => return None,
            }
            s = s.get(c.len_utf8()..)?;
        }
    }
}

/// Whether the amount is negative; `None` for unmatched parentheses or two signs.
fn negative(before: Marks, after: Marks) -> Option<bool> {
    let signs = [before.minus, before.plus, after.minus];
    let signs = signs.iter().filter(|&&s| s).count();
    if before.paren != after.paren || signs > 1 || (before.paren && signs > 0) {
        return None;
    }
    Some(before.paren || before.minus || after.minus)
}

/// Currency symbols and abbreviations, longest first where one starts another.
const SYMBOLS: [&str; 21] = [
    "$", "£", "€", "¥", "₹", "₩", "₽", "₺", "₪", "₱", "₫", "฿", "₴", "₦", "zł", "kr.", "kr", "Kč",
    "Ft", "Rs.", "Rs",
];

/// The text after a currency at the start of `s`: a symbol, 1 to 3 capitals and `$`
/// (`US$`, `CA$`, `A$`, `R$`), or an ISO code (3 capitals: `USD`, `EUR`, `GBP`).
fn strip_currency(s: &str) -> Option<&str> {
    if let Some(rest) = SYMBOLS.iter().find_map(|sym| s.strip_prefix(sym)) {
        return Some(rest);
    }
    let capitals = s.bytes().take_while(u8::is_ascii_uppercase).count();
    let rest = s.get(capitals..)?;
    match rest.strip_prefix('$') {
        Some(after) if (1..=3).contains(&capitals) => Some(after),
        _ if capitals == 3 && !rest.starts_with(|c: char| c.is_alphanumeric()) => Some(rest),
        _ => None,
    }
}

/// Reads the number itself, from its first to its last digit.
fn read_amount(core: &str, decimal_comma: bool) -> Option<f64> {
    let point = decimal_point(core, decimal_comma);
    let (int, frac) = match point {
        Some(i) => (core.get(..i)?, core.get(i + 1..)?),
        None => (core, ""),
    };
    let mut buf = Digits::default();
    if int.is_empty() {
        buf.push(b'0')?;
    }
    push_grouped(int, &mut buf)?;
    if point.is_some() {
        buf.push(b'.')?;
        for b in frac.bytes() {
            buf.push(b.is_ascii_digit().then_some(b)?)?;
        }
    }
    let text = std::str::from_utf8(buf.bytes.get(..buf.len)?).ok()?;
    text.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Byte index of the decimal mark, if the number has one (rules in the module doc).
fn decimal_point(core: &str, decimal_comma: bool) -> Option<usize> {
    match (core.rfind('.'), core.rfind(',')) {
        (Some(dot), Some(comma)) => Some(dot.max(comma)),
        (Some(dot), None) => single_mark(core, dot, decimal_comma, '.'),
        (None, Some(comma)) => single_mark(core, comma, decimal_comma, ','),
        (None, None) => None,
    }
}

/// The decimal mark, if the number's only `mark` (the last at `at`) is one.
fn single_mark(core: &str, at: usize, decimal_comma: bool, mark: char) -> Option<usize> {
    let (int, frac) = (core.get(..at)?, core.get(at + 1..)?);
    if int.contains(mark) {
        return None;
    }
    let decimal = if decimal_comma == (mark == ',') {
        true
    } else if mark == ',' {
        frac.len() == 2
    } else {
        let group = (1..=3).contains(&int.len())
            && !int.starts_with('0')
            && int.bytes().all(|b| b.is_ascii_digit());
        !(frac.len() == 3 && group)
    };
    decimal.then_some(at)
}

/// Kinds of thousands separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    Comma,
    Dot,
    Space,
    Apostrophe,
}

fn separator(c: char) -> Option<Separator> {
    match c {
        ',' => Some(Separator::Comma),
        '.' => Some(Separator::Dot),
        ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' => Some(Separator::Space),
        '\'' | '\u{2019}' => Some(Separator::Apostrophe),
        _ => None,
    }
}

/// Copies the digits of the whole part, checking its thousands groups.
fn push_grouped(int: &str, buf: &mut Digits) -> Option<()> {
    let (mut kind, mut group, mut groups) = (None, 0, 0);
    for c in int.chars() {
        if c.is_ascii_digit() {
            buf.push(c as u8)?;
            group += 1;
            continue;
        }
        let sep = separator(c)?;
        let first_ok = (1..=3).contains(&group) && !int.starts_with('0');
        if *kind.get_or_insert(sep) != sep
            || (groups == 0 && !first_ok)
            || (groups > 0 && group != 3)
        {
            return None;
        }
        groups += 1;
        group = 0;
    }
    (groups == 0 || group == 3).then_some(())
}

/// The digits of an amount as plain text (`1234.56`), on the stack.
#[derive(Debug)]
struct Digits {
    bytes: [u8; 40],
    len: usize,
}

impl Default for Digits {
    fn default() -> Self {
        Digits {
            bytes: [0; 40],
            len: 0,
        }
    }
}

impl Digits {
    fn push(&mut self, b: u8) -> Option<()> {
        *self.bytes.get_mut(self.len)? = b;
        self.len += 1;
        Some(())
    }
}

#[cfg(test)]
mod tests;
