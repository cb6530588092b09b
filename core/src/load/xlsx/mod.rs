//! The fast xlsx reader. calamine's cell reader parses a sheet as general XML, one event
//! at a time, and is most of the load's time on a large workbook. This reader inflates
//! each sheet's XML once, splits it at row boundaries, and reads the parts with a scanner
//! made for the handful of elements sheet data uses. The rows go through the same
//! [`SheetScan`] and builder as every other format: in order until the header is found,
//! then a part per task (rayon: threads natively, the calling thread in the browser),
//! each into a builder of its own, joined in order.
//!
//! Anything it does not expect (a namespace prefix, an unknown cell type, a row without
//! its number, …) makes it give way: the workbook is then read by calamine, as before.
//! The tests check that both readers give the same frame on every workbook fixture.

mod cell;
mod package;
mod sheet;
mod styles;
mod xml;

use super::builder::TableBuilder;
use super::header::Columns;
use super::scan::SheetScan;
use super::value::Value;
use super::workbook::{each_sheet, SheetResult};
use super::LoadOptions;
use package::Package;
use rayon::prelude::*;
use sheet::{read_rows, sheet_data, split, Context, Rows};
pub(crate) use xml::Unexpected;

/// Bytes of sheet XML per part: small enough to spread over the threads and to keep the
/// rows in flight few, large enough that each part is worth a task.
const PART_BYTES: usize = 1 << 20;

/// Reads an xlsx workbook, or says why it leaves it to calamine.
pub(crate) fn read(
    bytes: &[u8],
    options: &LoadOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<(TableBuilder, Vec<SheetResult>), Unexpected> {
    read_in_parts(bytes, options, PART_BYTES, progress)
}

/// [`read`], with the sheets split into parts of about `part_bytes`.
fn read_in_parts(
    bytes: &[u8],
    options: &LoadOptions,
    part_bytes: usize,
    progress: &mut dyn FnMut(f64),
) -> Result<(TableBuilder, Vec<SheetResult>), Unexpected> {
    let mut package = Package::open(bytes)?;
    let mut out = TableBuilder::new();
    let sheets = std::mem::take(&mut package.sheets);
    let (names, paths): (Vec<String>, Vec<String>) = sheets.into_iter().unzip();
    let mut failure = None;
    let results = each_sheet(names, &mut out, progress, |name, progress, out| {
        let path = &paths[out.sheet_index as usize];
        let xml = match package.part(path) {
            Ok(xml) => xml,
            Err(e) => {
                failure = Some(e);
                return Err(super::LoadError::NoRows);
            }
        };
        let ctx = Context {
            strings: &package.strings,
            formats: &package.formats,
            is_1904: package.is_1904,
        };
        read_sheet(&xml, name, &ctx, options, part_bytes, out, progress).map_err(|e| {
            failure = Some(e);
            super::LoadError::NoRows
        })
    });
    match (results, failure) {
        (_, Some(e)) => Err(e),
        (Ok(results), None) => Ok((out, results)),
        (Err(_), None) => Err(Unexpected("a sheet")),
    }
}

/// Reads one sheet. Its rows go through the scanner one by one until the header is
/// found; after that, windows of a few parts per thread are read in parallel, each part
/// into its own builder, joined in order (a layout that fills order-level cells down
/// from the line above is fed to one builder in order instead).
fn read_sheet(
    xml: &[u8],
    name: &str,
    ctx: &Context<'_>,
    options: &LoadOptions,
    part_bytes: usize,
    out: &mut TableBuilder,
    progress: &mut dyn FnMut(f64),
) -> Result<super::scan::SheetOutcome, Unexpected> {
    let data = sheet_data(xml)?;
    let parts = split(data, part_bytes);
    let total = data.len().max(1) as f64;
    let mut feed = Feed::new(SheetScan::new(name.to_owned(), options, false));
    let (mut next, mut done) = (0, 0);
    while next < parts.len() && !feed.scan.is_reading() {
        feed.rows(&read_rows(parts[next], ctx)?, out);
        done += parts[next].len();
        next += 1;
        if feed.scan.gave_up() {
            return Ok(feed.scan.finish(out));
        }
    }
    let window = 2 * rayon::current_num_threads().max(1);
    for parts in parts[next..].chunks(window) {
        match feed.scan.columns().filter(|c| !c.preset.rules().fill_down) {
            Some(cols) => {
                let built: Vec<TableBuilder> = parts
                    .par_iter()
                    .map(|part| build_part(part, ctx, cols, name, out.sheet_index))
                    .collect::<Result<_, _>>()?;
                for part in built {
                    out.append(part)
                        .map_err(|_| Unexpected("parts that do not join"))?;
                }
            }
            None => {
                let rows: Vec<Rows> = parts
                    .par_iter()
                    .map(|part| read_rows(part, ctx))
                    .collect::<Result<_, _>>()?;
                rows.iter().for_each(|rows| feed.rows(rows, out));
            }
        }
        done += parts.iter().map(|p| p.len()).sum::<usize>();
        progress(done as f64 / total);
    }
    Ok(feed.scan.finish(out))
}

/// One part of a sheet below its header, read into a builder of its own.
fn build_part(
    part: &[u8],
    ctx: &Context<'_>,
    cols: &Columns,
    sheet: &str,
    sheet_index: u32,
) -> Result<TableBuilder, Unexpected> {
    let mut out = TableBuilder::new();
    out.sheet_index = sheet_index;
    for (number, cells) in read_rows(part, ctx)?.iter() {
        out.push(cells, cols, sheet, number as usize, false);
    }
    Ok(out)
}

/// Hands rows to the sheet's scanner in order. Until the header is found each row is
/// as wide as the widest so far, as calamine's reader gives them: whether a row can be
/// a header depends on its trailing empty cells.
struct Feed<'m> {
    scan: SheetScan<'m>,
    width: usize,
}

impl<'m> Feed<'m> {
    fn new(scan: SheetScan<'m>) -> Self {
        Self { scan, width: 0 }
    }

    fn rows(&mut self, rows: &Rows<'_>, out: &mut TableBuilder) {
        for (number, cells) in rows.iter() {
            if self.scan.gave_up() {
                return;
            }
            if self.scan.is_reading() {
                self.scan.row(cells, number as usize, out);
                continue;
            }
            self.width = self.width.max(cells.len());
            let mut row: Vec<Value<'_>> = cells.to_vec();
            row.resize(self.width, Value::Empty);
            self.scan.row(&row, number as usize, out);
        }
    }
}

/// The least any reader of an xlsx workbook must do, for the bench to set the load
/// beside: each worksheet's XML inflated, then one pass over its bytes. Returns the
/// inflated sizes and the count of `<` seen, or why the package could not be opened.
pub fn inflate_and_scan(bytes: &[u8]) -> Result<(Vec<usize>, usize), String> {
    let mut package = Package::open(bytes).map_err(|e| e.0.to_owned())?;
    let sheets = std::mem::take(&mut package.sheets);
    let mut sizes = vec![];
    let mut tags = 0;
    for (_, path) in sheets {
        let xml = package.part(&path).map_err(|e| e.0.to_owned())?;
        tags += memchr::memchr_iter(b'<', &xml).count();
        sizes.push(xml.len());
    }
    Ok((sizes, tags))
}

#[cfg(test)]
mod tests;
