//! Turns rows of cells into the typed columns of the transactions frame, collecting
//! every value that cannot be read instead of stopping at the first.

use super::error::{BadCell, LoadError};
use super::header::Columns;
use super::value::{calendar, normalise_id, parse_number, parse_timestamp, Value};
use crate::columns::{col, Field};
use polars::prelude::*;

/// How many examples of unreadable values an error shows.
const MAX_EXAMPLES: usize = 5;

#[derive(Debug, Default)]
struct Problems {
    count: usize,
    examples: Vec<BadCell>,
}

impl Problems {
    fn add(&mut self, sheet: &str, row: usize, v: &Value<'_>) {
        self.count += 1;
        if self.examples.len() < MAX_EXAMPLES {
            let text = if v.is_empty() {
                "(empty)".to_owned()
            } else {
                v.display()
            };
            self.examples.push(BadCell {
                sheet: sheet.to_owned(),
                row,
                text,
            });
        }
    }
}

/// Accumulates the transactions of one or more sheets. Text goes straight into polars'
/// string builders, so a cell's text is copied once, from the workbook to the column.
pub(crate) struct TableBuilder {
    /// Index of the sheet the following rows come from (into `LoadSummary::sheets`).
    pub(crate) sheet_index: u32,
    sheet: Vec<u32>,
    row: Vec<u32>,
    invoice: StringChunkedBuilder,
    stock_code: StringChunkedBuilder,
    description: StringChunkedBuilder,
    quantity: Vec<f64>,
    timestamp: Vec<i64>,
    unit_price: Vec<f64>,
    customer: StringChunkedBuilder,
    country: StringChunkedBuilder,
    /// Scratch space for ids stored as numbers.
    buf: String,
    bad_dates: Problems,
    bad_quantity: Problems,
    bad_price: Problems,
}

static EMPTY: Value<'static> = Value::Empty;

impl TableBuilder {
    pub(crate) fn new() -> Self {
        let text = |f: Field| StringChunkedBuilder::new(f.column().into(), 1024);
        Self {
            sheet_index: 0,
            sheet: Vec::new(),
            row: Vec::new(),
            invoice: text(Field::Invoice),
            stock_code: text(Field::StockCode),
            description: text(Field::Description),
            quantity: Vec::new(),
            timestamp: Vec::new(),
            unit_price: Vec::new(),
            customer: text(Field::CustomerId),
            country: text(Field::Country),
            buf: String::new(),
            bad_dates: Problems::default(),
            bad_quantity: Problems::default(),
            bad_price: Problems::default(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.row.len()
    }

    /// Adds one data row. `row_number` is 1-based, as the spreadsheet shows it. Rows whose
    /// fields are all empty (trailing blank rows) are skipped.
    pub(crate) fn push(
        &mut self,
        cells: &[Value<'_>],
        cols: &Columns,
        sheet: &str,
        row_number: usize,
        decimal_comma: bool,
    ) {
        let get = |f: Field| cells.get(cols.positions[f as usize]).unwrap_or(&EMPTY);
        if Field::ALL.iter().all(|f| get(*f).is_empty()) {
            return;
        }
        let (qty, date, price) = (
            get(Field::Quantity),
            get(Field::InvoiceDate),
            get(Field::UnitPrice),
        );
        let quantity = parse_number(qty, decimal_comma);
        let unit_price = parse_number(price, decimal_comma);
        let timestamp = parse_timestamp(date);
        if quantity.is_none() {
            self.bad_quantity.add(sheet, row_number, qty);
        }
        if unit_price.is_none() {
            self.bad_price.add(sheet, row_number, price);
        }
        if timestamp.is_none() {
            self.bad_dates.add(sheet, row_number, date);
        }
        self.sheet.push(self.sheet_index);
        self.row.push(u32::try_from(row_number).unwrap_or(u32::MAX));
        let buf = &mut self.buf;
        self.invoice
            .append_value(get(Field::Invoice).as_text(buf).unwrap_or(""));
        self.stock_code
            .append_value(get(Field::StockCode).as_text(buf).unwrap_or(""));
        self.description
            .append_option(get(Field::Description).as_text(buf));
        self.customer.append_option(
            get(Field::CustomerId)
                .as_text(buf)
                .map(normalise_id)
                .filter(|s| !s.is_empty()),
        );
        self.country.append_option(get(Field::Country).as_text(buf));
        self.quantity.push(quantity.unwrap_or(0.0));
        self.timestamp.push(timestamp.unwrap_or(0));
        self.unit_price.push(unit_price.unwrap_or(0.0));
    }

    /// The first kind of unreadable value found, as an error; dates are reported first.
    fn problems(&mut self) -> Option<LoadError> {
        if self.bad_dates.count > 0 {
            let p = std::mem::take(&mut self.bad_dates);
            return Some(LoadError::BadDates {
                count: p.count,
                examples: p.examples,
            });
        }
        for (field, p) in [
            (Field::Quantity, &mut self.bad_quantity),
            (Field::UnitPrice, &mut self.bad_price),
        ] {
            if p.count > 0 {
                let p = std::mem::take(p);
                return Some(LoadError::BadNumbers {
                    field,
                    count: p.count,
                    examples: p.examples,
                });
            }
        }
        None
    }

    /// Builds the transactions frame, with the calendar fields derived once here.
    pub(crate) fn finish(mut self) -> Result<DataFrame, LoadError> {
        if let Some(e) = self.problems() {
            return Err(e);
        }
        if self.row.is_empty() {
            return Err(LoadError::NoRows);
        }
        let n = self.row.len();
        let (mut day, mut weekday, mut hour, mut month) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for &ms in &self.timestamp {
            let c = calendar(ms);
            day.push(c.day);
            weekday.push(c.weekday);
            hour.push(c.hour);
            month.push(c.month);
        }
        let columns = vec![
            Column::new(col::SHEET.into(), self.sheet),
            Column::new(col::ROW.into(), self.row),
            self.invoice.finish().into_column(),
            self.stock_code.finish().into_column(),
            self.description.finish().into_column(),
            Column::new(Field::Quantity.column().into(), self.quantity),
            Column::new(Field::InvoiceDate.column().into(), self.timestamp),
            Column::new(Field::UnitPrice.column().into(), self.unit_price),
            self.customer.finish().into_column(),
            self.country.finish().into_column(),
            Column::new(col::DAY.into(), day),
            Column::new(col::WEEKDAY.into(), weekday),
            Column::new(col::HOUR.into(), hour),
            Column::new(col::MONTH.into(), month),
        ];
        DataFrame::new(columns).map_err(|e| LoadError::Corrupt {
            detail: e.to_string(),
        })
    }
}
