//! What a column holds, read from its sampled cells.

use super::ColumnKind;
use crate::load::value::{looks_like_date, parse_money, Value};
use std::collections::HashSet;

/// How a column's content reads, from its sampled cells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Profile {
    pub(super) kind: ColumnKind,
    /// Distinct values over filled cells: below 1 when values repeat.
    pub(super) distinct_share: f64,
    pub(super) distinct: usize,
}

pub(super) fn profile<'v>(
    cells: impl Iterator<Item = &'v Value<'v>>,
    decimal_comma: bool,
) -> Profile {
    let (mut filled, mut emails, mut dates, mut money, mut whole, mut marked) = (0, 0, 0, 0, 0, 0);
    let mut seen = HashSet::new();
    for v in cells.filter(|v| !v.is_empty()) {
        filled += 1;
        let text = v.display();
        let t = text.trim();
        if is_email(t) {
            emails += 1;
        } else if looks_like_date(v) {
            dates += 1;
        } else if let Some(x) = parse_money(v, decimal_comma) {
            money += 1;
            if x.fract() == 0.0 && !t.contains(['.', ',']) {
                whole += 1;
            }
            if t.chars().any(|c| "$£€¥".contains(c)) {
                marked += 1;
            }
        }
        seen.insert(text);
    }
    let most = |n: usize| n * 10 >= filled * 9;
    let kind = match filled {
        0 => ColumnKind::Empty,
        _ if most(emails) => ColumnKind::Email,
        _ if most(dates) => ColumnKind::Date,
        _ if most(money) && most(whole) && marked == 0 => ColumnKind::WholeNumber,
        _ if most(money) => ColumnKind::Money,
        _ => ColumnKind::Text,
    };
    Profile {
        kind,
        distinct_share: seen.len() as f64 / filled.max(1) as f64,
        distinct: seen.len(),
    }
}

pub(super) fn is_email(t: &str) -> bool {
    let Some((user, domain)) = t.split_once('@') else {
        return false;
    };
    !user.is_empty() && !t.contains(char::is_whitespace) && domain.contains('.')
}
