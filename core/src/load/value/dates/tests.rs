//! Unit tests of `value::dates`.

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn show(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.naive_utc().format("%Y-%m-%d %H:%M:%S%.3f").to_string())
        .unwrap_or_default()
}

fn text(t: &str) -> Value<'_> {
    Value::Text(t.into())
}

/// One cell on its own, shown as `yyyy-mm-dd hh:mm:ss.fff`.
fn ts(t: &str) -> Option<String> {
    parse_timestamp(&text(t)).map(show)
}

/// A column of text cells: what `push` answered, the timestamps shown, and the reading.
fn column(cells: &[&str], preferred: Option<DayOrder>) -> (Vec<bool>, Vec<String>, DateReading) {
    let mut col = DateColumn::new();
    let pushed = cells.iter().map(|c| col.push(&text(c), None)).collect();
    let (ms, reading) = col.finish(preferred);
    (pushed, ms.into_iter().map(show).collect(), reading)
}

fn want(s: &str) -> Option<String> {
    Some(s.to_owned())
}

/// Checks (text, expected) pairs one cell at a time.
fn check(cases: &[(&str, &str)]) {
    for (t, expected) in cases {
        assert_eq!(ts(t).as_deref(), Some(*expected), "{t}");
    }
}

#[test]
fn iso_times_keep_the_local_clock_and_drop_the_offset() {
    check(&[
        ("2023-05-31 23:06:04 -0700", "2023-05-31 23:06:04.000"),
        ("2023-04-30T21:01:37-04:00", "2023-04-30 21:01:37.000"),
        ("2023-04-30 21:01:37 +0000", "2023-04-30 21:01:37.000"),
        ("2023-04-30T21:01:37Z", "2023-04-30 21:01:37.000"),
        ("2023-04-30T21:01:37.123Z", "2023-04-30 21:01:37.123"),
        ("2023-04-30T21:01:37.1236+02:00", "2023-04-30 21:01:37.124"),
        ("2023-04-30T21:01:37.5", "2023-04-30 21:01:37.500"),
        ("2023-04-30T21:01:37.9999", "2023-04-30 21:01:37.999"),
        ("2023-04-30 21:01:37 UTC", "2023-04-30 21:01:37.000"),
        ("2023-04-30 21:01 GMT+2", "2023-04-30 21:01:00.000"),
        ("2023-04-30 21:01 CEST", "2023-04-30 21:01:00.000"),
        ("2023-04-30 21:01 +05", "2023-04-30 21:01:00.000"),
    ]);
}

#[test]
fn yyyymmdd_as_text_and_as_number() {
    assert_eq!(ts("19970101"), want("1997-01-01 00:00:00.000"));
    assert_eq!(ts("20231231 08:15"), want("2023-12-31 08:15:00.000"));
    let num = |n: f64| parse_timestamp(&Value::Number(n)).map(show);
    assert_eq!(num(19_970_101.0), want("1997-01-01 00:00:00.000"));
    assert_eq!(num(21_001_231.0), want("2100-12-31 00:00:00.000"));
    assert_eq!(num(19_971_301.0), None, "month 13");
    assert_eq!(num(19_970_230.0), None, "30 February");
    assert_eq!(num(19_970_101.5), None, "not whole");
    assert_eq!(
        num(40_513.351_388_888_89),
        want("2010-12-01 08:26:00.000"),
        "a serial"
    );
    for bad in ["19971301", "12345678", "21011231"] {
        assert_eq!(ts(bad), None, "{bad}");
    }
}

#[test]
fn am_pm_times() {
    check(&[
        ("5/31/2023 11:06 PM", "2023-05-31 23:06:00.000"),
        ("5/31/2023 11:06:04 pm", "2023-05-31 23:06:04.000"),
        ("5/31/2023 11:06PM", "2023-05-31 23:06:00.000"),
        ("5/31/2023 11:06 am", "2023-05-31 11:06:00.000"),
        ("5/31/2023 12:15 AM", "2023-05-31 00:15:00.000"),
        ("5/31/2023 12:15 PM", "2023-05-31 12:15:00.000"),
        ("2023-05-31 1:15 PM -0700", "2023-05-31 13:15:00.000"),
    ]);
    assert_eq!(ts("5/31/2023 13:15 PM"), None);
    assert_eq!(ts("5/31/2023 11:06 XM"), None);
}

#[test]
fn month_names() {
    let may31 = "2023-05-31 00:00:00.000";
    for t in [
        "31 May 2023",
        "May 31, 2023",
        "31-May-2023",
        "31-May-23",
        "31-MAY-2023",
        "may 31 2023",
        "31/may/2023",
        "2023-May-31",
        "Wed, 31 May 2023",
        "31 May, 2023",
    ] {
        check(&[(t, may31)]);
    }
    check(&[
        ("1 Sept 2023", "2023-09-01 00:00:00.000"),
        ("September 1, 2023", "2023-09-01 00:00:00.000"),
        ("Wednesday, 6 Dec 2023", "2023-12-06 00:00:00.000"),
        ("31-May-23 14:05", "2023-05-31 14:05:00.000"),
        ("May 31, 2023 2:05 PM", "2023-05-31 14:05:00.000"),
        ("May 31, 2023, 2:05:09 pm", "2023-05-31 14:05:09.000"),
        ("Wed, 31 May 2023 14:05:00 +0000", "2023-05-31 14:05:00.000"),
    ]);
    for bad in [
        "31 Mayo 2023",
        "31 May",
        "May 2023",
        "32 May 2023",
        "31 Ma 2023",
        "31 May 202",
    ] {
        assert_eq!(ts(bad), None, "{bad}");
    }
}

#[test]
fn numeric_dates_one_cell_at_a_time() {
    let dec1 = want("2010-12-01 00:00:00.000");
    assert_eq!(ts("12/1/2010"), dec1, "month first");
    assert_eq!(ts("12-01-2010"), dec1, "dashes: month first too");
    assert_eq!(ts("12/1/10"), dec1, "two-digit year");
    assert_eq!(ts("01.12.2010"), dec1, "dots: day first");
    assert_eq!(ts("1.12.10"), dec1);
    assert_eq!(ts("2010/12/01"), dec1);
    assert_eq!(ts("2010.12.1"), dec1);
    assert_eq!(
        ts("13/1/2010"),
        None,
        "reads only day-first: DateColumn decides"
    );
    for bad in [
        "12 1 2010",
        "12//1/2010",
        "123/1/2010",
        "12/1/20100",
        "/12/1/2010",
        "12/1/2010/",
    ] {
        assert_eq!(ts(bad), None, "{bad}");
    }
}

#[test]
fn malformed_times_are_rejected() {
    for bad in [
        "2023-05-31 23:06:04 -07000",
        "2023-05-31 23:06 +2500",
        "2023-05-31 23:06 -07:60",
        "2023-05-31 23:60",
        "2023-05-31 23:06:60",
        "2023-05-31 123:06",
        "2023-05-31 23:006",
        "2023-05-31 23:06:04.",
        "2023-05-31 23:06 Q",
        "2023-05-31 23:06 LONGZONE",
        "2023-05-31x23:06",
        "2023-05-31T",
        "12:30",
        "2023-05-31 23:06 PM",
    ] {
        assert_eq!(ts(bad), None, "{bad}");
    }
}

mod column;
