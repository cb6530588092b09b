//! Shop exports (tests/fixtures/shops, written by make_shop_exports.py): each layout is
//! recognised from its header, read with its format's quirks, cleaned by its own rules and
//! analysed to segments, with the counts a shop owner would recognise.

// Test code: a failed expectation should panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use segwork_core::clean::CleanStepId;
use segwork_core::columns::{Feature, Field};
use segwork_core::load::Preset;
use segwork_core::{Analysis, AnalysisParams, LoadOptions};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

macro_rules! shop {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/shops/",
            $name
        ))
        .to_vec()
    };
}

fn analyse(bytes: Vec<u8>) -> Analysis {
    common::analyse_ok(bytes, &AnalysisParams::default())
}

fn rows_after(a: &Analysis, step: CleanStepId) -> usize {
    a.file
        .cleaning
        .iter()
        .find(|s| s.id == step)
        .unwrap()
        .rows_out
}

fn flagged(a: &Analysis) -> usize {
    a.file.cleaning.iter().map(|s| s.flagged).sum()
}

#[test]
fn shopify_continuation_rows_offsets_and_upper_case_emails() {
    let a = analyse(shop!("orders_export_1.csv"));
    assert_eq!(a.file.load.preset, Preset::Shopify);
    assert_eq!(
        a.file.load.rows, 207,
        "the multi-line note is one field, not a row"
    );
    // 39 e-mail addresses, some written in capitals on some orders.
    assert_eq!(a.file.customers_total, 39);
    assert_eq!(
        flagged(&a),
        4,
        "the lines of the refunded orders, status filled down"
    );
    assert_eq!(
        rows_after(&a, CleanStepId::StockCodes),
        207,
        "every line is a product, SKU or not"
    );
    assert_eq!(a.segmentation.k(), 3);
}

/// Lines (shipping included) of the fixture's refunded and cancelled orders.
const WOO_UNDONE: usize = 14;

#[test]
fn woocommerce_drops_its_shipping_lines_as_non_products() {
    let a = analyse(shop!("woocommerce_orders.csv"));
    assert_eq!(a.file.load.preset, Preset::WooCommerce);
    assert_eq!(a.file.load.rows, 273);
    assert_eq!(
        rows_after(&a, CleanStepId::StockCodes),
        173,
        "100 shipping lines dropped"
    );
    assert_eq!(a.file.customers_total, 33);
    assert_eq!(
        flagged(&a),
        WOO_UNDONE,
        "lines of refunded and cancelled orders"
    );
}

#[test]
fn etsy_with_cr_line_ends_short_years_and_empty_skus() {
    let a = analyse(shop!("EtsySoldOrderItems2023.csv"));
    assert_eq!(a.file.load.preset, Preset::Etsy);
    assert_eq!(a.file.load.rows, 137);
    assert_eq!(rows_after(&a, CleanStepId::StockCodes), 137);
    assert_eq!(a.file.customers_total, 29);
}

#[test]
fn a_point_of_sale_export_takes_its_times_of_day_from_the_time_column() {
    let a = analyse(shop!("square_items.csv"));
    assert_eq!(a.file.load.preset, Preset::Generic);
    assert_eq!(a.file.load.time_of_day.as_deref(), Some("Time"));
    let hour = Feature::ALL
        .iter()
        .position(|f| *f == Feature::Hour)
        .unwrap();
    let hours: std::collections::BTreeSet<u64> =
        a.features.features.iter().map(|f| f[hour] as u64).collect();
    assert!(hours.len() > 5, "customers' usual hours vary: {hours:?}");
    assert!(flagged(&a) > 0, "refunds are negative quantities");
}

#[test]
fn superstore_order_ids_starting_with_c_are_not_cancellations() {
    let a = analyse(shop!("superstore_orders.csv"));
    assert_eq!(a.file.load.preset, Preset::Superstore);
    assert_eq!(a.file.load.rows, 198);
    assert_eq!(
        flagged(&a),
        0,
        "91 lines have CA- order ids; none is a return"
    );
    assert_eq!(a.file.customers_total, 29);
    assert_eq!(rows_after(&a, CleanStepId::Prices), 198);
}

#[test]
fn a_european_online_retail_csv_reads_as_online_retail() {
    let a = analyse(shop!("bestellungen_eu.csv"));
    assert_eq!(a.file.load.preset, Preset::OnlineRetail);
    assert_eq!(a.file.load.rows, 155);
    assert_eq!(a.file.customers_total, 30);
}

#[test]
fn a_chosen_layout_overrides_the_recognised_one() {
    let options = LoadOptions {
        preset: Some(Preset::Generic),
        ..LoadOptions::default()
    };
    let a = common::analyse_with(
        shop!("superstore_orders.csv"),
        &options,
        &AnalysisParams::default(),
    );
    assert_eq!(a.file.load.preset, Preset::Generic);
}

#[test]
fn a_purchase_log_without_a_header_reaches_segments_without_products() {
    let a = analyse(shop!("purchase_log.txt"));
    assert_eq!(a.file.load.preset, Preset::PurchaseLog);
    assert_eq!(
        a.file.load.rows, 161,
        "the first line is data, not a header"
    );
    assert_eq!(a.file.customers_total, 60);
    assert!(!a.file.load.has_products());
    for field in [
        Field::Invoice,
        Field::StockCode,
        Field::Description,
        Field::Country,
    ] {
        assert!(a.file.load.absent.contains(&field), "{field:?} is absent");
    }
    assert!(a
        .segmentation
        .recommendations
        .customers
        .iter()
        .all(|c| c.picks.is_empty()));
}

#[test]
fn without_an_order_id_identical_lines_are_two_purchases() {
    let log = b" 00004 0001 19970101  2   29.33\r\n 00004 0001 19970101  2   29.33\r\n 00008 0002 19970102  1   11.77\r\n 00012 0003 19970102  1   12.00\r\n".to_vec();
    let mut params = AnalysisParams::default();
    params.model.kmeans.k = 2;
    params.model.sweep = 2..=2;
    let a = common::analyse_ok(log, &params);
    assert_eq!(rows_after(&a, CleanStepId::Duplicates), 4);
}

/// A layout no preset knows goes to the mapping step; the guesses it offers, taken as
/// they are, read the file with the counts its data has.
#[test]
fn an_unknown_layout_reads_with_the_mapping_steps_guesses() {
    let err = common::load_err(shop!("till_report.csv"));
    let segwork_core::LoadError::MissingColumns {
        preview: Some(p), ..
    } = err
    else {
        panic!("expected the mapping step, got {err:?}");
    };
    let guessed = |f: Field| p.guesses.get(&f).map(String::as_str);
    assert_eq!(guessed(Field::CustomerId), Some("Client E-mail"));
    assert_eq!(guessed(Field::InvoiceDate), Some("Purchased On"));
    assert_eq!(guessed(Field::Invoice), Some("Receipt"));
    assert_eq!(guessed(Field::Description), Some("Article"));
    assert_eq!(guessed(Field::Quantity), Some("Units"));
    assert_eq!(guessed(Field::UnitPrice), Some("Each"));
    assert_eq!(guessed(Field::Country), Some("Land"));
    assert_eq!(p.line_total.as_deref(), Some("Line Total"));
    assert_eq!(guessed(Field::StockCode), None);
    let options = LoadOptions {
        mapping: p.guesses.clone(),
        line_total: p.line_total.clone(),
        preset: Some(Preset::Generic),
        ..LoadOptions::default()
    };
    let a = common::analyse_with(
        shop!("till_report.csv"),
        &options,
        &AnalysisParams::default(),
    );
    assert_eq!(a.file.load.rows, 164);
    assert_eq!(a.file.customers_total, 24);
    assert_eq!(a.file.load.absent, [Field::StockCode]);
    // Dotted dates are day first: 22.01.2023 is the 22nd of January.
    assert!(a.file.load.dates.order.is_none() || a.file.load.dates.settled);
}

/// A field the user says is not in the file stays out, even where a header would match.
#[test]
fn a_field_marked_not_in_the_file_is_absent() {
    let mut mapping = segwork_core::load::ColumnMapping::new();
    mapping.insert(Field::Country, segwork_core::load::NOT_IN_FILE.to_owned());
    let options = LoadOptions {
        mapping,
        preset: Some(Preset::Superstore),
        ..LoadOptions::default()
    };
    let a = common::analyse_with(
        shop!("superstore_orders.csv"),
        &options,
        &AnalysisParams::default(),
    );
    assert!(a.file.load.absent.contains(&Field::Country));
}

/// Every marketer's analysis on every shop export either runs or says in words why not
/// (`till_report.csv` needs its columns chosen first; its own test covers that).
#[test]
fn the_marketer_analyses_run_or_say_why_on_every_shop_export() {
    let files = [
        shop!("EtsySoldOrderItems2023.csv"),
        shop!("bestellungen_eu.csv"),
        shop!("orders_export_1.csv"),
        shop!("purchase_log.txt"),
        shop!("superstore_orders.csv"),
        shop!("woocommerce_orders.csv"),
        shop!("square_items.csv"),
    ];
    for bytes in files {
        let a = analyse(bytes);
        let i = a
            .insights
            .as_ref()
            .expect("run computes the marketer's analyses");
        let rfm = i
            .rfm
            .report()
            .expect("RFM runs on any file with customers and dates");
        assert_eq!(
            rfm.segments.iter().map(|s| s.customers).sum::<usize>(),
            rfm.customers.len()
        );
        assert!(
            i.cohorts.report().is_some(),
            "cohorts run on any file with dates"
        );
        let reasons = [
            i.lifetime.outcome.as_ref().err().map(ToString::to_string),
            i.baskets.outcome.as_ref().err().map(ToString::to_string),
        ];
        for reason in reasons.into_iter().flatten() {
            assert!(
                reason.len() > 20 && reason.ends_with('.'),
                "a sentence: {reason}"
            );
        }
        if !a.file.load.has_products() {
            assert!(i.baskets.report().is_none(), "no products, no pairs");
        }
    }
}
