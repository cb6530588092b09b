//! Finding the header row and the column of each field.

use super::preset::Preset;
use super::value::{parse_timestamp, Value};
use super::LoadOptions;
use crate::columns::{header_key, normalise_header, Field};
use std::collections::BTreeMap;

/// How many rows from the top are searched for the header.
pub(crate) const HEADER_SEARCH_ROWS: usize = 30;

/// The user's choice of column for some or all fields, by header text. Fields not named
/// are matched automatically; a field given [`NOT_IN_FILE`] is absent, whatever the
/// header says.
pub type ColumnMapping = BTreeMap<Field, String>;

/// The header a mapping gives a field the user said is not in the file.
pub const NOT_IN_FILE: &str = "";

/// Where each field is, once the header row is known, and the layout it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Columns {
    pub positions: [Option<usize>; 8],
    /// The line total, when the layout has no unit price.
    pub amount: Option<usize>,
    /// The order status (refunded, cancelled), when the layout has one.
    pub status: Option<usize>,
    /// A time-of-day column beside the date column, when there is one.
    pub time: Option<TimeColumn>,
    pub preset: Preset,
}

/// A column holding the time of day of the date column's days: where it is and its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TimeColumn {
    pub at: usize,
    pub header: String,
}

impl Columns {
    /// The fields this file does not have (a line total counts as the unit price).
    pub(crate) fn absent(&self) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|&f| self.positions[f as usize].is_none())
            .filter(|&f| !(f == Field::UnitPrice && self.amount.is_some()))
            .collect()
    }
}

/// The result of looking at one row as a possible header, read as one layout.
#[derive(Debug, Clone)]
pub(crate) struct HeaderMatch {
    pub found: Vec<String>,
    pub preset: Preset,
    pub positions: [Option<usize>; 8],
    pub amount: Option<usize>,
    pub status: Option<usize>,
    pub time: Option<TimeColumn>,
    /// Fields the user's mapping gave a column the row does not have.
    pub unmapped: Vec<Field>,
}

impl HeaderMatch {
    pub(crate) fn matched(&self) -> usize {
        self.positions.iter().flatten().count() + usize::from(self.amount.is_some())
    }

    fn has(&self, f: Field) -> bool {
        self.positions[f as usize].is_some()
    }

    /// The fields this layout needs that the row lacks: a customer, a date, a price (or
    /// line total), and whatever else the layout cannot do without (every field, for
    /// Online Retail). Without a product id or name, product analyses are skipped.
    pub(crate) fn missing(&self) -> Vec<Field> {
        let priced = self.has(Field::UnitPrice) || self.amount.is_some();
        Field::ALL
            .into_iter()
            .filter(|&f| !self.has(f))
            .filter(|&f| match f {
                _ if self.unmapped.contains(&f) => true,
                Field::UnitPrice => !priced,
                _ => !self.preset.optional(f),
            })
            .collect()
    }

    pub(crate) fn complete(&self) -> Option<Columns> {
        self.missing().is_empty().then_some(Columns {
            positions: self.positions,
            amount: self.amount.filter(|_| !self.has(Field::UnitPrice)),
            status: self.status,
            time: self.time.clone(),
            preset: self.preset,
        })
    }
}

/// Matches one row's cells against the fields: as the layout the user chose, or else as
/// the first known layout it completes, or else field by field. The user's mapping is
/// honoured first in every case.
pub(crate) fn match_header(row: &[Value<'_>], options: &LoadOptions) -> HeaderMatch {
    let texts: Vec<String> = row.iter().map(Value::display).collect();
    let headers = Headers {
        exact: texts.iter().map(|t| normalise_header(t)).collect(),
        keys: texts.iter().map(|t| header_key(t)).collect(),
    };
    let read = |preset| read_as(row, &headers, options, preset);
    if let Some(preset) = options.preset {
        return read(preset);
    }
    let online_retail = read(Preset::OnlineRetail);
    if online_retail.complete().is_some() {
        return online_retail;
    }
    Preset::KNOWN
        .into_iter()
        .filter(|p| p.signed(&headers.keys))
        .map(read)
        .find(|m| m.complete().is_some())
        .unwrap_or_else(|| read(Preset::Generic))
}

/// A first row that is data, not a header: a purchase log such as CDNOW's (customer id,
/// yyyymmdd date, quantity, amount), with columns told apart by their content. Every cell
/// is digits (a header has words); the date is the first cell that reads as one, the
/// customer the first cell before it, the amount the last cell with a decimal point after
/// it, and the quantity the first whole number between.
pub(crate) fn headerless(row: &[Value<'_>]) -> Option<Columns> {
    let texts: Vec<String> = row.iter().map(|v| v.display().trim().to_owned()).collect();
    let numeric =
        |t: &String| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || "./-:".contains(c));
    if texts.len() < 3 || !texts.iter().all(numeric) {
        return None;
    }
    let date = texts.iter().position(|t| is_date_text(t))?;
    let customer = (0..date).next()?;
    let amount = (date + 1..texts.len())
        .rev()
        .find(|&i| texts[i].contains('.'))?;
    let quantity = (date + 1..amount).find(|&i| texts[i].bytes().all(|b| b.is_ascii_digit()));
    let mut positions = [None; 8];
    positions[Field::CustomerId as usize] = Some(customer);
    positions[Field::InvoiceDate as usize] = Some(date);
    positions[Field::Quantity as usize] = quantity;
    Some(Columns {
        positions,
        amount: Some(amount),
        status: None,
        time: None,
        preset: Preset::PurchaseLog,
    })
}

/// Text that is a date and not an id: `yyyymmdd`, or digits with `/` or `-` separators.
fn is_date_text(t: &str) -> bool {
    let shaped = (t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit())) || t.contains(['/', '-']);
    shaped && parse_timestamp(&Value::Text(t.into())).is_some()
}

/// A header row's cells, normalised two ways: whole, to find the column the user named,
/// and as [`header_key`]s, to look up layouts' aliases.
struct Headers {
    exact: Vec<String>,
    keys: Vec<String>,
}

/// Reads a header row as one layout: the mapping first (and the line total the user
/// named), then each field's first alias present in a column no other field took.
fn read_as(
    row: &[Value<'_>],
    headers: &Headers,
    options: &LoadOptions,
    preset: Preset,
) -> HeaderMatch {
    let mapping = &options.mapping;
    let found: Vec<String> = row
        .iter()
        .map(|v| v.display().trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    let mut taken = vec![false; headers.exact.len()];
    let mut positions = [None; 8];
    let mut unmapped = vec![];
    let mut find = |header: &str| {
        let want = normalise_header(header);
        let at = headers.exact.iter().position(|h| *h == want);
        if let Some(i) = at {
            taken[i] = true;
        }
        at
    };
    for (field, header) in mapping.iter().filter(|(_, h)| h.as_str() != NOT_IN_FILE) {
        positions[*field as usize] = find(header);
        if positions[*field as usize].is_none() {
            unmapped.push(*field);
        }
    }
    let named_total = options.line_total.as_deref().map(|h| (h, find(h)));
    if let Some((_, None)) = named_total {
        unmapped.push(Field::UnitPrice);
    }
    let keys = &headers.keys;
    let mut take = |aliases: &[&str]| {
        let at = aliases
            .iter()
            .find_map(|a| (0..keys.len()).find(|&i| !taken[i] && keys[i] == *a))?;
        taken[at] = true;
        Some(at)
    };
    for field in Field::ALL {
        if !mapping.contains_key(&field) {
            positions[field as usize] = take(preset.aliases(field));
        }
    }
    let amount = match named_total {
        Some((_, at)) => at,
        None => take(preset.amount_aliases()),
    };
    let status = take(preset.status_aliases());
    // Only beside a date column: a file whose one dated column is "Time" reads it as the
    // date (an alias of it), and nothing is left for this.
    let time = positions[Field::InvoiceDate as usize]
        .and_then(|_| take(preset.time_aliases()))
        .map(|at| TimeColumn {
            at,
            header: row[at].display().trim().to_owned(),
        });
    HeaderMatch {
        found,
        preset,
        positions,
        amount,
        status,
        time,
        unmapped,
    }
}

#[cfg(test)]
mod tests;
