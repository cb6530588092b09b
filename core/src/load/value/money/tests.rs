//! Unit tests of `value::money`.

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// Text read with a decimal point (`false`) or a decimal comma (`true`).
fn money(t: &str, decimal_comma: bool) -> Option<f64> {
    parse_money(&Value::Text(t.into()), decimal_comma)
}

fn both(t: &str) -> [Option<f64>; 2] {
    [money(t, false), money(t, true)]
}

#[test]
fn currency_before_or_after() {
    for t in [
        "$12.50",
        "12.50 $",
        "12.50$",
        "€ 12.50",
        "£12.50",
        "¥12.50",
        "US$12.50",
    ] {
        assert_eq!(money(t, false), Some(12.5), "{t}");
    }
    for t in [
        "CA$ 12.50",
        "USD 12.50",
        "USD12.50",
        "12.50USD",
        "12.50 EUR",
        "GBP12.50",
    ] {
        assert_eq!(money(t, false), Some(12.5), "{t}");
    }
    for t in [
        "$12.50 USD",
        "12,50 €",
        "EUR 12,50",
        "12,50 kr",
        "12,50 zł",
        "₹12.50",
    ] {
        assert_eq!(money(t, true), Some(12.5), "{t}");
    }
    assert_eq!(money("Rs.50", false), Some(50.0));
    assert_eq!(money("£.50", false), Some(0.5));
    assert_eq!(money(" \u{a0}$12.50\u{a0} ", false), Some(12.5));
}

#[test]
fn thousands_separators() {
    assert_eq!(money("1,234.56", false), Some(1234.56));
    assert_eq!(money("$1,234,567,890.12", false), Some(1_234_567_890.12));
    assert_eq!(money("1,234,567", false), Some(1_234_567.0));
    assert_eq!(money("¥1,234", false), Some(1234.0));
    assert_eq!(money("1.234,56", true), Some(1234.56));
    assert_eq!(money("1.234.567", true), Some(1_234_567.0));
    assert_eq!(money("1 234,56", true), Some(1234.56));
    assert_eq!(money("1\u{a0}234,56 €", true), Some(1234.56));
    assert_eq!(money("1\u{202f}234\u{202f}567,5", true), Some(1_234_567.5));
    assert_eq!(money("CHF 1'234.50", false), Some(1234.5));
    assert_eq!(money("1 234.56", false), Some(1234.56));
}

#[test]
fn both_marks_the_later_is_the_decimal() {
    assert_eq!(both("1.234,56"), [Some(1234.56); 2]);
    assert_eq!(both("1,234.56"), [Some(1234.56); 2]);
    assert_eq!(both("1.234.567,8"), [Some(1_234_567.8); 2]);
}

#[test]
fn one_mark_follows_the_file_with_two_exceptions() {
    assert_eq!(money("1.234", false), Some(1.234));
    assert_eq!(money("1,234", false), Some(1234.0));
    assert_eq!(money("1,234", true), Some(1.234));
    assert_eq!(money("1.234", true), Some(1234.0));
    // Without a decimal comma, a comma and exactly two digits is a decimal comma.
    assert_eq!(money("12,50", false), Some(12.5));
    assert_eq!(money("1 234,56", false), Some(1234.56));
    assert_eq!(money("12,5", false), None);
    assert_eq!(money("0,123", false), None);
    assert_eq!(money("1,2345", false), None);
    assert_eq!(money("1,2345", true), Some(1.2345));
    // With a decimal comma, a dot that cannot separate thousands is a decimal point.
    assert_eq!(money("12.50", true), Some(12.5));
    assert_eq!(money("12.5", true), Some(12.5));
    assert_eq!(money("0.500", true), Some(0.5));
    assert_eq!(money("1234.567", true), Some(1234.567));
}

#[test]
fn negatives_and_signs() {
    for t in [
        "($12.50)",
        "(12.50)",
        "$(12.50)",
        "( 12.50 € )",
        "12.50-",
        "$12.50-",
        "12.50 USD-",
    ] {
        assert_eq!(money(t, false), Some(-12.5), "{t}");
    }
    for t in [
        "-12.50",
        "-$12.50",
        "$-12.50",
        "- $ 12.50",
        "\u{2212}12.50",
        "USD -12.50",
    ] {
        assert_eq!(money(t, false), Some(-12.5), "{t}");
    }
    assert_eq!(money("+12.50", false), Some(12.5));
    assert_eq!(money("+$12.50", false), Some(12.5));
    assert_eq!(money("1.234,50-", true), Some(-1234.5));
    for bad in [
        "--12", "-12.50-", "+12.50-", "-(12.50)", "(12.50", "12.50)", "12.50+", ")12(",
    ] {
        assert_eq!(money(bad, false), None, "{bad}");
    }
}

#[test]
fn text_that_is_not_money() {
    for bad in [
        "",
        "  ",
        "abc",
        "$",
        "-",
        "12/1/2010",
        "12 50",
        "1e5",
        "$$12",
        "12.50 abc",
        "12.50 usd",
        "USDX 12",
        "1,23,456.00",
        "12..5",
        "12,,5",
        "1,234.5,6",
        "0,123,456",
        "12:30",
        "N/A",
        "12%",
        "1.234.56",
    ] {
        assert_eq!(both(bad), [None, None], "{bad}");
    }
}

#[test]
fn cells_that_are_not_text() {
    assert_eq!(parse_money(&Value::Number(2.55), false), Some(2.55));
    assert_eq!(parse_money(&Value::Number(-3.0), true), Some(-3.0));
    assert_eq!(parse_money(&Value::Number(f64::NAN), false), None);
    assert_eq!(parse_money(&Value::Bool(true), false), None);
    assert_eq!(parse_money(&Value::DateTime(40_513.0), false), None);
    assert_eq!(parse_money(&Value::Empty, false), None);
    assert_eq!(parse_money(&Value::Error("#N/A".into()), false), None);
}
