use super::*;
use crate::load::xlsx::cell::index;
use std::borrow::Cow;

const DATE: CellFormat = CellFormat::DateTime;

fn ctx<'x>(strings: &'x [String], is_1904: bool) -> Context<'x> {
    const FORMATS: [CellFormat; 3] = [CellFormat::Other, DATE, CellFormat::TimeDelta];
    Context {
        strings,
        formats: &FORMATS,
        is_1904,
    }
}

fn rows<'x>(xml: &'x [u8], ctx: &Context<'x>) -> Vec<(u32, Vec<Value<'x>>)> {
    let rows = read_rows(sheet_data(xml).unwrap(), ctx).unwrap();
    rows.iter().map(|(n, cells)| (n, cells.to_vec())).collect()
}

fn text(s: &str) -> Value<'_> {
    Value::Text(Cow::Borrowed(s))
}

#[test]
fn every_cell_type_is_read() {
    let strings = vec!["shared".to_owned(), "other".to_owned()];
    let xml = br#"<worksheet><dimension ref="A1:H2"/><sheetData>
        <row r="1" spans="1:8"><c r="A1" t="s"><v>1</v></c><c r="B1" s="1"><v>45000.5</v></c>
        <c r="C1" s="2"><v>1.25</v></c><c r="D1" t="b"><v>1</v></c><c r="E1" t="e"><v>#N/A</v></c>
        <c r="F1" t="str"><f>A1&amp;"x"</f><v>a &amp; b_x000D_</v></c>
        <c r="G1" t="inlineStr"><is><t xml:space="preserve"> in line </t></is></c><c r="H1" t="d"><v>2024-01-02T03:04:05</v></c></row>
        <row r="3"><c r="B3" s="1"/><c r="C3"><v>-7E-3</v></c><c r="D3"><f>1/0</f></c></row>
    </sheetData></worksheet>"#;
    let c = ctx(&strings, false);
    let got = rows(xml, &c);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].0, 1);
    assert_eq!(
        got[0].1,
        [
            text("other"),
            Value::DateTime(45000.5),
            Value::Number(1.25),
            Value::Bool(true),
            Value::Error("#N/A".into()),
            text("a & b\r"),
            text(" in line "),
            text("2024-01-02T03:04:05"),
        ]
    );
    assert_eq!(got[1].0, 3);
    assert_eq!(
        got[1].1,
        [
            Value::Empty,
            Value::Empty,
            Value::Number(-0.007),
            Value::Empty
        ]
    );
}

#[test]
fn dates_of_the_1904_system_are_moved_to_the_1900_system() {
    let xml = br#"<sheetData><row r="1"><c r="A1" s="1"><v>0</v></c></row></sheetData>"#;
    let c = ctx(&[], true);
    assert_eq!(rows(xml, &c)[0].1, [Value::DateTime(1462.0)]);
}

#[test]
fn cells_without_a_reference_follow_the_one_before() {
    let xml = br#"<sheetData><row r="2"><c><v>1</v></c><c r="C2"><v>3</v></c><c><v>4</v></c></row>
        <row><c r="A3"><v>5</v></c></row></sheetData>"#;
    let c = ctx(&[], false);
    let got = rows(xml, &c);
    let n = Value::Number;
    assert_eq!(got[0], (2, vec![n(1.0), Value::Empty, n(3.0), n(4.0)]));
    assert_eq!(got[1], (3, vec![n(5.0)]));
}

#[test]
fn parts_start_at_rows_and_read_the_same_rows_together() {
    let mut xml = b"<sheetData>".to_vec();
    for r in 1..=200 {
        xml.extend(format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="AB{r}" t="inlineStr"><is><t>x{r}</t></is></c></row>"#).bytes());
    }
    xml.extend(b"</sheetData>");
    let data = sheet_data(&xml).unwrap();
    let c = ctx(&[], false);
    let whole = rows(&xml, &c);
    let parts = split(data, 300);
    assert!(parts.len() > 10);
    assert!(parts.iter().all(|p| p.starts_with(b"<row")));
    let joined: Vec<_> = parts
        .iter()
        .flat_map(|p| {
            let rows = read_rows(p, &c).unwrap();
            rows.iter()
                .map(|(n, cells)| (n, cells.to_vec()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(joined, whole);
    assert_eq!(whole.len(), 200);
    assert_eq!(whole[199].1[27], text("x200"));
}

#[test]
fn what_the_scanner_does_not_read_is_said() {
    for xml in [
        &br#"<x:worksheet><x:sheetData><x:row r="1"/></x:sheetData></x:worksheet>"#[..],
        br#"<sheetData><row r="1"><c r="A1" t="s"><v>9</v></c></row></sheetData>"#,
        br#"<sheetData><row r="1"><c r="A1" t="q"><v>9</v></c></row></sheetData>"#,
        br#"<sheetData><row><c><v>9</v></c></row></sheetData>"#,
        br#"<sheetData><row r="1"><c r="A1"><v>9</v></row></sheetData>"#,
        // Indices that are not numbers are not read as the first entry.
        br#"<sheetData><row r="1"><c r="A1" t="s"><v>x</v></c></row></sheetData>"#,
        br#"<sheetData><row r="1"><c r="A1" s="one"><v>9</v></c></row></sheetData>"#,
    ] {
        let strings = ["first".to_owned()];
        let c = ctx(
            if xml.windows(4).any(|w| w == b"<v>x") {
                &strings
            } else {
                &[]
            },
            false,
        );
        let read = sheet_data(xml).and_then(|d| read_rows(d, &c));
        assert!(read.is_err(), "{}", String::from_utf8_lossy(xml));
    }
    assert_eq!(
        sheet_data(b"<worksheet><sheetData/></worksheet>").unwrap(),
        b""
    );
}

#[test]
fn indices_read_as_the_general_parser_reads_them() {
    for raw in [
        &b"0"[..],
        b"7",
        b"+42",
        b" 12 ",
        b"1048576",
        b"123456789",
        b"12345678901",
        b"",
        b"-1",
        b"1.5",
        b"1e3",
        b"\xc2\xa012",
        b"\xff",
    ] {
        let general = std::str::from_utf8(raw)
            .ok()
            .and_then(|s| s.trim().parse::<usize>().ok());
        assert_eq!(index(raw), general, "{}", String::from_utf8_lossy(raw));
    }
    assert!(number(b"4294967296").is_err(), "beyond a u32");
}
