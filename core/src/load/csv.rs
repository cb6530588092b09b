//! CSV and other delimited text: UTF-8, UTF-16 (with a byte-order mark) or latin-1
//! (Windows-1252); `,` `;` or tab separated; CR, LF or CRLF line ends; decimal commas when
//! `;` separates.

use super::builder::TableBuilder;
use super::error::LoadError;
use super::scan::{SheetOutcome, SheetScan};
use super::value::Value;
use super::LoadOptions;
use std::borrow::Cow;

/// Decodes the file's text. Invalid UTF-8 is taken as Windows-1252, the usual "latin-1"
/// of spreadsheet exports (every byte sequence is valid in it).
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return text;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// How the fields of a line are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Separator {
    Char(u8),
    /// Runs of spaces, as in fixed-width purchase logs (CDNOW).
    Whitespace,
}

/// The separator of the first non-blank line: the most frequent of `,` `;` and tab
/// outside quotes (ties go to the comma); runs of spaces when the line has none of them
/// but several space-separated fields.
pub(crate) fn sniff_separator(text: &str) -> Separator {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let none = !line.contains([',', ';', '\t']);
    if none && line.split_whitespace().nth(2).is_some() {
        return Separator::Whitespace;
    }
    Separator::Char(sniff_delimiter(text))
}

/// The most frequent of `,` `;` and tab outside quotes in the first non-blank line (ties
/// go to the comma).
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    [b',', b';', b'\t'][best]
}

pub(crate) fn read(
    bytes: &[u8],
    options: &LoadOptions,
    out: &mut TableBuilder,
    progress: &mut dyn FnMut(f64),
) -> Result<Vec<(String, SheetOutcome)>, LoadError> {
    let text = decode(bytes);
    let delimiter = match sniff_separator(&text) {
        Separator::Char(d) => d,
        Separator::Whitespace => return Ok(read_whitespace(&text, options, out, progress)),
    };
    let total = text.len().max(1) as f64;
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut scan = SheetScan::new("CSV".to_owned(), options, delimiter == b';');
    let mut record = ::csv::StringRecord::new();
    let mut line = 0usize;
    let mut records = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(LoadError::Corrupt {
                    detail: format!("CSV: {e}"),
                })
            }
        }
        line = record.position().map_or(line + 1, |p| p.line() as usize);
        let row: Vec<Value<'_>> = record
            .iter()
            .map(|f| {
                if f.is_empty() {
                    Value::Empty
                } else {
                    Value::Text(Cow::Borrowed(f))
                }
            })
            .collect();
        scan.row(&row, line, out);
        if scan.gave_up() {
            break;
        }
        records += 1;
        if records.is_multiple_of(16_384) {
            progress(reader.position().byte() as f64 / total);
        }
    }
    progress(1.0);
    Ok(vec![("CSV".to_owned(), scan.finish(out))])
}

/// Reads lines whose fields are separated by runs of spaces (no quoting).
fn read_whitespace(
    text: &str,
    options: &LoadOptions,
    out: &mut TableBuilder,
    progress: &mut dyn FnMut(f64),
) -> Vec<(String, SheetOutcome)> {
    let mut scan = SheetScan::new("Text".to_owned(), options, false);
    let total = text.len().max(1) as f64;
    let mut done = 0usize;
    for (i, line) in text.lines().enumerate() {
        let row: Vec<Value<'_>> = line
            .split_whitespace()
            .map(|f| Value::Text(Cow::Borrowed(f)))
            .collect();
        scan.row(&row, i + 1, out);
        if scan.gave_up() {
            break;
        }
        done += line.len() + 1;
        if i % 16_384 == 0 {
            progress(done as f64 / total);
        }
    }
    progress(1.0);
    vec![("Text".to_owned(), scan.finish(out))]
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn sniffs_the_separator() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter("\"x;y\",b,c"), b',');
    }

    #[test]
    fn a_purchase_log_is_separated_by_spaces() {
        assert_eq!(
            sniff_separator(" 00004 0001 19970101  2   29.33\r\n"),
            Separator::Whitespace
        );
        assert_eq!(sniff_separator("a b,c d\n"), Separator::Char(b','));
        assert_eq!(sniff_separator("Customer\n"), Separator::Char(b','));
    }

    #[test]
    fn decodes_latin1_and_utf16() {
        assert_eq!(decode(b"caf\xe9"), "café");
        assert_eq!(decode("café".as_bytes()), "café");
        assert_eq!(decode(b"\xef\xbb\xbfab"), "ab");
        assert_eq!(decode(b"\xff\xfea\0b\0"), "ab");
    }
}
