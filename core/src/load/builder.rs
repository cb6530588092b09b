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
    fn add(&mut self, sheet: &str, row: usize, v: &Value) {
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

/// Accumulates the transactions of one or more sheets.
#[derive(Debug, Default)]
pub(crate) struct TableBuilder {
    /// Index of the sheet the following rows come from (into `LoadSummary::sheets`).
    pub(crate) sheet_index: u32,
    sheet: Vec<u32>,
    row: Vec<u32>,
    invoice: Vec<String>,
    stock_code: Vec<String>,
    description: Vec<Option<String>>,
    quantity: Vec<f64>,
    timestamp: Vec<i64>,
    unit_price: Vec<f64>,
    customer: Vec<Option<String>>,
    country: Vec<Option<String>>,
    bad_dates: Problems,
    bad_quantity: Problems,
    bad_price: Problems,
}

impl TableBuilder {
    pub(crate) fn len(&self) -> usize {
        self.row.len()
    }

    /// Adds one data row. `row_number` is 1-based, as the spreadsheet shows it. Rows whose
    /// fields are all empty (trailing blank rows) are skipped.
    pub(crate) fn push(
        &mut self,
        cells: &mut [Value],
        cols: &Columns,
        sheet: &str,
        row_number: usize,
        decimal_comma: bool,
    ) {
        let mut take = |f: Field| {
            cells
                .get_mut(cols.positions[f as usize])
                .map(std::mem::take)
                .unwrap_or_default()
        };
        let [inv, stock, desc, qty, date, price, cust, country] = Field::ALL.map(&mut take);
        if [&inv, &stock, &desc, &qty, &date, &price, &cust, &country]
            .iter()
            .all(|v| v.is_empty())
        {
            return;
        }
        let quantity = parse_number(&qty, decimal_comma);
        let unit_price = parse_number(&price, decimal_comma);
        let timestamp = parse_timestamp(&date);
        if quantity.is_none() {
            self.bad_quantity.add(sheet, row_number, &qty);
        }
        if unit_price.is_none() {
            self.bad_price.add(sheet, row_number, &price);
        }
        if timestamp.is_none() {
            self.bad_dates.add(sheet, row_number, &date);
        }
        self.sheet.push(self.sheet_index);
        self.row.push(u32::try_from(row_number).unwrap_or(u32::MAX));
        self.invoice.push(inv.into_text().unwrap_or_default());
        self.stock_code.push(stock.into_text().unwrap_or_default());
        self.description.push(desc.into_text());
        self.quantity.push(quantity.unwrap_or(0.0));
        self.timestamp.push(timestamp.unwrap_or(0));
        self.unit_price.push(unit_price.unwrap_or(0.0));
        self.customer
            .push(cust.into_text().map(normalise_id).filter(|s| !s.is_empty()));
        self.country.push(country.into_text());
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
            Column::new(Field::Invoice.column().into(), self.invoice),
            Column::new(Field::StockCode.column().into(), self.stock_code),
            Column::new(Field::Description.column().into(), self.description),
            Column::new(Field::Quantity.column().into(), self.quantity),
            Column::new(Field::InvoiceDate.column().into(), self.timestamp),
            Column::new(Field::UnitPrice.column().into(), self.unit_price),
            Column::new(Field::CustomerId.column().into(), self.customer),
            Column::new(Field::Country.column().into(), self.country),
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
