use super::*;
use std::borrow::Cow;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn row(line: &str) -> Vec<Value<'_>> {
    line.split(',')
        .map(|c| Value::Text(Cow::Borrowed(c)))
        .collect()
}

fn read(line: &str, mapping: &ColumnMapping) -> HeaderMatch {
    let options = LoadOptions {
        mapping: mapping.clone(),
        ..LoadOptions::default()
    };
    match_header(&row(line), &options)
}

#[test]
fn online_retail_keeps_its_own_reading() {
    let m = read(
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
        &ColumnMapping::new(),
    );
    let cols = m.complete().unwrap();
    assert_eq!(cols.preset, Preset::OnlineRetail);
    assert_eq!(cols.positions, [0, 1, 2, 3, 4, 5, 6, 7].map(Some));
}

#[test]
fn a_superstore_sheet_prices_by_its_line_total() {
    let m = read("Row ID,Order ID,Order Date,Customer ID,Country/Region,Product ID,Product Name,Sales,Quantity", &ColumnMapping::new());
    let cols = m.complete().unwrap();
    assert_eq!(cols.preset, Preset::Superstore);
    assert_eq!(cols.positions[Field::UnitPrice as usize], None);
    assert_eq!(cols.amount, Some(7));
    assert_eq!(cols.positions[Field::Country as usize], Some(4));
}

#[test]
fn an_unknown_layout_needs_a_customer_a_date_and_a_price() {
    let m = read("Client,When,Thing,Paid", &ColumnMapping::new());
    assert_eq!(m.preset, Preset::Generic);
    // "Client" is a customer; a date and a price are missing.
    assert_eq!(m.missing(), [Field::InvoiceDate, Field::UnitPrice]);
    let mapping = ColumnMapping::from([
        (Field::CustomerId, "Client".to_owned()),
        (Field::InvoiceDate, "When".to_owned()),
        (Field::Description, "Thing".to_owned()),
        (Field::UnitPrice, "Paid".to_owned()),
    ]);
    let cols = read("Client,When,Thing,Paid", &mapping).complete().unwrap();
    assert_eq!(
        cols.positions[Field::Invoice as usize],
        None,
        "one order per customer and time"
    );
}

#[test]
fn a_purchase_log_without_a_header_is_read_by_content() {
    let cells: Vec<Value<'_>> = "00004 0001 19970101 2 29.33"
        .split(' ')
        .map(|c| Value::Text(Cow::Borrowed(c)))
        .collect();
    let cols = headerless(&cells).unwrap();
    assert_eq!(cols.preset, Preset::PurchaseLog);
    let at = |f: Field| cols.positions[f as usize];
    assert_eq!(
        (
            at(Field::CustomerId),
            at(Field::InvoiceDate),
            at(Field::Quantity)
        ),
        (Some(0), Some(2), Some(3))
    );
    assert_eq!(cols.amount, Some(4));
    assert!(headerless(&row("Customer,Date,Qty,Amount")).is_none());
}

#[test]
fn a_mapped_column_the_file_lacks_is_missing() {
    let mapping = ColumnMapping::from([(Field::Country, "Land".to_owned())]);
    let m = read("Customer,Date,Product,Price", &mapping);
    assert_eq!(m.missing(), [Field::Country]);
}

#[test]
fn currencies_and_bracketed_qualifiers_do_not_hide_a_field() {
    let m = read(
        "Sale Date,Receipt #,Client,Item SKU,Item,Units,Unit Price (€),Store Country",
        &ColumnMapping::new(),
    );
    let cols = m.complete().unwrap();
    let at = |f: Field| cols.positions[f as usize];
    assert_eq!(at(Field::UnitPrice), Some(6));
    assert_eq!(at(Field::Invoice), Some(1));
    assert_eq!(at(Field::StockCode), Some(3));
    assert_eq!(at(Field::Country), Some(7));
    let m = read(
        "Order,Date,Customer,Product,Qty,Total [USD]",
        &ColumnMapping::new(),
    );
    assert_eq!(m.complete().unwrap().amount, Some(5));
}

#[test]
fn a_mapping_names_the_column_whole() {
    // Two price columns that differ only in their qualifier: the one the user names.
    let mapping = ColumnMapping::from([(Field::UnitPrice, "Price (gross)".to_owned())]);
    let m = read("Date,Customer,Product,Price (net),Price (gross)", &mapping);
    assert_eq!(
        m.complete().unwrap().positions[Field::UnitPrice as usize],
        Some(4)
    );
    let m = read(
        "Date,Customer,Product,Price (net),Price (gross)",
        &ColumnMapping::new(),
    );
    assert_eq!(
        m.complete().unwrap().positions[Field::UnitPrice as usize],
        Some(3)
    );
}
