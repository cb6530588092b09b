//! The sheet scanner: a worksheet's XML → rows of cells. It reads the elements a sheet's
//! data is made of (`<row>`, `<c>`, `<v>`, `<is>`, skipping `<f>`) straight from the
//! bytes, and splits the data at row boundaries so that the parts can be read in
//! parallel. Text borrows from the shared strings or the XML wherever it needs no
//! decoding.

use super::cell::{cell_ref, cell_value, number, CellAttrs};
use super::styles::CellFormat;
use super::xml::{attr, find, tag_end, Res, Unexpected};
use crate::load::value::Value;
use memchr::{memchr, memmem};

/// Beyond this many columns a row is not a transactions table's: calamine reads it.
const MAX_COLUMNS: usize = 1024;

/// What cell values refer to: the shared strings and the number format of each style.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'x> {
    pub strings: &'x [String],
    pub formats: &'x [CellFormat],
    pub is_1904: bool,
}

/// The rows read from one part of a sheet.
#[derive(Debug, Default)]
pub(crate) struct Rows<'x> {
    cells: Vec<Value<'x>>,
    /// Per row: its 1-based number and where its cells start in `cells`.
    rows: Vec<(u32, usize)>,
}

impl<'x> Rows<'x> {
    /// Each row: its 1-based number and its cells (trailing empty cells may be absent).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, &[Value<'x>])> {
        let ends = self
            .rows
            .iter()
            .skip(1)
            .map(|r| r.1)
            .chain([self.cells.len()]);
        self.rows
            .iter()
            .zip(ends)
            .map(|(&(number, start), end)| (number, &self.cells[start..end]))
    }

    fn set(&mut self, col: usize, value: Value<'x>) -> Res<()> {
        let start = self.rows.last().map_or(0, |r| r.1);
        let at = start + col;
        if col >= MAX_COLUMNS {
            return Err(Unexpected("a row wider than the fast reader reads"));
        }
        if at >= self.cells.len() {
            self.cells.resize(at + 1, Value::Empty);
        }
        self.cells[at] = value;
        Ok(())
    }
}

/// The contents of `<sheetData>`, empty for a sheet without data.
pub(crate) fn sheet_data(xml: &[u8]) -> Res<&[u8]> {
    let Some(open) = memmem::find(xml, b"<sheetData") else {
        return Err(Unexpected("a sheet without <sheetData>"));
    };
    let (start, closed) = tag_end(xml, open).ok_or(Unexpected("an unclosed <sheetData>"))?;
    if closed {
        return Ok(&[]);
    }
    let len =
        memmem::find(&xml[start..], b"</sheetData>").ok_or(Unexpected("a sheet cut short"))?;
    Ok(&xml[start..start + len])
}

/// Splits sheet data into parts of about `size` bytes, each starting at a `<row`.
pub(crate) fn split(data: &[u8], size: usize) -> Vec<&[u8]> {
    let mut parts = vec![];
    let mut start = 0;
    while start < data.len() {
        let target = start + size.max(1);
        let end = match data.get(target..).and_then(next_row) {
            Some(at) => target + at,
            None => data.len(),
        };
        parts.push(&data[start..end]);
        start = end;
    }
    parts
}

fn next_row(xml: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        let found = at + find(xml.get(at..)?, b"<row")?;
        if matches!(
            xml.get(found + 4),
            Some(b' ' | b'>' | b'/' | b'\t' | b'\r' | b'\n')
        ) {
            return Some(found);
        }
        at = found + 4;
    }
}

/// Reads every row of one part of the sheet data.
pub(crate) fn read_rows<'x>(part: &'x [u8], ctx: &Context<'x>) -> Res<Rows<'x>> {
    let mut out = Rows::default();
    let mut at = 0;
    while let Some(found) = next_row(&part[at..]) {
        let open = at + found;
        let (end, closed) = tag_end(part, open + 4).ok_or(Unexpected("an unclosed <row>"))?;
        let number = attr(&part[open + 4..end], b"r").map(number).transpose()?;
        if closed {
            at = end;
            continue;
        }
        let len = find(&part[end..], b"</row>").ok_or(Unexpected("an unclosed row"))?;
        read_row(&part[end..end + len], number, ctx, &mut out)?;
        at = end + len + 6;
    }
    Ok(out)
}

/// The cells of one row. A row's number comes from its `r`, or from its first cell's.
fn read_row<'x>(
    row: &'x [u8],
    number: Option<u32>,
    ctx: &Context<'x>,
    out: &mut Rows<'x>,
) -> Res<()> {
    let mut at = 0;
    let mut next_col = 0;
    let mut started = false;
    while let Some(lt) = memchr(b'<', &row[at..]) {
        let open = at + lt;
        if !(row.get(open + 1) == Some(&b'c')
            && matches!(
                row.get(open + 2),
                Some(b' ' | b'>' | b'/' | b'\t' | b'\r' | b'\n')
            ))
        {
            at = open + 1;
            continue;
        }
        let (end, closed) = tag_end(row, open + 2).ok_or(Unexpected("an unclosed <c>"))?;
        let attrs = CellAttrs::read(&row[open + 2..end]);
        let (cell_row, col) = match attrs.r {
            Some(r) => cell_ref(r)?,
            None => (None, next_col),
        };
        if !started {
            let n = number
                .or(cell_row)
                .ok_or(Unexpected("a row without its number"))?;
            out.rows.push((n, out.cells.len()));
            started = true;
        }
        let (value, after) = if closed {
            (Value::Empty, end)
        } else {
            let len = find(&row[end..], b"</c>").ok_or(Unexpected("an unclosed cell"))?;
            (
                cell_value(&row[end..end + len], &attrs, ctx)?,
                end + len + 4,
            )
        };
        out.set(col, value)?;
        next_col = col + 1;
        at = after;
    }
    Ok(())
}

#[cfg(test)]
#[path = "sheet_tests.rs"]
mod tests;
