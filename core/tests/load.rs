//! The loader on real fixtures: every format, both header sets, and every way a file can
//! be wrong.

// Test code: a failed expectation should panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use segwork_core::columns::Field;
use segwork_core::load::{load, SheetStatus, SourceFormat};
use segwork_core::{Check, LoadError, LoadOptions};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const MS_2010_12_01_0826: i64 = 1_291_191_960_000;

fn check_first_row(l: &segwork_core::load::Loaded) {
    assert_eq!(strs(l, "invoice")[0].as_deref(), Some("536365"));
    assert_eq!(strs(l, "stock_code")[0].as_deref(), Some("85123A"));
    assert_eq!(
        strs(l, "stock_code")[1].as_deref(),
        Some("71053"),
        "numeric stock codes read as text"
    );
    assert_eq!(
        strs(l, "description")[0].as_deref(),
        Some("WHITE HANGING HEART T-LIGHT HOLDER")
    );
    assert_eq!(f64s(l, "quantity")[0], Some(6.0));
    assert_eq!(i64s(l, "timestamp_ms")[0], Some(MS_2010_12_01_0826));
    assert_eq!(f64s(l, "unit_price")[0], Some(2.55));
    assert_eq!(
        strs(l, "customer_id")[0].as_deref(),
        Some("17850"),
        "17850.0 reads as 17850"
    );
    assert_eq!(strs(l, "country")[0].as_deref(), Some("United Kingdom"));
}

#[test]
fn xlsx_xls_ods_and_csv_read_the_same_rows() {
    let xlsx = load_ok(fixture!("retail_300.xlsx"));
    let xls = load_ok(fixture!("retail_300.xls"));
    let ods = load_ok(fixture!("retail_300.ods"));
    let csv = load_ok(fixture!("online_retail_first999.csv"));
    assert_eq!(xlsx.summary.format, SourceFormat::Xlsx);
    assert_eq!(xls.summary.format, SourceFormat::Xls);
    assert_eq!(ods.summary.format, SourceFormat::Ods);
    assert_eq!(csv.summary.format, SourceFormat::Csv);
    assert_eq!(csv.frame.height(), 999);
    for l in [&xlsx, &xls, &ods, &csv] {
        check_first_row(l);
    }
    for other in [&xls, &ods, &csv] {
        for column in [
            "invoice",
            "stock_code",
            "description",
            "customer_id",
            "country",
        ] {
            assert_eq!(
                strs(&xlsx, column),
                strs(other, column)[..300].to_vec(),
                "{column}"
            );
        }
        assert_eq!(
            f64s(&xlsx, "quantity"),
            f64s(other, "quantity")[..300].to_vec()
        );
        assert_eq!(
            f64s(&xlsx, "unit_price"),
            f64s(other, "unit_price")[..300].to_vec()
        );
        assert_eq!(
            i64s(&xlsx, "timestamp_ms"),
            i64s(other, "timestamp_ms")[..300].to_vec()
        );
    }
}

#[test]
fn online_retail_ii_sheets_are_concatenated() {
    let l = load_ok(fixture!("retail_ii_2sheets.xlsx"));
    assert_eq!(l.frame.height(), 400);
    let used: Vec<_> = l
        .summary
        .sheets
        .iter()
        .map(|s| (&s.name[..], &s.status))
        .collect();
    assert_eq!(
        used,
        [
            (
                "Year 2009-2010",
                &SheetStatus::Used {
                    header_row: 1,
                    rows: 200
                }
            ),
            (
                "Year 2010-2011",
                &SheetStatus::Used {
                    header_row: 1,
                    rows: 200
                }
            ),
        ]
    );
}

#[test]
fn header_below_a_title_is_found() {
    let l = load_ok(fixture!("header_offset.xlsx"));
    assert_eq!(l.frame.height(), 50);
    assert_eq!(
        l.summary.sheets[0].status,
        SheetStatus::Used {
            header_row: 3,
            rows: 50
        }
    );
    check_first_row(&l);
}

#[test]
fn semicolons_decimal_commas_latin1_and_cr_line_ends() {
    let l = load_ok(fixture!("semicolon_latin1_cr.csv"));
    assert_eq!(l.frame.height(), 60);
    assert_eq!(
        strs(&l, "description")[0].as_deref(),
        Some("CAFÉ HEART T-LIGHT HOLDER")
    );
    assert_eq!(f64s(&l, "unit_price")[0], Some(2.55));
    assert_eq!(i64s(&l, "timestamp_ms")[0], Some(MS_2010_12_01_0826));
}

#[test]
fn a_user_mapping_overrides_header_matching() {
    let csv = "Inv,Code,Text,Units,When,Each,Client,Where\n536365,85123A,HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom\n";
    let err = load_err(csv.as_bytes().to_vec());
    assert!(
        matches!(err, LoadError::MissingColumns { ref missing, .. } if *missing == [Field::InvoiceDate, Field::UnitPrice]),
        "only the fields an analysis cannot do without are asked for (\"Client\" is a customer): {err:?}"
    );
    let mut options = LoadOptions::default();
    for (f, h) in Field::ALL.into_iter().zip([
        "Inv", "Code", "Text", "Units", "When", "Each", "Client", "Where",
    ]) {
        options.mapping.insert(f, h.to_owned());
    }
    let l = load(
        csv.as_bytes().to_vec(),
        &options.clone().check().unwrap(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(strs(&l, "customer_id")[0].as_deref(), Some("17850"));
    options.mapping.insert(Field::CustomerId, "Nope".into());
    assert_eq!(
        load_err_with(csv.as_bytes().to_vec(), &options),
        LoadError::MappingNotFound {
            field: Field::CustomerId,
            header: "Nope".into()
        }
    );
}

#[test]
fn progress_reaches_the_end() {
    let mut seen = vec![];
    load(
        fixture!("retail_300.xlsx"),
        &LoadOptions::default().check().unwrap(),
        &mut |f| seen.push(f),
    )
    .unwrap();
    assert_eq!(seen.last(), Some(&1.0));
    assert!(seen.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn a_large_sheet_reports_progress_while_it_is_read() {
    let sample = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../public/sample.xlsx"
    ))
    .to_vec();
    let mut seen = vec![];
    load(sample, &LoadOptions::default().check().unwrap(), &mut |f| {
        seen.push(f)
    })
    .unwrap();
    let inside = seen.iter().filter(|f| **f > 0.0 && **f < 1.0).count();
    assert!(inside >= 3, "progress inside the sheet: {seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
}

/// 2023-01-02 at midnight, in ms since 1970.
const MS_2023_01_02: i64 = 1_672_617_600_000;

#[test]
fn a_separate_time_column_gives_the_dates_their_time_of_day() {
    // A point-of-sale export (Square's item sales): the day in "Date", the time in "Time".
    let csv = "Date,Time,Time Zone,Category,Item,Qty,SKU,Gross Sales,Transaction ID,Customer ID\n\
               2023-01-02,11:41:36,Pacific Time (US & Canada),Coffee,Latte,2,LAT,$9.00,TX1,C1\n\
               2023-01-02,2:05 PM,Pacific Time (US & Canada),Bakery,Bagel,1,BAG,$2.95,TX2,C2\n\
               2023-01-02,,Pacific Time (US & Canada),Bakery,Bagel,1,BAG,$2.95,TX3,C2\n";
    let l = load_ok(csv.as_bytes().to_vec());
    assert_eq!(l.summary.time_of_day.as_deref(), Some("Time"));
    let hms = |h: i64, m: i64, s: i64| MS_2023_01_02 + ((h * 60 + m) * 60 + s) * 1000;
    assert_eq!(
        i64s(&l, "timestamp_ms"),
        [
            Some(hms(11, 41, 36)),
            Some(hms(14, 5, 0)),
            Some(hms(0, 0, 0))
        ],
        "an empty time is midnight, as a date alone"
    );
    // A date that carries its own time keeps it: the time column fills only dates without.
    let own = "Date,Time,Item,Qty,Price,Customer ID\n2023-01-02 08:30,11:41,Latte,1,4.5,C1\n";
    let l = load_ok(own.as_bytes().to_vec());
    assert_eq!(i64s(&l, "timestamp_ms"), [Some(hms(8, 30, 0))]);
}

#[test]
fn a_workbook_time_column_of_day_fractions_is_read() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let header = ["Date", "Time", "Item", "Qty", "Price", "Customer"];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let time = Format::new().set_num_format("hh:mm:ss");
    let date = ExcelDateTime::from_ymd(2023, 1, 2).unwrap();
    sheet.write_datetime_with_format(1, 0, &date, &day).unwrap();
    // 14:05:09 as a fraction of a day.
    let at = (14.0 * 3600.0 + 5.0 * 60.0 + 9.0) / 86_400.0;
    sheet.write_number_with_format(1, 1, at, &time).unwrap();
    sheet.write_string(1, 2, "Latte").unwrap();
    sheet.write_number(1, 3, 1.0).unwrap();
    sheet.write_number(1, 4, 4.5).unwrap();
    sheet.write_string(1, 5, "C1").unwrap();
    let l = load_ok(book.save_to_buffer().unwrap());
    assert_eq!(
        i64s(&l, "timestamp_ms"),
        [Some(MS_2023_01_02 + ((14 * 60 + 5) * 60 + 9) * 1000)]
    );
}

/// A point-of-sale export that calls the order a sale ("Sale ID") keeps its order ids: its
/// repeated lines are then duplicates, and its orders are counted by id. Its "Shipping
/// Country" is the country.
#[test]
fn a_sale_id_is_the_order_id() {
    for header in ["Sale ID", "Order Ref", "Receipt Number"] {
        let csv = format!(
            "{header},Sale Date,Customer Email,Item Name,SKU,Qty,Unit Price,Shipping Country\n\
             S5001,22/11/2025 21:00,kai@example.com,Notebook A5,NB-5,1,6.20,Portugal\n\
             S5002,04/02/2025 12:00,rui@example.com,Tea sampler,TEA-9,1,22.00,Spain\n"
        );
        let l = load_ok(csv.into_bytes());
        assert_eq!(strs(&l, "country")[1].as_deref(), Some("Spain"), "{header}");
        assert_eq!(
            strs(&l, "invoice"),
            [Some("S5001".to_owned()), Some("S5002".to_owned())],
            "{header}"
        );
    }
}

/// Till and shop exports in other languages are recognised by their own headers, with no
/// mapping: semicolons, day-first dates, decimal commas and latin-1 as such files come.
#[test]
fn european_headers_are_recognised() {
    let exports: [(&[u8], &str); 2] = [
        (
            b"Belegnummer;Datum;Kundennummer;Artikelnummer;Artikelbezeichnung;Menge;Einzelpreis;Land\r\n\
              B-1001;03.02.2024;K17;4711;K\xe4sekuchen;2;3,50;Deutschland\r\n\
              B-1002;04.02.2024;K18;4712;Apfelstrudel;1;4,20;\xd6sterreich\r\n",
            "Käsekuchen",
        ),
        (
            b"Num\xe9ro de facture;Date;Num\xe9ro client;R\xe9f\xe9rence;D\xe9signation;Quantit\xe9;Prix unitaire;Pays\r\n\
              F-1001;03/02/2024;C17;4711;G\xe2teau;2;3,50;France\r\n\
              F-1002;04/02/2024;C18;4712;Cr\xeape;1;4,20;Belgique\r\n",
            "Gâteau",
        ),
    ];
    for (bytes, name) in exports {
        let l = load_ok(bytes.to_vec());
        assert_eq!(l.frame.height(), 2);
        assert_eq!(strs(&l, "description")[0].as_deref(), Some(name));
        assert_eq!(strs(&l, "stock_code")[0].as_deref(), Some("4711"));
        assert_eq!(f64s(&l, "unit_price")[0], Some(3.5));
        assert_eq!(f64s(&l, "quantity")[0], Some(2.0));
        assert!(strs(&l, "customer_id")[1]
            .as_deref()
            .is_some_and(|c| c.ends_with("18")));
        assert!(strs(&l, "country")[0].is_some());
    }
}
