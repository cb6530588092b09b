//! Finding the header row and the column of each field.

use super::preset::Preset;
use super::value::{parse_timestamp, Value};
use super::LoadOptions;
use crate::columns::{normalise_header, Field};
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
    pub preset: Preset,
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
            preset: self.preset,
        })
    }
}

/// Matches one row's cells against the fields: as the layout the user chose, or else as
/// the first known layout it completes, or else field by field. The user's mapping is
/// honoured first in every case.
pub(crate) fn match_header(row: &[Value<'_>], options: &LoadOptions) -> HeaderMatch {
    let headers: Vec<String> = row.iter().map(|v| normalise_header(&v.display())).collect();
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
        .filter(|p| p.signed(&headers))
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
        preset: Preset::PurchaseLog,
    })
}

/// Text that is a date and not an id: `yyyymmdd`, or digits with `/` or `-` separators.
fn is_date_text(t: &str) -> bool {
    let shaped = (t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit())) || t.contains(['/', '-']);
    shaped && parse_timestamp(&Value::Text(t.into())).is_some()
}

/// Reads a header row as one layout: the mapping first (and the line total the user
/// named), then each field's first alias present in a column no other field took.
fn read_as(
    row: &[Value<'_>],
    headers: &[String],
    options: &LoadOptions,
    preset: Preset,
) -> HeaderMatch {
    let mapping = &options.mapping;
    let found: Vec<String> = row
        .iter()
        .map(|v| v.display().trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    let mut taken = vec![false; headers.len()];
    let mut positions = [None; 8];
    let mut unmapped = vec![];
    let mut find = |header: &str| {
        let want = normalise_header(header);
        let at = headers.iter().position(|h| *h == want);
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
    let mut take = |aliases: &[&str]| {
        let at = aliases
            .iter()
            .find_map(|a| (0..headers.len()).find(|&i| !taken[i] && headers[i] == *a))?;
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
    HeaderMatch {
        found,
        preset,
        positions,
        amount,
        status,
        unmapped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn row(line: &str) -> Vec<Value<'_>> {
        line.split(',')
            .map(|c| Value::Text(Cow::Borrowed(c)))
            .collect()
    }

    fn read(line: &str, mapping: &ColumnMapping) -> HeaderMatch {
        let options = LoadOptions {
            mapping: mapping.clone(),
            ..LoadOptions::default()
        };
        match_header(&row(line), &options)
    }

    #[test]
    fn online_retail_keeps_its_own_reading() {
        let m = read(
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
            &ColumnMapping::new(),
        );
        let cols = m.complete().unwrap();
        assert_eq!(cols.preset, Preset::OnlineRetail);
        assert_eq!(cols.positions, [0, 1, 2, 3, 4, 5, 6, 7].map(Some));
    }

    #[test]
    fn a_superstore_sheet_prices_by_its_line_total() {
        let m = read("Row ID,Order ID,Order Date,Customer ID,Country/Region,Product ID,Product Name,Sales,Quantity", &ColumnMapping::new());
        let cols = m.complete().unwrap();
        assert_eq!(cols.preset, Preset::Superstore);
        assert_eq!(cols.positions[Field::UnitPrice as usize], None);
        assert_eq!(cols.amount, Some(7));
        assert_eq!(cols.positions[Field::Country as usize], Some(4));
    }

    #[test]
    fn an_unknown_layout_needs_a_customer_a_date_and_a_price() {
        let m = read("Client,When,Thing,Paid", &ColumnMapping::new());
        assert_eq!(m.preset, Preset::Generic);
        // "Client" is a customer; a date and a price are missing.
        assert_eq!(m.missing(), [Field::InvoiceDate, Field::UnitPrice]);
        let mapping = ColumnMapping::from([
            (Field::CustomerId, "Client".to_owned()),
            (Field::InvoiceDate, "When".to_owned()),
            (Field::Description, "Thing".to_owned()),
            (Field::UnitPrice, "Paid".to_owned()),
        ]);
        let cols = read("Client,When,Thing,Paid", &mapping).complete().unwrap();
        assert_eq!(
            cols.positions[Field::Invoice as usize],
            None,
            "one order per customer and time"
        );
    }

    #[test]
    fn a_purchase_log_without_a_header_is_read_by_content() {
        let cells: Vec<Value<'_>> = "00004 0001 19970101 2 29.33"
            .split(' ')
            .map(|c| Value::Text(Cow::Borrowed(c)))
            .collect();
        let cols = headerless(&cells).unwrap();
        assert_eq!(cols.preset, Preset::PurchaseLog);
        let at = |f: Field| cols.positions[f as usize];
        assert_eq!(
            (
                at(Field::CustomerId),
                at(Field::InvoiceDate),
                at(Field::Quantity)
            ),
            (Some(0), Some(2), Some(3))
        );
        assert_eq!(cols.amount, Some(4));
        assert!(headerless(&row("Customer,Date,Qty,Amount")).is_none());
    }

    #[test]
    fn a_mapped_column_the_file_lacks_is_missing() {
        let mapping = ColumnMapping::from([(Field::Country, "Land".to_owned())]);
        let m = read("Customer,Date,Product,Price", &mapping);
        assert_eq!(m.missing(), [Field::Country]);
    }
}
