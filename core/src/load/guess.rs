//! The mapping step's material, for a file whose columns were not all recognised: the
//! first rows as text, what each column holds, and the best column for each field, ranked
//! by the header's words **and** by the content (a column of e-mail addresses is a
//! customer key, a column of timestamps a date, a column of money amounts a price).
//!
//! Written by hand: the ranking is a few table look-ups and counts over at most
//! [`SAMPLE_ROWS`] rows; no crate does header-and-content matching for these fields.

mod clues;
mod profile;
mod score;

use super::header::ColumnMapping;
use super::value::Value;
use crate::columns::Field;
use profile::{profile, Profile};
use score::assign;
use serde::{Deserialize, Serialize};

/// Rows shown in the preview table.
pub const PREVIEW_ROWS: usize = 8;
/// Rows read below the header to judge each column's content.
pub(crate) const SAMPLE_ROWS: usize = 200;

/// What a column holds, judged from its first rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ColumnKind {
    Empty,
    Email,
    Date,
    Money,
    WholeNumber,
    Text,
}

impl ColumnKind {
    pub fn label(self) -> &'static str {
        match self {
            ColumnKind::Empty => "empty",
            ColumnKind::Email => "e-mail addresses",
            ColumnKind::Date => "dates",
            ColumnKind::Money => "amounts",
            ColumnKind::WholeNumber => "whole numbers",
            ColumnKind::Text => "text",
        }
    }
}

/// The file's first rows and the guessed columns, for the mapping step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    /// The header row's text, one per column (empty for an unnamed column).
    pub headers: Vec<String>,
    pub kinds: Vec<ColumnKind>,
    /// The first [`PREVIEW_ROWS`] rows below the header, as text.
    pub rows: Vec<Vec<String>>,
    /// The best column for each field a column could be found for, by header text.
    pub guesses: ColumnMapping,
    /// The best column for the line total (used when there is no unit price).
    pub line_total: Option<String>,
}

/// What a column can be given to: a field, or the line total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Field(Field),
    LineTotal,
}

/// Targets in the order ties are settled: a money column is a price before a line total.
const TARGETS: [Target; 9] = [
    Target::Field(Field::InvoiceDate),
    Target::Field(Field::CustomerId),
    Target::Field(Field::UnitPrice),
    Target::Field(Field::Quantity),
    Target::LineTotal,
    Target::Field(Field::Invoice),
    Target::Field(Field::StockCode),
    Target::Field(Field::Description),
    Target::Field(Field::Country),
];

impl Preview {
    /// Columns that could tell customers apart, likeliest first (at most three): the
    /// guessed customer column, columns of e-mail addresses, then columns whose header
    /// names a customer, client, buyer, member, account or e-mail.
    pub fn customer_candidates(&self) -> Vec<String> {
        const WORDS: [&str; 7] = [
            "customer", "client", "buyer", "member", "account", "mail", "user",
        ];
        let taken = |h: &String| {
            self.guesses
                .iter()
                .any(|(f, c)| *f != Field::CustomerId && c == h)
        };
        let guessed = self.guesses.get(&Field::CustomerId).into_iter().cloned();
        let emails = self
            .headers
            .iter()
            .zip(&self.kinds)
            .filter(|(_, k)| **k == ColumnKind::Email)
            .map(|(h, _)| h.clone());
        let named = self.headers.iter().filter(|h| {
            let h = h.to_lowercase();
            WORDS.iter().any(|w| h.contains(w))
        });
        let mut out: Vec<String> = vec![];
        for h in guessed.chain(emails).chain(named.cloned()) {
            if !h.is_empty() && !taken(&h) && !out.contains(&h) {
                out.push(h);
            }
        }
        out.truncate(3);
        out
    }

    /// Builds the preview from the header row and the rows below it.
    pub(crate) fn build(
        header: &[Value<'_>],
        data: &[Vec<Value<'_>>],
        decimal_comma: bool,
    ) -> Self {
        let width = data.iter().map(Vec::len).fold(header.len(), usize::max);
        let headers: Vec<String> = (0..width)
            .map(|c| {
                header
                    .get(c)
                    .map(|v| v.display().trim().to_owned())
                    .unwrap_or_default()
            })
            .collect();
        let sample = &data[..data.len().min(SAMPLE_ROWS)];
        let profiles: Vec<Profile> = (0..width)
            .map(|c| profile(sample.iter().filter_map(|r| r.get(c)), decimal_comma))
            .collect();
        let (guesses, line_total) = assign(&headers, &profiles);
        let rows = data
            .iter()
            .take(PREVIEW_ROWS)
            .map(|r| {
                (0..width)
                    .map(|c| r.get(c).map(Value::display).unwrap_or_default())
                    .collect()
            })
            .collect();
        Self {
            kinds: profiles.iter().map(|p| p.kind).collect(),
            headers,
            rows,
            guesses,
            line_total,
        }
    }
}

#[cfg(test)]
mod tests;
