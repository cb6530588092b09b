//! Unit tests of `value`.

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn ts(text: &str) -> Option<String> {
    parse_timestamp(&Value::Text(text.into())).map(|ms| {
        chrono::DateTime::from_timestamp_millis(ms)
            .map(|d| d.naive_utc().format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default()
    })
}

#[test]
fn parses_the_date_formats_seen_in_exports() {
    let want = Some("2010-12-01 08:26:00".to_owned());
    assert_eq!(ts("12/1/2010 8:26"), want);
    assert_eq!(ts("12/1/10 8:26"), want);
    assert_eq!(ts("2010-12-01 08:26:00"), want);
    assert_eq!(ts("2010-12-01T08:26:00"), want);
    assert_eq!(ts("01.12.2010 08:26"), want);
    assert_eq!(ts("12/01/2010 08:26:00.000"), want);
    assert_eq!(ts("2011-12-09"), Some("2011-12-09 00:00:00".to_owned()));
}

#[test]
fn rejects_text_that_is_not_a_date() {
    for bad in [
        "",
        "tomorrow",
        "13/45/2010 8:26",
        "12/1/2010 8",
        "2010-12-01 25:00",
        "1/2",
    ] {
        assert_eq!(ts(bad), None, "{bad}");
    }
}

#[test]
fn excel_serial_matches_the_workbook() {
    // 2010-12-01 08:26 is stored as 40513.35138888889 in the Online Retail workbook.
    let ms = excel_serial_to_ms(40_513.351_388_888_89).unwrap();
    let c = calendar(ms);
    assert_eq!(ms % 86_400_000, (8 * 3600 + 26 * 60) * 1000);
    assert_eq!(c.weekday, 2, "2010-12-01 was a Wednesday");
    assert_eq!(c.hour, 8);
    assert_eq!(c.month, 2010 * 12 + 11);
    assert_eq!(excel_serial_to_ms(f64::NAN), None);
}

#[test]
fn ids_read_as_a_person_sees_them() {
    assert_eq!(Value::Number(536_365.0).display(), "536365");
    assert_eq!(Value::Number(17_850.0).display(), "17850");
    assert_eq!(Value::Number(2.55).display(), "2.55");
    assert_eq!(normalise_id("17850.0"), "17850");
    assert_eq!(normalise_id("C536379"), "C536379");
    assert_eq!(normalise_id("12.5"), "12.5");
}

#[test]
fn decimal_commas_only_when_asked() {
    let v = Value::Text("2,55".into());
    assert_eq!(parse_number(&v, true), Some(2.55));
    assert_eq!(parse_number(&v, false), None);
    assert_eq!(parse_number(&Value::Text(" 6 ".into()), false), Some(6.0));
    assert_eq!(parse_number(&Value::Text("six".into()), false), None);
}

#[test]
fn ids_lose_the_apostrophe_excel_puts_before_text() {
    assert_eq!(normalise_id("'00123"), "00123");
    assert_eq!(normalise_id(" '00123 "), "00123");
    assert_eq!(normalise_id("00123"), "00123");
    assert_eq!(normalise_id("'17850.0"), "17850");
    assert_eq!(normalise_id("''7"), "'7", "one apostrophe only");
    assert_eq!(normalise_id("'"), "");
}
