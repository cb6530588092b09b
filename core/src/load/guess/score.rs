//! Which column suits which field: by header words and by content.

use super::clues::clues;
use super::profile::Profile;
use super::{ColumnKind, Target, TARGETS};
use crate::columns::{header_key, Field};
use crate::load::header::ColumnMapping;
use crate::load::preset::Preset;

/// Gives each target its best column, best pairs first, each column once.
pub(super) fn assign(headers: &[String], profiles: &[Profile]) -> (ColumnMapping, Option<String>) {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut pairs: Vec<(f64, usize, usize)> = vec![];
    for (t, target) in TARGETS.iter().enumerate() {
        for (c, p) in profiles.iter().enumerate() {
            if let Some(score) = score(*target, &keys[c], p).filter(|_| !headers[c].is_empty()) {
                pairs.push((score, t, c));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut target_done, mut column_done) = ([false; TARGETS.len()], vec![false; headers.len()]);
    let (mut guesses, mut line_total) = (ColumnMapping::new(), None);
    for (_, t, c) in pairs {
        if target_done[t] || column_done[c] {
            continue;
        }
        (target_done[t], column_done[c]) = (true, true);
        match TARGETS[t] {
            Target::Field(f) => {
                guesses.insert(f, headers[c].clone());
            }
            Target::LineTotal => line_total = Some(headers[c].clone()),
        }
    }
    (guesses, line_total)
}

/// How well a column suits a target: `None` when its content rules it out or nothing
/// speaks for it. A header clue is needed, except for content that says it alone (dates,
/// e-mail addresses, money).
fn score(target: Target, header: &str, p: &Profile) -> Option<f64> {
    let by_header = header_score(target, header);
    let by_content = content_score(target, p)?;
    (by_header > 0.0 || by_content >= 1.5).then_some(by_header + by_content)
}

/// 3 for a header some layout uses for the target, 2 for one with a telling word in it.
fn header_score(target: Target, header: &str) -> f64 {
    let exact = match target {
        Target::Field(f) => Preset::ALL.iter().any(|p| p.aliases(f).contains(&header)),
        Target::LineTotal => Preset::ALL
            .iter()
            .any(|p| p.amount_aliases().contains(&header)),
    };
    let (words, not) = clues(target);
    if exact {
        3.0
    } else if words.iter().any(|w| header.contains(w)) && !not.iter().any(|w| header.contains(w)) {
        2.0
    } else {
        0.0
    }
}

/// What the content says for a target; `None` when it rules the column out.
fn content_score(target: Target, p: &Profile) -> Option<f64> {
    use ColumnKind::*;
    let repeats = p.distinct_share < 0.9;
    match (target, p.kind) {
        (_, Empty) => None,
        (Target::Field(Field::InvoiceDate), Date) => Some(3.0),
        (Target::Field(Field::InvoiceDate), _) | (_, Date) => None,
        (Target::Field(Field::CustomerId), Email) => Some(2.5),
        (Target::Field(Field::CustomerId), WholeNumber | Text) => {
            Some(if repeats { 0.5 } else { 0.0 })
        }
        (_, Email) => None,
        (Target::Field(Field::UnitPrice) | Target::LineTotal, Money) => Some(1.5),
        (Target::Field(Field::UnitPrice) | Target::LineTotal, WholeNumber) => Some(0.3),
        (Target::Field(Field::Quantity), WholeNumber) => Some(1.0),
        (Target::Field(Field::Quantity), Money) => Some(0.0),
        (Target::Field(Field::Invoice), WholeNumber | Text) => {
            Some(if repeats { 0.5 } else { 0.0 })
        }
        (Target::Field(Field::StockCode), WholeNumber | Text) => Some(0.3),
        (Target::Field(Field::Description), Text) => Some(if p.distinct > 1 { 1.0 } else { 0.0 }),
        (Target::Field(Field::Description), WholeNumber) => Some(0.0),
        (Target::Field(Field::Country), Text) => {
            Some(if p.distinct_share <= 0.5 { 1.0 } else { 0.0 })
        }
        _ => None,
    }
}
