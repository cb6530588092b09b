//! The analysis as an Excel workbook, one sheet per table, through rust_xlsxwriter (pure
//! Rust, builds for wasm32). The workbook's creation date is the data's last day, not the
//! clock: the core reads no clock, and the same analysis gives the same bytes.

use super::sheets::{sheets, Cell, Sheet};
use crate::pipeline::Analysis;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a workbook could not be written.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum WorkbookError {
    #[error("The Excel workbook could not be written: {message}")]
    Write { message: String },
}

impl From<XlsxError> for WorkbookError {
    fn from(e: XlsxError) -> Self {
        WorkbookError::Write {
            message: e.to_string(),
        }
    }
}

/// Every table of the analysis as an `.xlsx` workbook.
pub fn workbook(a: &Analysis) -> Result<Vec<u8>, WorkbookError> {
    let mut book = Workbook::new();
    book.set_properties(&properties(a)?);
    let formats = Formats::new();
    for sheet in sheets(a) {
        let ws = book.add_worksheet();
        write_sheet(ws, &sheet, &formats)?;
    }
    Ok(book.save_to_buffer()?)
}

fn properties(a: &Analysis) -> Result<DocProperties, XlsxError> {
    let (y, m, d) = civil(a.file.span.last_day);
    let created = ExcelDateTime::from_ymd(y, m, d)?;
    Ok(DocProperties::new()
        .set_title("Segwork analysis")
        .set_creation_datetime(&created))
}

/// The calendar date of a day number (days since 1970-01-01).
fn civil(day: i32) -> (u16, u8, u8) {
    let (y, m, d) = crate::cohorts::calendar::civil_from_days(day);
    (
        u16::try_from(y).unwrap_or(1970),
        u8::try_from(m).unwrap_or(1),
        u8::try_from(d).unwrap_or(1),
    )
}

struct Formats {
    header: Format,
    number: Format,
    percent: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            number: Format::new().set_num_format("#,##0.00"),
            percent: Format::new().set_num_format("0.0%"),
        }
    }
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(sheet.table.sheet())?;
    for (c, h) in sheet.header.iter().enumerate() {
        ws.write_string_with_format(0, col(c), h, &f.header)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            write_cell(ws, r, col(c), cell, f)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofit();
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    cell: &Cell,
    f: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(s) => ws.write_string(r, c, s).map(|_| ()),
        Cell::Number(v) if v.is_finite() => {
            ws.write_number_with_format(r, c, *v, &f.number).map(|_| ())
        }
        Cell::Percent(v) if v.is_finite() => ws
            .write_number_with_format(r, c, *v, &f.percent)
            .map(|_| ()),
        Cell::Whole(n) => ws.write_number(r, c, *n as f64).map(|_| ()),
        Cell::Number(_) | Cell::Percent(_) | Cell::Empty => Ok(()),
    }
}
