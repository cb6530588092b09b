//! One cell of a worksheet: its attributes, its reference and its value. The sheet
//! scanner ([`super::sheet`]) finds the cells; this reads them.

use super::sheet::Context;
use super::styles::CellFormat;
use super::xml::{decode, find, string_item, unescape_excel, Attrs, Res, Unexpected};
use crate::load::value::Value;
use crate::load::workbook::DAYS_1900_TO_1904;
use memchr::memmem;
use std::borrow::Cow;

/// The attributes of a `<c>` the value depends on.
#[derive(Debug, Default)]
pub(super) struct CellAttrs<'x> {
    pub(super) r: Option<&'x [u8]>,
    s: Option<&'x [u8]>,
    t: Option<&'x [u8]>,
}

impl<'x> CellAttrs<'x> {
    /// One pass over the list; the first of a repeated name counts, as with [`attr`].
    pub(super) fn read(attrs: &'x [u8]) -> Self {
        let mut out = Self::default();
        for (key, value) in Attrs::new(attrs) {
            let slot = match key {
                b"r" => &mut out.r,
                b"s" => &mut out.s,
                b"t" => &mut out.t,
                _ => continue,
            };
            slot.get_or_insert(value);
        }
        out
    }
}

pub(super) fn number(raw: &[u8]) -> Res<u32> {
    index(raw)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or(Unexpected("a row number"))
}

/// A whole number written in ASCII digits (as `str::parse` reads it after a trim: an
/// optional `+`, no sign otherwise). Sheet data is mostly such numbers (row numbers,
/// style and shared-string indices), so they are read without the UTF-8 check and the
/// general parser; anything else goes the general way.
pub(super) fn index(raw: &[u8]) -> Option<usize> {
    let digits = raw.trim_ascii();
    let digits = digits.strip_prefix(b"+").unwrap_or(digits);
    if digits.is_empty() || digits.len() > 9 || !digits.iter().all(u8::is_ascii_digit) {
        return std::str::from_utf8(raw).ok()?.trim().parse().ok();
    }
    Some(
        digits
            .iter()
            .fold(0, |n, &d| n * 10 + usize::from(d - b'0')),
    )
}

/// A cell reference such as `AB12`: its 1-based row (if given) and 0-based column.
pub(super) fn cell_ref(r: &[u8]) -> Res<(Option<u32>, usize)> {
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
pub(super) fn cell_value<'x>(
    content: &'x [u8],
    attrs: &CellAttrs,
    ctx: &Context<'x>,
) -> Res<Value<'x>> {
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
            let at = index(v).ok_or(Unexpected("a shared string index that is not a number"))?;
            let text = ctx.strings.get(at);
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
        Some(s) => ctx
            .formats
            .get(index(s).ok_or(Unexpected("a style index that is not a number"))?),
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
