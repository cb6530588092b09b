//! The pieces of a date part, and the English month and weekday names.

/// A piece of a date part: a number (value, digit count), a word, or a separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok<'a> {
    Num(u32, usize),
    Word(&'a str),
    Sep(u8),
}

/// The most pieces a date part has: `Wed, 31 May 2023` has 7.
pub(super) const MAX_TOKENS: usize = 8;

/// Cuts a date part into pieces, with a run of separators and spaces counted as one
/// separator (`, ` is `,`). `None` for a character no date has.
pub(super) fn tokens(s: &str) -> Option<([Tok<'_>; MAX_TOKENS], usize)> {
    let (b, mut out, mut n, mut i) = (s.as_bytes(), [Tok::Sep(0); MAX_TOKENS], 0usize, 0);
    while let Some(&c) = b.get(i) {
        let start = i;
        let tok = match c {
            b'0'..=b'9' => {
                i = run_end(b, start, u8::is_ascii_digit);
                if i - start > 8 {
                    return None;
                }
                let digits = b.get(start..i)?.iter();
                Tok::Num(
                    digits.fold(0, |n, d| n * 10 + u32::from(d - b'0')),
                    i - start,
                )
            }
            b'a'..=b'z' | b'A'..=b'Z' => {
                i = run_end(b, start, u8::is_ascii_alphabetic);
                Tok::Word(s.get(start..i)?)
            }
            b' ' | b',' | b'/' | b'-' | b'.' => {
                i += 1;
                Tok::Sep(c)
            }
            _ => return None,
        };
        let last = n.checked_sub(1).and_then(|p| out.get_mut(p));
        match (last, tok) {
            (None, Tok::Sep(_)) => return None,
            (Some(Tok::Sep(_)), Tok::Sep(b' ')) => {}
            (Some(last), Tok::Sep(_)) if *last == Tok::Sep(b' ') => *last = tok,
            (Some(Tok::Sep(_)), Tok::Sep(_)) => return None,
            _ => {
                *out.get_mut(n)? = tok;
                n += 1;
            }
        }
    }
    Some((out, n))
}

/// The end of the run of bytes from `start` that `pred` accepts.
pub(super) fn run_end(b: &[u8], start: usize, pred: fn(&u8) -> bool) -> usize {
    start + b.iter().skip(start).take_while(|x| pred(x)).count()
}

pub(super) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

pub(super) const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A name or its first three letters, in any case (`may`, `SEP`, `September`).
pub(super) fn names(list: &[&str], w: &str) -> Option<usize> {
    let short = |full: &str| full.get(..3).is_some_and(|s| s.eq_ignore_ascii_case(w));
    list.iter()
        .position(|full| full.eq_ignore_ascii_case(w) || short(full))
}

/// 1–12 for an English month name, full or of three letters (and `Sept`).
pub(super) fn month_number(w: &str) -> Option<u32> {
    let w = if w.eq_ignore_ascii_case("sept") {
        "sep"
    } else {
        w
    };
    names(&MONTHS, w).map(|i| i as u32 + 1)
}

pub(super) fn is_weekday(w: &str) -> bool {
    names(&WEEKDAYS, w).is_some()
}
