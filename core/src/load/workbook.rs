//! Spreadsheet workbooks through calamine. Xlsx is streamed cell by cell (no full copy of
//! the sheet in memory, and progress inside the sheet); xls, xlsb and ods are read a sheet
//! at a time.

use super::builder::TableBuilder;
use super::error::LoadError;
use super::scan::{SheetOutcome, SheetScan};
use super::value::Value;
use super::LoadOptions;
use calamine::{Data, DataRef, Reader, Sheets, Xlsx};
use std::borrow::Cow;
use std::io::Cursor;

/// Rows between two progress reports while streaming.
const PROGRESS_EVERY: usize = 8192;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WorkbookKind {
    Xlsx,
    Other,
}

/// Days from 1899-12-30 (day 0 of the 1900 date system) to 1904-01-01 (day 0 of the
/// 1904 system of old Mac workbooks); calamine gives the serial as the file stores it.
pub(crate) const DAYS_1900_TO_1904: f64 = 1462.0;

/// A cell of an xlsx sheet; `epoch` is added to date serials (see [`DAYS_1900_TO_1904`]).
pub(crate) fn from_ref(d: DataRef<'_>, epoch: f64) -> Value<'_> {
    match d {
        DataRef::Int(i) => Value::Number(i as f64),
        DataRef::Float(f) => Value::Number(f),
        DataRef::String(s) => Value::Text(Cow::Owned(s)),
        DataRef::SharedString(s) => Value::Text(Cow::Borrowed(s)),
        DataRef::Bool(b) => Value::Bool(b),
        DataRef::DateTime(dt) if dt.is_datetime() => Value::DateTime(dt.as_f64() + epoch),
        DataRef::DateTime(dt) => Value::Number(dt.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Text(Cow::Owned(s)),
        DataRef::Error(e) => Value::Error(e.to_string()),
        DataRef::Empty => Value::Empty,
    }
}

fn from_data(d: &Data) -> Value<'_> {
    match d {
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::Text(Cow::Borrowed(s)),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => Value::DateTime(dt.as_f64()),
        Data::DateTime(dt) => Value::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(Cow::Borrowed(s)),
        Data::Error(e) => Value::Error(e.to_string()),
        Data::Empty => Value::Empty,
    }
}

pub(crate) fn map_error(e: impl Into<calamine::Error>) -> LoadError {
    use calamine::{Error, OdsError, XlsError, XlsxError};
    match e.into() {
        Error::Xlsx(XlsxError::Password)
        | Error::Xls(XlsError::Password)
        | Error::Ods(OdsError::Password) => LoadError::PasswordProtected,
        other => LoadError::Corrupt {
            detail: other.to_string(),
        },
    }
}

/// One sheet's result, for the load summary.
pub(crate) type SheetResult = (String, SheetOutcome);

pub(crate) fn read(
    bytes: Vec<u8>,
    kind: WorkbookKind,
    options: &LoadOptions,
    out: &mut TableBuilder,
    progress: &mut dyn FnMut(f64),
) -> Result<Vec<SheetResult>, LoadError> {
    match kind {
        WorkbookKind::Xlsx => {
            let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(map_error)?;
            read_xlsx(&mut wb, options, out, progress)
        }
        WorkbookKind::Other => {
            let mut wb =
                calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(map_error)?;
            read_ranges(&mut wb, options, out, progress)
        }
    }
}

/// Reads every sheet in turn with `read_sheet(name, sheet_progress, out)`, which reports
/// the fraction of its own sheet done; the overall progress counts sheets equally.
pub(crate) fn each_sheet(
    names: Vec<String>,
    out: &mut TableBuilder,
    progress: &mut dyn FnMut(f64),
    mut read_sheet: impl FnMut(
        &str,
        &mut dyn FnMut(f64),
        &mut TableBuilder,
    ) -> Result<SheetOutcome, LoadError>,
) -> Result<Vec<SheetResult>, LoadError> {
    let n_sheets = names.len().max(1) as f64;
    let mut results = Vec::with_capacity(names.len());
    for (si, name) in names.into_iter().enumerate() {
        out.sheet_index = si as u32;
        let outcome = read_sheet(&name, &mut |f| progress((si as f64 + f) / n_sheets), out)?;
        results.push((name, outcome));
        progress((si + 1) as f64 / n_sheets);
    }
    Ok(results)
}

fn read_xlsx(
    wb: &mut Xlsx<Cursor<Vec<u8>>>,
    options: &LoadOptions,
    out: &mut TableBuilder,
    progress: &mut dyn FnMut(f64),
) -> Result<Vec<SheetResult>, LoadError> {
    let epoch = if wb.has_1904_epoch() {
        DAYS_1900_TO_1904
    } else {
        0.0
    };
    each_sheet(wb.sheet_names(), out, progress, |name, progress, out| {
        let mut scan = SheetScan::new(name.to_owned(), options, false);
        let mut cells = wb.worksheet_cells_reader(name).map_err(map_error)?;
        let total_rows = f64::from(cells.dimensions().end.0.max(1));
        let mut row: Vec<Value> = Vec::new();
        let mut current: Option<u32> = None;
        let mut since_report = 0;
        while let Some(cell) = cells.next_cell().map_err(map_error)? {
            let (r, c) = cell.get_position();
            if current != Some(r) {
                if let Some(prev) = current {
                    scan.row(&row, prev as usize + 1, out);
                    if scan.gave_up() {
                        break;
                    }
                    since_report += 1;
                    if since_report >= PROGRESS_EVERY {
                        since_report = 0;
                        progress(f64::from(prev) / total_rows);
                    }
                }
                row.iter_mut().for_each(|v| *v = Value::Empty);
                current = Some(r);
            }
            let c = c as usize;
            if c >= row.len() {
                row.resize(c + 1, Value::Empty);
            }
            row[c] = from_ref(cell.get_value().clone(), epoch);
        }
        if let Some(prev) = current {
            if !scan.gave_up() {
                scan.row(&row, prev as usize + 1, out);
            }
        }
        Ok(scan.finish(out))
    })
}

fn read_ranges(
    wb: &mut Sheets<Cursor<Vec<u8>>>,
    options: &LoadOptions,
    out: &mut TableBuilder,
    progress: &mut dyn FnMut(f64),
) -> Result<Vec<SheetResult>, LoadError> {
    each_sheet(wb.sheet_names(), out, progress, |name, _, out| {
        let range = wb.worksheet_range(name).map_err(map_error)?;
        let mut scan = SheetScan::new(name.to_owned(), options, false);
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let mut row: Vec<Value> = Vec::new();
        for (i, cells) in range.rows().enumerate() {
            row.clear();
            row.resize(first_col as usize, Value::Empty);
            row.extend(cells.iter().map(from_data));
            scan.row(&row, first_row as usize + i + 1, out);
            if scan.gave_up() {
                break;
            }
        }
        Ok(scan.finish(out))
    })
}
