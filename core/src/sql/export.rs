//! A loaded file's line items in the plan's input schema ([`super::lines`]), as plain
//! columns: what `segwork export-parquet` writes.

use crate::columns::{col, Field};
use crate::internal::Internal;
use crate::load::{
    calendar_columns, DateReading, LoadSummary, Loaded, Preset, SheetStatus, SheetSummary,
    SourceFormat,
};
use polars::prelude::*;

/// One vector per input column, every vector one entry per line, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineTable {
    /// 0, 1, 2, … in the order the loader read the lines (sheet by sheet, row by row).
    pub line_no: Vec<i64>,
    pub invoice: Vec<Option<String>>,
    pub stock_code: Vec<Option<String>>,
    pub description: Vec<Option<String>>,
    pub quantity: Vec<Option<f64>>,
    /// Milliseconds since 1970-01-01 of the wall-clock time written in the file.
    pub invoice_date_ms: Vec<Option<i64>>,
    pub unit_price: Vec<Option<f64>>,
    pub customer_id: Vec<Option<String>>,
    pub country: Vec<Option<String>>,
    /// `None` when the file has no order status.
    pub status: Option<Vec<Option<String>>>,
}

impl LineTable {
    pub fn len(&self) -> usize {
        self.line_no.len()
    }

    pub fn is_empty(&self) -> bool {
        self.line_no.is_empty()
    }
}

/// The line items of `loaded`, with the layout's own fixes already applied by the loader.
pub fn line_table(loaded: &Loaded) -> Result<LineTable, Internal> {
    let df = &loaded.frame;
    let err = || Internal::polars("exporting the lines");
    let text = |name: &str| -> Result<Vec<Option<String>>, Internal> {
        let c = df.column(name).map_err(err())?;
        let c = c.cast(&DataType::String).map_err(err())?;
        let s = c.str().map_err(err())?;
        Ok(s.into_iter().map(|v| v.map(str::to_owned)).collect())
    };
    let number = |name: &str| -> Result<Vec<Option<f64>>, Internal> {
        let c = df.column(name).map_err(err())?;
        let c = c.cast(&DataType::Float64).map_err(err())?;
        Ok(c.f64().map_err(err())?.into_iter().collect())
    };
    let dates = df
        .column(Field::InvoiceDate.column())
        .and_then(|c| c.cast(&DataType::Int64))
        .map_err(err())?;
    let status = text(col::STATUS)?;
    let has_status = status.iter().any(Option::is_some);
    Ok(LineTable {
        line_no: (0..df.height() as i64).collect(),
        invoice: text(Field::Invoice.column())?,
        stock_code: text(Field::StockCode.column())?,
        description: text(Field::Description.column())?,
        quantity: number(Field::Quantity.column())?,
        invoice_date_ms: dates.i64().map_err(err())?.into_iter().collect(),
        unit_price: number(Field::UnitPrice.column())?,
        customer_id: text(Field::CustomerId.column())?,
        country: text(Field::Country.column())?,
        status: has_status.then_some(status),
    })
}

/// The transactions frame of line items read back from the engine path's schema, as
/// the loader would have built it, so the core can run on the same input as the engine
/// (`segwork features --engine local`). `preset` is the layout the lines came from,
/// `profile` what they hold.
pub fn loaded_from_lines(
    t: LineTable,
    preset: Preset,
    profile: &super::InputProfile,
) -> Result<Loaded, Internal> {
    let err = || Internal::polars("reading the lines");
    let n = t.len();
    let ms: Vec<i64> = t.invoice_date_ms.iter().map(|d| d.unwrap_or(0)).collect();
    let [day, weekday, hour, month] = calendar_columns(&ms);
    let text = |name: &str, v: Vec<Option<String>>| Column::new(name.into(), v);
    let number = |name: &str, v: Vec<Option<f64>>| Column::new(name.into(), v);
    let mut absent = vec![];
    if !profile.has_invoice {
        absent.push(Field::Invoice);
    }
    if !profile.has_products {
        absent.extend([Field::StockCode, Field::Description]);
    }
    if t.country.iter().all(Option::is_none) {
        absent.push(Field::Country);
    }
    let status = t.status.unwrap_or_else(|| vec![None; n]);
    let frame = DataFrame::new(vec![
        Column::new(col::SHEET.into(), vec![0u32; n]),
        Column::new(col::ROW.into(), (0..n as u32).collect::<Vec<u32>>()),
        text(Field::Invoice.column(), t.invoice),
        text(Field::StockCode.column(), t.stock_code),
        text(Field::Description.column(), t.description),
        number(Field::Quantity.column(), t.quantity),
        Column::new(Field::InvoiceDate.column().into(), ms),
        number(Field::UnitPrice.column(), t.unit_price),
        text(Field::CustomerId.column(), t.customer_id),
        text(Field::Country.column(), t.country),
        text(col::STATUS, status),
        day,
        weekday,
        hour,
        month,
    ])
    .map_err(err())?;
    Ok(Loaded {
        frame,
        summary: LoadSummary {
            format: SourceFormat::Parquet,
            preset,
            dates: DateReading::default(),
            absent,
            time_of_day: None,
            sheets: vec![SheetSummary {
                name: "lines".into(),
                status: SheetStatus::Used {
                    header_row: 0,
                    rows: n,
                },
            }],
            rows: n,
        },
    })
}
