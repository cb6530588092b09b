//! Every way a file can be wrong, as one table: the bytes, the error expected, and words
//! the message must hold for the user; then settings that cannot work on a file.

// Test code: a failed expectation should panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use segwork_core::clean::{CleanError, CleanStepId};
use segwork_core::columns::Field;
use segwork_core::load::BadCell;
use segwork_core::model::ModelError;
use segwork_core::{AnalysisParams, CleanParams, Error, LoadError, LoadOptions};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const HEADER: &str =
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

/// What a case expects: the exact error, or a kind of error (for messages that quote a
/// library's words).
enum Want {
    Exactly(LoadError),
    Like(fn(&LoadError) -> bool),
}

struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    options: LoadOptions,
    want: Want,
    /// Words the user must read in the message.
    says: &'static str,
}

fn case(name: &'static str, bytes: Vec<u8>, want: Want, says: &'static str) -> Case {
    Case {
        name,
        bytes,
        options: LoadOptions::default(),
        want,
        says,
    }
}

/// Loads the case's bytes and compares the error and its message.
fn check(c: Case) {
    let got = load_err_with(c.bytes, &c.options);
    match &c.want {
        Want::Exactly(e) => assert_eq!(&without_preview(got.clone()), e, "{}", c.name),
        Want::Like(like) => assert!(like(&got), "{}: got {got:?}", c.name),
    }
    let message = got.to_string();
    assert!(message.contains(c.says), "{}: {message}", c.name);
}

/// The error without the mapping step's preview, which has a test of its own.
fn without_preview(e: LoadError) -> LoadError {
    match e {
        LoadError::MissingColumns {
            sheet,
            missing,
            found,
            ..
        } => LoadError::MissingColumns {
            sheet,
            missing,
            found,
            preview: None,
        },
        other => other,
    }
}

#[test]
fn missing_columns_come_with_the_first_rows_and_guesses() {
    let got = load_err_with(fixture!("missing_columns.xlsx"), &LoadOptions::default());
    let LoadError::MissingColumns {
        found,
        preview: Some(p),
        ..
    } = got
    else {
        panic!("expected missing columns with a preview, got {got:?}");
    };
    assert_eq!(p.headers, found);
    assert_eq!(p.rows.len(), segwork_core::load::PREVIEW_ROWS);
    assert_eq!(
        p.guesses.get(&Field::InvoiceDate).map(String::as_str),
        Some("InvoiceDate")
    );
    assert_eq!(
        p.guesses.get(&Field::UnitPrice).map(String::as_str),
        Some("UnitPrice")
    );
    assert_eq!(p.guesses.get(&Field::CustomerId), None);
}

fn mapping(pairs: &[(Field, &str)]) -> LoadOptions {
    let mut options = LoadOptions::default();
    for (f, h) in pairs {
        options.mapping.insert(*f, (*h).to_owned());
    }
    options
}

fn cases() -> Vec<Case> {
    let found = [
        "InvoiceNo",
        "StockCode",
        "Description",
        "Quantity",
        "InvoiceDate",
        "UnitPrice",
    ];
    let bad = |row: usize, text: &str| BadCell {
        sheet: "CSV".into(),
        row,
        text: text.into(),
    };
    vec![
        case(
            "an image",
            fixture!("not_a_spreadsheet.png"),
            Want::Exactly(LoadError::NotASpreadsheet {
                looks_like: "a PNG image".into(),
            }),
            "not a spreadsheet",
        ),
        case(
            "a truncated workbook",
            fixture!("truncated.xlsx"),
            Want::Like(|e| matches!(e, LoadError::Corrupt { .. })),
            "damaged or incomplete",
        ),
        case(
            "a password",
            fixture!("password.xlsx"),
            Want::Exactly(LoadError::PasswordProtected),
            "password",
        ),
        case(
            "an empty workbook",
            fixture!("empty.xlsx"),
            Want::Exactly(LoadError::EmptyWorkbook),
            "every sheet is empty",
        ),
        case(
            "an empty file",
            vec![],
            Want::Exactly(LoadError::EmptyFile),
            "empty",
        ),
        case(
            "missing columns",
            fixture!("missing_columns.xlsx"),
            Want::Exactly(LoadError::MissingColumns {
                sheet: "Sheet1".into(),
                missing: vec![Field::CustomerId],
                found: found.map(String::from).to_vec(),
                preview: None,
            }),
            "Required columns are missing: CustomerID. Without a customer column there is no way to tell customers apart",
        ),
        case(
            "unreadable dates",
            fixture!("bad_dates.csv"),
            Want::Exactly(LoadError::BadDates {
                count: 2,
                examples: vec![bad(4, "soon"), bad(8, "32/13/2010 8:26")],
            }),
            "could not be read as dates",
        ),
        case(
            "a header without rows",
            format!("{HEADER}\n\n").into_bytes(),
            Want::Exactly(LoadError::NoRows),
            "no transactions below it",
        ),
        case(
            "prose",
            b"Dear team,\nplease find the figures attached.\n".to_vec(),
            Want::Like(|e| matches!(e, LoadError::MissingColumns { .. })),
            "Required columns are missing",
        ),
        Case {
            options: mapping(&[(Field::CustomerId, "Nope")]),
            ..case(
                "a mapping to an absent column",
                format!("{HEADER}\n").into_bytes(),
                Want::Exactly(LoadError::MappingNotFound {
                    field: Field::CustomerId,
                    header: "Nope".into(),
                }),
                "no such column",
            )
        },
        Case {
            options: mapping(&[(Field::CustomerId, "Client"), (Field::Country, "Client")]),
            ..case(
                "one column for two fields",
                format!("{HEADER}\n").into_bytes(),
                Want::Exactly(LoadError::MappingRepeated {
                    header: "Client".into(),
                    first: Field::CustomerId,
                    second: Field::Country,
                }),
                "each column can serve one field",
            )
        },
    ]
}

#[test]
fn every_bad_file_gets_its_own_clear_error() {
    let all = cases();
    assert_eq!(all.len(), 11);
    for c in all {
        check(c);
    }
}

#[test]
fn more_segments_than_customers_is_a_clear_error() {
    let mut p = AnalysisParams::default();
    p.model.kmeans.k = 500;
    let err = segwork_core::run(
        fixture!("retail_300.xlsx"),
        &LoadOptions::default(),
        &CleanParams::default(),
        &p,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Model(ModelError::NotEnoughCustomers { needed: 500, .. })
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("Choose fewer segments"));
}

#[test]
fn nothing_left_after_cleaning_is_a_clear_error() {
    let csv = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n\
               536365,85123A,HEART,6,12/1/2010 8:26,0,17850,United Kingdom\n\
               536366,71053,LANTERN,6,12/1/2010 8:28,0,17851,United Kingdom\n";
    let err = segwork_core::run(
        csv.as_bytes().to_vec(),
        &LoadOptions::default(),
        &CleanParams::default(),
        &AnalysisParams::default(),
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(
        err,
        Error::Clean(CleanError::NothingLeft {
            step: CleanStepId::Prices
        })
    );
}

#[test]
fn invalid_settings_are_rejected_before_work_starts() {
    let mut p = AnalysisParams::default();
    p.model.outliers.contamination = 0.7;
    let err = segwork_core::run(
        vec![],
        &LoadOptions::default(),
        &CleanParams::default(),
        &p,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        matches!(err, Error::Model(ModelError::Outliers(_))),
        "{err:?}"
    );
}
