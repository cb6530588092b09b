//! Whole columns: the day/month order decided from every cell.

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

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
    let pushed: Vec<bool> = cells.iter().map(|c| col.push(c, None)).collect();
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
        assert!(col.push(&text(c), None));
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
    let read = cells.iter().filter(|c| col.push(c, None)).count();
    let (ms, reading) = col.finish(None);
    assert_eq!(read, cells.len());
    let one_by_one: Vec<i64> = cells.iter().filter_map(parse_timestamp).collect();
    assert_eq!(ms, one_by_one);
    assert_eq!(reading.order, Some(DayOrder::MonthFirst));
}
