//! Turns rows of cells into the typed columns of the transactions frame, collecting
//! every value that cannot be read instead of stopping at the first.

mod cells;
mod text;

use super::error::LoadError;
use super::header::Columns;
use super::value::{
    calendar, parse_money, parse_number, time_of_day, DateColumn, DateReading, DayOrder, Value,
};
use crate::columns::{col, Field};
use cells::{customer_key, line_price, order_id, product, text_of, Carry, Problems};
use polars::prelude::*;
use std::borrow::Cow;
use text::TextColumn;

/// Accumulates the transactions of one or more sheets. Text goes straight into polars'
/// string builders, so a cell's text is copied once, from the workbook to the column.
pub(crate) struct TableBuilder {
    /// Index of the sheet the following rows come from (into `LoadSummary::sheets`).
    pub(crate) sheet_index: u32,
    sheet: Vec<u32>,
    row: Vec<u32>,
    invoice: TextColumn,
    stock_code: TextColumn,
    description: TextColumn,
    quantity: Vec<f64>,
    /// The dates, read once the whole column has decided day/month order.
    dates: DateColumn,
    unit_price: Vec<f64>,
    customer: TextColumn,
    country: TextColumn,
    status: TextColumn,
    bad_dates: Problems,
    bad_quantity: Problems,
    bad_price: Problems,
    carry: Carry,
}

static EMPTY: Value<'static> = Value::Empty;

impl TableBuilder {
    pub(crate) fn new() -> Self {
        let text = |f: Field| TextColumn::new(f.column());
        Self {
            sheet_index: 0,
            sheet: Vec::new(),
            row: Vec::new(),
            invoice: text(Field::Invoice),
            stock_code: text(Field::StockCode),
            description: text(Field::Description),
            quantity: Vec::new(),
            dates: DateColumn::new(),
            unit_price: Vec::new(),
            customer: text(Field::CustomerId),
            country: text(Field::Country),
            status: TextColumn::new(col::STATUS),
            bad_dates: Problems::default(),
            bad_quantity: Problems::default(),
            bad_price: Problems::default(),
            carry: Carry::default(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.row.len()
    }

    /// Adds one data row. `row_number` is 1-based, as the spreadsheet shows it. Rows whose
    /// fields are all empty (trailing blank rows) are skipped. The layout's rules apply:
    /// order-level cells filled down, product id and name standing in for each other, a
    /// line total divided by the quantity, a missing quantity read as 1.
    pub(crate) fn push(
        &mut self,
        cells: &[Value<'_>],
        cols: &Columns,
        sheet: &str,
        row_number: usize,
        decimal_comma: bool,
    ) {
        let at = |p: Option<usize>| p.and_then(|p| cells.get(p)).unwrap_or(&EMPTY);
        let get = |f: Field| at(cols.positions[f as usize]);
        if Field::ALL.iter().all(|f| get(*f).is_empty()) && at(cols.amount).is_empty() {
            return;
        }
        let rules = cols.preset.rules();
        let (qty, date) = (get(Field::Quantity), get(Field::InvoiceDate));
        let quantity = match cols.positions[Field::Quantity as usize] {
            None => Some(1.0),
            Some(_) => parse_number(qty, decimal_comma),
        };
        let (price_cell, unit_price) = match cols.amount {
            Some(p) => (
                at(Some(p)),
                line_price(at(Some(p)), quantity, decimal_comma),
            ),
            None => (
                get(Field::UnitPrice),
                parse_money(get(Field::UnitPrice), decimal_comma),
            ),
        };
        let invoice = text_of(get(Field::Invoice));
        let in_layout = cols.positions[Field::Invoice as usize].is_some();
        // The date as text is only read when it is carried down an order or names one;
        // formatting every line's timestamp was most of the float formatting in a load.
        let date_text = (rules.fill_down || !in_layout).then(|| text_of(date));
        let carried = self.carry.fill(
            &rules,
            invoice.as_deref(),
            [
                text_of(get(Field::CustomerId)),
                date_text.flatten(),
                text_of(get(Field::Country)),
                cols.status.and_then(|p| cells.get(p)).and_then(text_of),
            ],
        );
        let time = cols.time.as_ref().and_then(|t| time_of_day(at(Some(t.at))));
        let dated = match &carried[1] {
            Some(t) if date.is_empty() => self.dates.push(&Value::Text(Cow::Borrowed(t)), time),
            _ => self.dates.push(date, time),
        };
        if quantity.is_none() {
            self.bad_quantity.add(sheet, row_number, qty);
        }
        if unit_price.is_none() {
            self.bad_price.add(sheet, row_number, price_cell);
        }
        if !dated {
            self.bad_dates.add(sheet, row_number, date);
        }
        let customer = customer_key(carried[0].as_deref(), &rules);
        let (code, name) = product(
            &rules,
            text_of(get(Field::StockCode)),
            text_of(get(Field::Description)),
        );
        let invoice = order_id(
            invoice,
            customer.as_deref(),
            in_layout,
            carried[1].as_deref(),
        );
        self.sheet.push(self.sheet_index);
        self.row.push(u32::try_from(row_number).unwrap_or(u32::MAX));
        self.invoice.append_value(&invoice);
        self.stock_code.append_value(code.as_deref().unwrap_or(""));
        self.description.append_option(name.as_deref());
        self.customer.append_option(customer.as_deref());
        self.country.append_option(carried[2].as_deref());
        self.status.append_option(carried[3].as_deref());
        self.quantity.push(quantity.unwrap_or(0.0));
        self.unit_price.push(unit_price.unwrap_or(0.0));
    }

    /// Appends the rows of `other`, built from later rows of the same file (rows read in
    /// parallel parts). Order-level cells are not carried across the join: a layout that
    /// fills them down is built in one piece.
    pub(crate) fn append(&mut self, other: TableBuilder) -> Result<(), LoadError> {
        self.sheet.extend(other.sheet);
        self.row.extend(other.row);
        for (mine, theirs) in [
            (&mut self.invoice, other.invoice),
            (&mut self.stock_code, other.stock_code),
            (&mut self.description, other.description),
            (&mut self.customer, other.customer),
            (&mut self.country, other.country),
            (&mut self.status, other.status),
        ] {
            mine.append(theirs)?;
        }
        self.quantity.extend(other.quantity);
        self.dates.append(other.dates);
        self.unit_price.extend(other.unit_price);
        self.bad_dates.append(other.bad_dates);
        self.bad_quantity.append(other.bad_quantity);
        self.bad_price.append(other.bad_price);
        Ok(())
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

    /// Builds the transactions frame, with the calendar fields derived once here, and says
    /// how its dates were read. `order` is the user's choice of day/month order, used
    /// where the dates themselves do not settle it.
    pub(crate) fn finish(
        mut self,
        order: Option<DayOrder>,
    ) -> Result<(DataFrame, DateReading), LoadError> {
        if let Some(e) = self.problems() {
            return Err(e);
        }
        if self.row.is_empty() {
            return Err(LoadError::NoRows);
        }
        let (timestamps, reading) = self.dates.finish(order);
        let [day, weekday, hour, month] = calendar_columns(&timestamps);
        let columns = vec![
            Column::new(col::SHEET.into(), self.sheet),
            Column::new(col::ROW.into(), self.row),
            self.invoice.finish()?.into_column(),
            self.stock_code.finish()?.into_column(),
            self.description.finish()?.into_column(),
            Column::new(Field::Quantity.column().into(), self.quantity),
            Column::new(Field::InvoiceDate.column().into(), timestamps),
            Column::new(Field::UnitPrice.column().into(), self.unit_price),
            self.customer.finish()?.into_column(),
            self.country.finish()?.into_column(),
            self.status.finish()?.into_column(),
            day,
            weekday,
            hour,
            month,
        ];
        let frame = DataFrame::new(columns).map_err(|e| LoadError::Corrupt {
            detail: e.to_string(),
        })?;
        Ok((frame, reading))
    }
}

/// The calendar columns of the transactions frame (day, weekday, hour, month), derived
/// once from the timestamps in milliseconds.
pub(crate) fn calendar_columns(timestamps: &[i64]) -> [Column; 4] {
    let n = timestamps.len();
    let (mut day, mut weekday, mut hour, mut month) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for &ms in timestamps {
        let c = calendar(ms);
        day.push(c.day);
        weekday.push(c.weekday);
        hour.push(c.hour);
        month.push(c.month);
    }
    [
        Column::new(col::DAY.into(), day),
        Column::new(col::WEEKDAY.into(), weekday),
        Column::new(col::HOUR.into(), hour),
        Column::new(col::MONTH.into(), month),
    ]
}
