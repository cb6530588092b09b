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
    let pushed = cells.iter().map(|c| col.push(&text(c))).collect();
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

#[test]
fn a_column_with_a_day_over_12_first_is_day_first() {
    let (pushed, got, reading) = column(&["1/2/2023", "13/2/2023", "3/4/2023 10:00"], None);
    assert_eq!(pushed, [true; 3]);
    assert_eq!(
        got,
        [
            "2023-02-01 00:00:00.000",
            "2023-02-13 00:00:00.000",
            "2023-04-03 10:00:00.000"
        ]
    );
    let day_first = DateReading {
        order: Some(DayOrder::DayFirst),
        settled: true,
        mixed: false,
    };
    assert_eq!(reading, day_first);
    // A settled order wins over the preference.
    let (_, again, reading) = column(&["1/2/2023", "13/2/2023"], Some(DayOrder::MonthFirst));
    assert_eq!(again[0], "2023-02-01 00:00:00.000");
    assert_eq!(reading, day_first);
    // Dashes too.
    let (_, got, reading) = column(&["31-05-2023", "01-06-2023"], None);
    assert_eq!(got[1], "2023-06-01 00:00:00.000");
    assert_eq!(reading.order, Some(DayOrder::DayFirst));
}

#[test]
fn a_column_with_a_day_over_12_second_is_month_first() {
    let cells = [
        "12/1/2010 8:26",
        "1/4/2011 10:00",
        "12/19/2010 9:00",
        "01.12.2010 08:26",
    ];
    let (pushed, got, reading) = column(&cells, Some(DayOrder::DayFirst));
    assert_eq!(pushed, [true; 4]);
    assert_eq!(
        got,
        [
            "2010-12-01 08:26:00.000",
            "2011-01-04 10:00:00.000",
            "2010-12-19 09:00:00.000",
            "2010-12-01 08:26:00.000",
        ]
    );
    let month_first = DateReading {
        order: Some(DayOrder::MonthFirst),
        settled: true,
        mixed: false,
    };
    assert_eq!(reading, month_first);
}

#[test]
fn an_ambiguous_column_follows_the_preference_or_month_first() {
    let cells = ["1/2/2023", "3/4/2023 23:59:59"];
    let (_, got, reading) = column(&cells, None);
    assert_eq!(got, ["2023-01-02 00:00:00.000", "2023-03-04 23:59:59.000"]);
    assert_eq!(
        reading,
        DateReading {
            order: Some(DayOrder::MonthFirst),
            settled: false,
            mixed: false,
        }
    );
    let (_, got, reading) = column(&cells, Some(DayOrder::DayFirst));
    assert_eq!(got, ["2023-02-01 00:00:00.000", "2023-04-03 23:59:59.000"]);
    assert_eq!(
        reading,
        DateReading {
            order: Some(DayOrder::DayFirst),
            settled: false,
            mixed: false,
        }
    );
}

#[test]
fn a_contradictory_column_is_read_cell_by_cell() {
    let cells = ["13/1/2023", "1/13/2023", "2/3/2023", "14/1/2023"];
    let (pushed, got, reading) = column(&cells, None);
    assert_eq!(pushed, [true; 4]);
    // Two cells read only day-first, one only month-first: ambiguous ones go day-first.
    assert_eq!(
        got,
        [
            "2023-01-13 00:00:00.000",
            "2023-01-13 00:00:00.000",
            "2023-03-02 00:00:00.000",
            "2023-01-14 00:00:00.000",
        ]
    );
    let mixed = DateReading {
        order: Some(DayOrder::DayFirst),
        settled: false,
        mixed: true,
    };
    assert_eq!(reading, mixed);
    let (_, got, reading) = column(&cells, Some(DayOrder::MonthFirst));
    assert_eq!(got[2], "2023-02-03 00:00:00.000");
    assert_eq!(got[0], "2023-01-13 00:00:00.000");
    assert_eq!(reading.order, Some(DayOrder::MonthFirst));
    assert!(reading.mixed && !reading.settled);
    // A tie goes month-first.
    let (_, got, _) = column(&["13/1/2023", "1/13/2023", "2/3/2023"], None);
    assert_eq!(got[2], "2023-02-03 00:00:00.000");
}

#[test]
fn a_column_without_ambiguous_dates_has_no_order() {
    let cells = [
        "2023-05-31",
        "31.05.2023",
        "5/5/2023",
        "31 May 2023",
        "19970101",
    ];
    let (pushed, got, reading) = column(&cells, Some(DayOrder::DayFirst));
    assert_eq!(pushed, [true; 5]);
    assert_eq!(got[2], "2023-05-05 00:00:00.000");
    assert_eq!(
        reading,
        DateReading {
            order: None,
            settled: false,
            mixed: false,
        }
    );
}

#[test]
fn unreadable_cells_keep_their_place() {
    let mut col = DateColumn::new();
    let cells = [
        text("3/4/2023"),
        text("nonsense"),
        Value::Empty,
        text("13/13/2023"),
        text("31/4/2023"),
        Value::Bool(true),
        Value::DateTime(40_513.351_388_888_89),
        Value::Number(19_970_101.0),
        text("4/3/2023"),
    ];
    let pushed: Vec<bool> = cells.iter().map(|c| col.push(c)).collect();
    assert_eq!(
        pushed,
        [true, false, false, false, false, false, true, true, true]
    );
    let (ms, reading) = col.finish(Some(DayOrder::DayFirst));
    assert_eq!(ms.len(), cells.len());
    assert_eq!(ms[1..6], [0; 5]);
    assert_eq!(show(ms[0]), "2023-04-03 00:00:00.000");
    assert_eq!(show(ms[6]), "2010-12-01 08:26:00.000");
    assert_eq!(show(ms[7]), "1997-01-01 00:00:00.000");
    assert_eq!(show(ms[8]), "2023-03-04 00:00:00.000");
    assert!(!reading.settled);
}

#[test]
fn column_and_cell_agree_on_month_first_data() {
    let cells = [
        "12/1/2010 8:26",
        "12/9/2011 12:50",
        "6/30/2011 17:01:59",
        "2/29/2012 0:00",
    ];
    let mut col = DateColumn::new();
    for c in cells {
        assert!(col.push(&text(c)));
    }
    let (ms, _) = col.finish(None);
    let one_by_one: Vec<i64> = cells
        .iter()
        .filter_map(|c| parse_timestamp(&text(c)))
        .collect();
    assert_eq!(ms, one_by_one);
    assert_eq!(show(ms[3]), "2012-02-29 00:00:00.000");
}

/// Many generated month-first cells: the column and the cell-by-cell reading agree. (The
/// speed of reading dates is measured by `cargo xtask bench`, in the Load stage of the
/// full data set, not here.)
#[test]
fn many_month_first_cells_read_the_same_by_column_and_by_cell() {
    let cells: Vec<Value<'static>> = (0..5_000u32)
        .map(|i| {
            let t = format!(
                "{}/{}/2011 {}:{:02}",
                i % 12 + 1,
                i % 28 + 1,
                i % 24,
                i % 60
            );
            Value::Text(t.into())
        })
        .collect();
    let mut col = DateColumn::new();
    let read = cells.iter().filter(|c| col.push(c)).count();
    let (ms, reading) = col.finish(None);
    assert_eq!(read, cells.len());
    let one_by_one: Vec<i64> = cells.iter().filter_map(parse_timestamp).collect();
    assert_eq!(ms, one_by_one);
    assert_eq!(reading.order, Some(DayOrder::MonthFirst));
}
