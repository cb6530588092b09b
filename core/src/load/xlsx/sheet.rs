//! The sheet scanner: a worksheet's XML → rows of cells. It reads the elements a sheet's
//! data is made of (`<row>`, `<c>`, `<v>`, `<is>`, skipping `<f>`) straight from the
//! bytes, and splits the data at row boundaries so that the parts can be read in
//! parallel. Text borrows from the shared strings or the XML wherever it needs no
//! decoding.

use super::styles::CellFormat;
use super::xml::{attr, decode, find, string_item, tag_end, unescape_excel, Res, Unexpected};
use crate::load::value::Value;
use crate::load::workbook::DAYS_1900_TO_1904;
use memchr::{memchr, memmem};
use std::borrow::Cow;

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

/// The attributes of a `<c>` the value depends on.
#[derive(Debug, Default)]
struct CellAttrs<'x> {
    r: Option<&'x [u8]>,
    s: Option<&'x [u8]>,
    t: Option<&'x [u8]>,
}

impl<'x> CellAttrs<'x> {
    fn read(attrs: &'x [u8]) -> Self {
        Self {
            r: attr(attrs, b"r"),
            s: attr(attrs, b"s"),
            t: attr(attrs, b"t"),
        }
    }
}

fn number(raw: &[u8]) -> Res<u32> {
    std::str::from_utf8(raw)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .ok_or(Unexpected("a row number"))
}

/// A cell reference such as `AB12`: its 1-based row (if given) and 0-based column.
fn cell_ref(r: &[u8]) -> Res<(Option<u32>, usize)> {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 {
        return Err(Unexpected("a cell reference"));
    }
    let col = r[..letters].iter().fold(0usize, |acc, b| {
        acc * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row = match &r[letters..] {
        [] => None,
        digits => Some(number(digits)?),
    };
    Ok((row, col - 1))
}

/// A cell's value from its content (`<f>`, `<v>`, `<is>`) and type.
fn cell_value<'x>(content: &'x [u8], attrs: &CellAttrs, ctx: &Context<'x>) -> Res<Value<'x>> {
    let kind = attrs.t.unwrap_or(b"n");
    if kind == b"inlineStr" {
        return match element(content, b"is")? {
            Some(item) => Ok(Value::Text(string_item(item)?)),
            None => Ok(Value::Empty),
        };
    }
    let Some(v) = value_text(content)? else {
        return Ok(Value::Empty);
    };
    match kind {
        b"n" => numeric(v, attrs, ctx),
        b"s" if v.is_empty() => Ok(Value::Empty),
        b"s" => {
            let index = std::str::from_utf8(v).ok().and_then(|s| s.parse().ok());
            let text = ctx.strings.get(index.unwrap_or(0));
            text.map(|s| Value::Text(Cow::Borrowed(s.as_str())))
                .ok_or(Unexpected("a shared string that is not in the table"))
        }
        b"str" => Ok(Value::Text(unescape_excel(decode(v)?))),
        b"d" => Ok(Value::Text(decode(v)?)),
        b"b" => match std::str::from_utf8(v).map(str::trim) {
            Ok("") => Ok(Value::Empty),
            Ok(b) if b == "0" || b.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
            Ok(b) if b == "1" || b.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
            _ => Err(Unexpected("a boolean cell")),
        },
        b"e" => Ok(Value::Error(decode(v)?.into_owned())),
        _ => Err(Unexpected("a cell type")),
    }
}

/// A number, or a date when its style's format is one.
fn numeric<'x>(v: &'x [u8], attrs: &CellAttrs, ctx: &Context<'x>) -> Res<Value<'x>> {
    if v.is_empty() {
        return Ok(Value::Empty);
    }
    let text = std::str::from_utf8(v).map_err(|_| Unexpected("a number"))?;
    let Ok(n) = text.parse::<f64>() else {
        return match attrs.t {
            None => Ok(Value::Text(Cow::Borrowed(text))),
            Some(_) => Err(Unexpected("a number")),
        };
    };
    let format = match attrs.s {
        None => Some(&CellFormat::Other),
        Some(s) => {
            let id = std::str::from_utf8(s).ok().and_then(|s| s.parse().ok());
            ctx.formats.get(id.unwrap_or(0))
        }
    };
    Ok(match format {
        Some(CellFormat::DateTime) if ctx.is_1904 => Value::DateTime(n + DAYS_1900_TO_1904),
        Some(CellFormat::DateTime) => Value::DateTime(n),
        _ => Value::Number(n),
    })
}

/// The text of the cell's `<v>`, looked for the common way first.
fn value_text(content: &[u8]) -> Res<Option<&[u8]>> {
    match find(content, b"<v>") {
        Some(at) => {
            let len = find(&content[at + 3..], b"</v>").ok_or(Unexpected("an unclosed <v>"))?;
            Ok(Some(&content[at + 3..at + 3 + len]))
        }
        None => element(content, b"v"),
    }
}

/// The content of the first `<name>…</name>` in `xml`; `None` if there is none or it is
/// self-closed.
fn element<'x>(xml: &'x [u8], name: &[u8]) -> Res<Option<&'x [u8]>> {
    let Some(tag) = super::xml::start_tag(xml, name, 0) else {
        return Ok(None);
    };
    if tag.closed {
        return Ok(None);
    }
    let mut close = Vec::with_capacity(name.len() + 3);
    close.extend_from_slice(b"</");
    close.extend_from_slice(name);
    close.push(b'>');
    let len = memmem::find(&xml[tag.end..], &close).ok_or(Unexpected("an unclosed element"))?;
    Ok(Some(&xml[tag.end..tag.end + len]))
}

#[cfg(test)]
#[path = "sheet_tests.rs"]
mod tests;
