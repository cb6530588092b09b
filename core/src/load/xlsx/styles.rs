//! Which cell styles hold dates. A number in a cell is a date only by its style's number
//! format, so the scanner needs, per style index, whether that format is a date.
//!
//! The rules are calamine's (`formats.rs`, MIT), restated here because calamine keeps
//! them private; the fast reader must read every number as calamine does, which the
//! equality tests check on every workbook fixture.

use super::xml::{attr, attr_text, start_tag, Res, Unexpected};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellFormat {
    Other,
    DateTime,
    /// A duration such as `[h]:mm:ss`: read as a plain number.
    TimeDelta,
}

/// The format of each entry of `<cellXfs>`, in order.
pub(crate) fn cell_formats(xml: &[u8]) -> Res<Vec<CellFormat>> {
    let custom = number_formats(xml)?;
    let Some(xfs) = start_tag(xml, b"cellXfs", 0) else {
        return Ok(vec![]);
    };
    if xfs.closed {
        return Ok(vec![]);
    }
    let end = memchr::memmem::find(&xml[xfs.end..], b"</cellXfs>")
        .ok_or(Unexpected("an unclosed <cellXfs>"))?;
    let section = &xml[xfs.end..xfs.end + end];
    let mut out = vec![];
    let mut at = 0;
    while let Some(xf) = start_tag(section, b"xf", at) {
        at = xf.end;
        out.push(match attr_text(xf.attrs, b"numFmtId")? {
            None => CellFormat::Other,
            Some(id) => match custom.get(id.as_ref()) {
                Some(code) => custom_format(code),
                None => builtin_format(&id),
            },
        });
    }
    Ok(out)
}

/// The workbook's own number formats: id → format code.
fn number_formats(xml: &[u8]) -> Res<HashMap<String, String>> {
    let mut out = HashMap::new();
    let mut at = 0;
    while let Some(fmt) = start_tag(xml, b"numFmt", at) {
        at = fmt.end;
        if let (Some(id), Some(code)) = (
            attr(fmt.attrs, b"numFmtId"),
            attr_text(fmt.attrs, b"formatCode")?,
        ) {
            let id = String::from_utf8_lossy(id).into_owned();
            out.insert(id, code.into_owned());
        }
    }
    Ok(out)
}

/// Excel's built-in formats that are dates, times or durations.
fn builtin_format(id: &str) -> CellFormat {
    match id.parse::<u16>() {
        Ok(14..=22 | 27..=36 | 45 | 47 | 50..=58) => CellFormat::DateTime,
        Ok(46) => CellFormat::TimeDelta,
        _ => CellFormat::Other,
    }
}

/// Whether a custom format code shows a date: a day, month, year, hour or second token
/// outside quotes, escapes and brackets, in its first section; `[h]` and the like make a
/// duration.
fn custom_format(format: &str) -> CellFormat {
    let (mut escaped, mut quoted, mut hms, mut ap) = (false, false, false, false);
    let mut brackets = 0u8;
    let mut prev = ' ';
    for s in format.chars() {
        match (s, escaped, quoted, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => quoted = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => quoted = true,
            (';', ..) => return CellFormat::Other,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return CellFormat::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return CellFormat::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return CellFormat::DateTime
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    CellFormat::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_formats_are_read_as_calamine_reads_them() {
        for (code, want) in [
            ("DD/MM/YY", CellFormat::DateTime),
            ("H:MM:SS;@", CellFormat::DateTime),
            ("[h]:mm:ss", CellFormat::TimeDelta),
            ("#,##0.00", CellFormat::Other),
            ("\"Day\" 0", CellFormat::Other),
            ("[$-409]mmm d, yyyy", CellFormat::DateTime),
            ("0.00;[Red]-0.00", CellFormat::Other),
        ] {
            assert_eq!(custom_format(code), want, "{code}");
        }
    }

    #[test]
    fn styles_map_each_cell_format_in_order() {
        let xml = br#"<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy&quot; &quot;hh:mm"/></numFmts>
            <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
            <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="22"></xf><xf/></cellXfs></styleSheet>"#;
        assert_eq!(
            cell_formats(xml).unwrap(),
            [
                CellFormat::Other,
                CellFormat::DateTime,
                CellFormat::DateTime,
                CellFormat::Other
            ]
        );
    }
}
