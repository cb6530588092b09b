//! The fast reader against calamine's: the same cells, and the same frame and summary on
//! every workbook the tests have.

use super::super::workbook::from_ref;
use super::super::{read as load_with, LoadError, LoadOptions, Loaded, Reader};
use super::sheet::{read_rows, sheet_data, split, Context};
use super::*;
use calamine::{Reader as _, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::io::Cursor;

type Cell = (String, u32, usize, Value<'static>);

/// Every non-empty cell as calamine reads it: sheet, 1-based row, 0-based column, value.
fn calamine_cells(bytes: &[u8]) -> Vec<Cell> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let epoch = if wb.has_1904_epoch() { 1462.0 } else { 0.0 };
    let mut out = vec![];
    for name in wb.sheet_names() {
        let mut cells = wb.worksheet_cells_reader(&name).unwrap();
        while let Some(cell) = cells.next_cell().unwrap() {
            let (r, c) = cell.get_position();
            let v = from_ref(cell.get_value().clone(), epoch).to_static();
            if v != Value::Empty {
                out.push((name.clone(), r + 1, c as usize, v));
            }
        }
    }
    out
}

/// The same from the fast reader, its sheets split into parts of `part` bytes.
fn fast_cells(bytes: &[u8], part: usize) -> Vec<Cell> {
    let mut package = Package::open(bytes).unwrap();
    let sheets = std::mem::take(&mut package.sheets);
    let mut out = vec![];
    for (name, path) in sheets {
        let xml = package.part(&path).unwrap();
        let ctx = Context {
            strings: &package.strings,
            formats: &package.formats,
            is_1904: package.is_1904,
        };
        for chunk in split(sheet_data(&xml).unwrap(), part) {
            for (r, cells) in read_rows(chunk, &ctx).unwrap().iter() {
                for (c, v) in cells.iter().enumerate() {
                    if *v != Value::Empty {
                        out.push((name.clone(), r, c, v.to_static()));
                    }
                }
            }
        }
    }
    out
}

/// A workbook with a cell of every kind a writer produces.
fn every_kind_of_cell() -> Vec<u8> {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet().set_name("Q&A <2024>").unwrap();
    let texts = [
        "plain",
        "  padded  ",
        "a & b < c > d \"q\" 'a'",
        "line1\nline2",
        "cr\r\nlf",
        "tab\there",
        "é ü 日本 😀",
        "_x0041_ literal",
        "",
    ];
    for (r, t) in texts.iter().enumerate() {
        sheet.write_string(r as u32, 0, *t).unwrap();
    }
    for (r, n) in [1.0, -2.5, 1e-10, 12_345_678_901_234.0, 0.1 + 0.2]
        .iter()
        .enumerate()
    {
        sheet.write_number(r as u32, 1, *n).unwrap();
    }
    sheet.write_boolean(0, 2, true).unwrap();
    sheet.write_boolean(1, 2, false).unwrap();
    let when = ExcelDateTime::from_ymd(2011, 12, 9)
        .unwrap()
        .and_hms(12, 50, 0)
        .unwrap();
    for (r, fmt) in [
        "yyyy-mm-dd hh:mm",
        "dd/mm/yyyy",
        "[h]:mm:ss",
        "h:mm AM/PM",
        "0.00",
        "\"Day\" 0",
    ]
    .iter()
    .enumerate()
    {
        let format = Format::new().set_num_format(*fmt);
        sheet
            .write_datetime_with_format(r as u32, 3, &when, &format)
            .unwrap();
    }
    sheet
        .write_formula(0, 4, Formula::new("=A1&\"x\"").set_result("plainx"))
        .unwrap();
    sheet
        .write_formula(1, 4, Formula::new("=B1*2").set_result("2"))
        .unwrap();
    sheet.write_number(40, 30, 7.0).unwrap();
    let other = wb.add_worksheet();
    other.write_string(2, 1, "second sheet").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn cells_read_as_calamine_reads_them() {
    let bytes = every_kind_of_cell();
    let want = calamine_cells(&bytes);
    assert!(want.len() >= 25, "{want:?}");
    assert_eq!(fast_cells(&bytes, 1 << 20), want);
    assert_eq!(fast_cells(&bytes, 64), want);
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Both readers give the same frame and summary, or the same error; `fast` says whether
/// the fast reader must read the workbook itself rather than give way. The fast reader
/// also reads the workbook in parts of 1 KiB, so that small workbooks are joined from
/// many parts too.
fn same_load(bytes: Vec<u8>, label: &str, fast: bool) {
    let options = LoadOptions::default();
    let taken = super::read(&bytes, &options, &mut |_| {});
    assert_eq!(taken.is_ok(), fast, "{label}: {:?}", taken.err());
    let a = load_with(bytes.clone(), &options, Reader::Fast, &mut |_| {});
    let b = load_with(bytes.clone(), &options, Reader::Calamine, &mut |_| {});
    same(a, &b, label);
    if let Ok((out, results)) = read_in_parts(&bytes, &options, 1024, &mut |_| {}) {
        let sheets = super::super::summarise(results, &options.mapping);
        let frame = out.finish(None).map(|(frame, _)| frame);
        match (frame, sheets, &b) {
            (Ok(frame), Ok(sheets), Ok(b)) => {
                assert!(
                    frame.equals_missing(&b.frame),
                    "{label} in parts: frames differ"
                );
                assert_eq!(sheets, b.summary.sheets, "{label} in parts");
            }
            // As `load`: a sheet that cannot be used is said before unreadable values.
            (_, Err(a), Err(b)) | (Err(a), Ok(_), Err(b)) => {
                assert_eq!(a.to_string(), b.to_string(), "{label} in parts")
            }
            (a, s, _) => panic!("{label} in parts: {:?} {:?}", a.err(), s.err()),
        }
    }
}

fn same(a: Result<Loaded, LoadError>, b: &Result<Loaded, LoadError>, label: &str) {
    match (a, b) {
        (Ok(a), Ok(b)) => {
            assert!(a.frame.equals_missing(&b.frame), "{label}: frames differ");
            assert_eq!(a.summary, b.summary, "{label}");
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{label}"),
        (a, b) => panic!(
            "{label}: fast {:?} but calamine {:?}",
            a.err(),
            b.as_ref().err()
        ),
    }
}

/// A CSV fixture as an xlsx workbook, every cell as text.
fn as_workbook(csv_text: &[u8]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text);
    for (r, record) in reader.records().enumerate() {
        for (c, field) in record.unwrap().iter().enumerate() {
            sheet.write_string(r as u32, c as u16, field).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn shop_exports_as_workbooks_load_as_with_calamine() {
    // Shopify's fills order-level cells down, so its rows are read in one piece.
    for name in [
        "orders_export_1.csv",
        "woocommerce_orders.csv",
        "superstore_orders.csv",
    ] {
        let bytes = as_workbook(&fixture(&format!("shops/{name}")));
        same_load(bytes, name, true);
    }
}

#[test]
fn workbook_fixtures_load_as_with_calamine() {
    for name in [
        "retail_300.xlsx",
        "retail_ii_2sheets.xlsx",
        "header_offset.xlsx",
        "missing_columns.xlsx",
        "empty.xlsx",
    ] {
        same_load(fixture(name), name, true);
    }
    // Not packages the fast reader can open: calamine reads them and says what is wrong.
    for name in ["password.xlsx", "truncated.xlsx"] {
        same_load(fixture(name), name, false);
    }
}

#[test]
fn real_workbooks_load_as_with_calamine() {
    let dir = format!("{}/../../shared/data", env!("CARGO_MANIFEST_DIR"));
    for name in [
        "online_retail_subset_40k.xlsx",
        "online_retail_II_subset_2sheets.xlsx",
    ] {
        match std::fs::read(format!("{dir}/{name}")) {
            Ok(bytes) => same_load(bytes, name, true),
            Err(e) => eprintln!("SKIPPED (not checked): {dir}/{name}: {e}"),
        }
    }
}
