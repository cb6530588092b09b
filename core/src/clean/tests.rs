//! Unit tests of the cleaning chain, one rule at a time, on a small CSV.

use super::*;
use crate::load::{load, LoadOptions};
use crate::params::Check;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const HEADER: &str =
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

/// One line of each kind the chain treats, after two good lines.
const LINES: [&str; 8] = [
    "536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom",
    "536366,71053,white metal lantern,6,12/1/2010 8:28,3.39,17851,France",
    "536367,22752,SET 7 BABUSHKA,2,12/1/2010 8:34,7.65,,United Kingdom",
    "536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom",
    "C536379,22633,HAND WARMER,-1,12/1/2010 9:41,2.10,17851,France",
    "536370,POST,POSTAGE,3,12/1/2010 8:45,18.00,17850,United Kingdom",
    "536371,21731,Next Day Carriage,1,12/1/2010 9:00,15.00,17850,United Kingdom",
    "536372,22632,HAND WARMER RED,6,12/1/2010 9:01,0,17850,United Kingdom",
];

fn loaded(lines: &[&str]) -> Loaded {
    let text = std::iter::once(HEADER)
        .chain(lines.iter().copied())
        .collect::<Vec<_>>()
        .join("\n");
    load(
        text.into_bytes(),
        &LoadOptions::default().check().unwrap(),
        &mut |_| {},
    )
    .unwrap()
}

fn valid() -> Valid<CleanParams> {
    CleanParams::default().check().unwrap()
}

#[test]
fn each_rule_removes_its_own_line() {
    let c = clean(&loaded(&LINES), &valid()).unwrap();
    let outs: Vec<(CleanStepId, usize, usize)> = c
        .steps
        .iter()
        .map(|s| (s.id, s.rows_out, s.flagged))
        .collect();
    use CleanStepId::*;
    assert_eq!(
        outs,
        [
            (Load, 8, 0),
            (MissingValues, 7, 0),
            (Duplicates, 6, 0),
            (Cancellations, 6, 1),
            (StockCodes, 5, 0),
            (ServiceDescriptions, 4, 0),
            (Prices, 3, 0),
        ]
    );
    assert_eq!((c.customers, c.cancelled_rows), (2, 1));
    // Each dropping step shows the line it dropped, with its row in the file.
    let dropped = |id: CleanStepId| c.steps.iter().find(|s| s.id == id).unwrap().examples[0].row;
    assert_eq!(dropped(MissingValues), 4);
    assert_eq!(dropped(Duplicates), 5);
    assert_eq!(dropped(StockCodes), 7);
    assert_eq!(dropped(ServiceDescriptions), 8);
    assert_eq!(dropped(Prices), 9);
}

#[test]
fn a_switched_off_rule_keeps_its_lines_and_counts_them() {
    use CleanStepId::*;
    let mut params = CleanParams::default();
    for id in CleanStepId::SWITCHABLE {
        params.switch(id, false);
    }
    let c = clean(&loaded(&LINES), &params.check().unwrap()).unwrap();
    let outs: Vec<(CleanStepId, usize, usize, bool)> = c
        .steps
        .iter()
        .map(|s| (s.id, s.rows_out, s.flagged, s.off))
        .collect();
    assert_eq!(
        outs,
        [
            (Load, 8, 0, false),
            (MissingValues, 7, 0, false),
            (Duplicates, 7, 1, true),
            (Cancellations, 7, 1, true),
            (StockCodes, 7, 1, true),
            (ServiceDescriptions, 7, 1, true),
            (Prices, 6, 0, false),
        ]
    );
    // The return is a purchase again: nothing is flagged as cancelled.
    assert_eq!(c.cancelled_rows, 0);
    let flags = c
        .frame
        .column(col::CANCELLED)
        .unwrap()
        .bool()
        .unwrap()
        .sum();
    assert_eq!(flags, Some(0));
    // Each switched-off step still shows the line it would have dropped.
    let example = |id: CleanStepId| c.steps.iter().find(|s| s.id == id).unwrap().examples[0].row;
    assert_eq!(example(Duplicates), 5);
    assert_eq!(example(StockCodes), 7);
}

#[test]
fn switching_keeps_the_params_in_one_order() {
    let mut p = CleanParams::default();
    p.switch(CleanStepId::StockCodes, false);
    p.switch(CleanStepId::Duplicates, false);
    p.switch(CleanStepId::StockCodes, false);
    assert_eq!(p.off, [CleanStepId::Duplicates, CleanStepId::StockCodes]);
    p.switch(CleanStepId::Duplicates, true);
    assert_eq!(p.off, [CleanStepId::StockCodes]);
    assert_eq!("non-products".parse(), Ok(CleanStepId::StockCodes));
    assert_eq!("Returns".parse(), Ok(CleanStepId::Cancellations));
    assert!("postage".parse::<CleanStepId>().is_err());
}

#[test]
fn rules_the_analysis_needs_cannot_be_switched_off() {
    let mut p = CleanParams::default();
    p.switch(CleanStepId::Prices, false);
    assert_eq!(
        p.check(),
        Err(CleanError::NotSwitchable {
            step: CleanStepId::Prices
        })
    );
}

#[test]
fn descriptions_are_upper_cased_and_spend_added() {
    let c = clean(&loaded(&LINES[..2]), &valid()).unwrap();
    let desc = c.frame.column(Field::Description.column()).unwrap();
    assert_eq!(desc.str().unwrap().get(1), Some("WHITE METAL LANTERN"));
    let spend = c.frame.column(col::SPEND).unwrap().f64().unwrap().get(0);
    assert!((spend.unwrap() - 6.0 * 2.55).abs() < 1e-12);
}

#[test]
fn examples_are_capped_by_the_params() {
    let none = CleanParams {
        examples: 0,
        ..CleanParams::default()
    };
    let c = clean(&loaded(&LINES), &none.check().unwrap()).unwrap();
    assert!(c.steps.iter().all(|s| s.examples.is_empty()));
    let many = CleanParams {
        examples: MAX_EXAMPLES + 1,
        ..CleanParams::default()
    };
    assert_eq!(
        many.check(),
        Err(CleanError::TooManyExamples {
            asked: MAX_EXAMPLES + 1
        })
    );
}

#[test]
fn a_step_that_leaves_nothing_is_named() {
    let err = clean(&loaded(&LINES[5..6]), &valid()).unwrap_err();
    assert_eq!(
        err,
        CleanError::NothingLeft {
            step: CleanStepId::StockCodes
        }
    );
}
