use super::*;
use std::borrow::Cow;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn text(s: &str) -> Value<'static> {
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(Cow::Owned(s.to_owned()))
    }
}

fn row(cells: &[&str]) -> Vec<Value<'static>> {
    cells.iter().map(|c| text(c)).collect()
}

fn preview(header: &[&str], data: &[&[&str]]) -> Preview {
    let data: Vec<Vec<Value>> = data.iter().map(|r| row(r)).collect();
    Preview::build(&row(header), &data, false)
}

fn guess(p: &Preview, f: Field) -> Option<&str> {
    p.guesses.get(&f).map(String::as_str)
}

const UNKNOWN: [&str; 8] = [
    "Ref",
    "Client E-mail",
    "Purchased On",
    "Article",
    "Units",
    "Each (EUR)",
    "Line Total",
    "Land",
];
const UNKNOWN_ROWS: [&[&str]; 4] = [
    &[
        "R-1",
        "ann@example.com",
        "2024-03-01 10:00",
        "Blue mug",
        "2",
        "€4,50",
        "€9,00",
        "France",
    ],
    &[
        "R-1",
        "ann@example.com",
        "2024-03-01 10:00",
        "Red mug",
        "1",
        "€4,50",
        "€4,50",
        "France",
    ],
    &[
        "R-2",
        "bob@example.org",
        "2024-03-05 12:30",
        "Teapot",
        "1",
        "€21,00",
        "€21,00",
        "Belgium",
    ],
    &[
        "R-3",
        "ann@example.com",
        "2024-04-02 09:15",
        "Blue mug",
        "3",
        "€4,50",
        "€13,50",
        "France",
    ],
];

#[test]
fn an_unknown_layout_is_guessed_by_header_words_and_content() {
    let p = preview(&UNKNOWN, &UNKNOWN_ROWS);
    assert_eq!(guess(&p, Field::CustomerId), Some("Client E-mail"));
    assert_eq!(guess(&p, Field::InvoiceDate), Some("Purchased On"));
    assert_eq!(guess(&p, Field::Description), Some("Article"));
    assert_eq!(guess(&p, Field::Quantity), Some("Units"));
    assert_eq!(guess(&p, Field::UnitPrice), Some("Each (EUR)"));
    assert_eq!(p.line_total.as_deref(), Some("Line Total"));
    assert_eq!(guess(&p, Field::Country), Some("Land"));
    // Nothing speaks for "Ref" as an order id: no guess rather than a wrong one.
    assert_eq!(guess(&p, Field::Invoice), None);
    assert_eq!(guess(&p, Field::StockCode), None);
}

#[test]
fn columns_are_described_by_their_content() {
    let p = preview(&UNKNOWN, &UNKNOWN_ROWS);
    use ColumnKind::*;
    assert_eq!(
        p.kinds,
        [Text, Email, Date, Text, WholeNumber, Money, Money, Text]
    );
    assert_eq!(p.rows.len(), 4);
    assert_eq!(p.rows[2][3], "Teapot");
}

#[test]
fn content_alone_finds_a_customer_a_date_and_a_price() {
    let p = preview(
        &["A", "B", "C"],
        &[
            &["x@y.com", "3/1/2024", "$12.00"],
            &["z@y.com", "13/1/2024", "$3.50"],
        ],
    );
    assert_eq!(guess(&p, Field::CustomerId), Some("A"));
    assert_eq!(guess(&p, Field::InvoiceDate), Some("B"));
    assert_eq!(guess(&p, Field::UnitPrice), Some("C"));
}

#[test]
fn an_order_date_is_a_date_and_not_an_order_id() {
    let p = preview(
        &["Order Date", "Order Ref", "Customer", "Amount"],
        &[
            &["2024-01-02", "A1", "c1", "10.50"],
            &["2024-01-03", "A1", "c2", "7.25"],
        ],
    );
    assert_eq!(guess(&p, Field::InvoiceDate), Some("Order Date"));
    assert_eq!(guess(&p, Field::Invoice), Some("Order Ref"));
    assert_eq!(guess(&p, Field::CustomerId), Some("Customer"));
    // Without a quantity the one money column is still offered, as a price first.
    assert!(
        guess(&p, Field::UnitPrice) == Some("Amount") || p.line_total.as_deref() == Some("Amount")
    );
}

#[test]
fn a_column_is_never_given_twice_and_text_is_not_a_date() {
    let p = preview(&["When", "Who"], &[&["soon", "a"], &["later", "b"]]);
    assert_eq!(guess(&p, Field::InvoiceDate), None);
    let mut used: Vec<&String> = p.guesses.values().chain(p.line_total.iter()).collect();
    let n = used.len();
    used.dedup();
    assert_eq!(used.len(), n);
}

#[test]
fn ids_stored_as_numbers_are_whole_numbers_not_dates() {
    let data: Vec<Vec<Value>> = [536365.0, 536366.0]
        .iter()
        .map(|n| vec![Value::Number(*n), Value::DateTime(40513.35)])
        .collect();
    let p = Preview::build(&row(&["Invoice", "Day"]), &data, false);
    assert_eq!(p.kinds, [ColumnKind::WholeNumber, ColumnKind::Date]);
    assert_eq!(guess(&p, Field::Invoice), Some("Invoice"));
    assert_eq!(guess(&p, Field::InvoiceDate), Some("Day"));
}

#[test]
fn customer_candidates_come_from_content_then_header_words() {
    let p = preview(&UNKNOWN, &UNKNOWN_ROWS);
    assert_eq!(p.customer_candidates(), ["Client E-mail"]);
    let header = ["Order", "Buyer Name", "Contact", "Date", "Total"];
    let rows: [&[&str]; 2] = [
        &["1", "Ann Lee", "ann@example.com", "2024-03-01", "9.50"],
        &["2", "Bob Roe", "bob@example.org", "2024-03-02", "4.00"],
    ];
    let p = preview(&header, &rows);
    assert_eq!(p.customer_candidates(), ["Contact", "Buyer Name"]);
    let e = crate::load::LoadError::MissingColumns {
        sheet: "Sheet1".into(),
        missing: vec![Field::CustomerId],
        found: p.headers.clone(),
        preview: Some(Box::new(p)),
    };
    assert!(
        e.to_string().contains(
            r#"Columns that could serve: "Contact", "Buyer Name" (on the command line, --map CustomerID="Contact")."#
        ),
        "{e}"
    );
}
