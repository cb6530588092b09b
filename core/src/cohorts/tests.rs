#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::calendar::{civil_from_days, index_label, month_index, month_label};
use super::*;
use crate::pipeline::iso_day as date_label;

const DEC_05: i32 = 14_948;
const DEC_20: i32 = 14_963;
const JAN_10: i32 = 14_984;
const JAN_31: i32 = 15_005;
const FEB_14: i32 = 15_019;
const MAR_02: i32 = 15_035;
const APR_01: i32 = 15_065;

/// Howard Hinnant's inverse, to check the calendar both ways.
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[test]
fn calendar_matches_known_dates() {
    assert_eq!(civil_from_days(0), (1970, 1, 1));
    assert_eq!(civil_from_days(-1), (1969, 12, 31));
    assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    assert_eq!(civil_from_days(14_944), (2010, 12, 1));
    assert_eq!(date_label(APR_01), "2011-04-01");
    assert_eq!(month_label(2010, 12), "2010-12");
    assert_eq!(index_label(month_index(JAN_31)), "2011-01");
    for day in (-800_000..800_000).step_by(97) {
        let (y, m, d) = civil_from_days(day);
        assert_eq!(days_from_civil(y, m, d), day);
    }
}

/// Customers 0 and 1 start in December, 2 in January; 3 never buys.
fn shop(last_day: i32) -> Ledger {
    let lines = [
        (0, DEC_05, 10.0),
        (0, DEC_20, 5.0),
        (1, DEC_20, 25.0),
        (0, JAN_10, 20.0),
        (2, JAN_31, 8.0),
        (1, FEB_14, 4.0),
        (2, FEB_14, 2.0),
        (0, MAR_02, 1.0),
    ];
    let lines: Vec<(u32, u32, i32, f64)> = (0u32..)
        .zip(lines)
        .map(|(order, (customer, day, spend))| (customer, order, day, spend))
        .collect();
    Ledger::of_lines(4, &lines, last_day)
}

fn run(ledger: &Ledger, params: CohortParams) -> Result<CohortReport, CohortError> {
    cohorts(ledger, &params.check().unwrap())
}

#[test]
fn cohorts_form_a_triangle() {
    let report = run(&shop(MAR_02), CohortParams::default()).unwrap();
    assert_eq!(
        report.labels,
        ["2010-12", "2011-01"],
        "months with no newcomer are skipped"
    );
    assert_eq!(report.sizes, [2, 1]);
    assert_eq!(report.last_month, "2011-03");
    assert_eq!(report.active, [vec![2, 1, 1, 1], vec![1, 1, 0]]);
    assert_eq!(
        report.retention,
        [vec![1.0, 0.5, 0.5, 0.5], vec![1.0, 1.0, 0.0]]
    );
    assert_eq!(report.first_month_revenue, [40.0, 8.0]);
    assert_eq!(
        report.revenue_retention,
        [vec![1.0, 0.5, 0.1, 0.025], vec![1.0, 0.25, 0.0]]
    );
    assert_eq!(report.average_retention, [1.0, 2.0 / 3.0, 1.0 / 3.0, 0.5]);
    assert_eq!(
        report.average_revenue_retention,
        [1.0, 22.0 / 48.0, 4.0 / 48.0, 0.025]
    );
}

#[test]
fn rows_reach_the_last_day_even_without_purchases_then() {
    let report = run(&shop(APR_01), CohortParams::default()).unwrap();
    assert_eq!(report.last_month, "2011-04");
    assert_eq!(report.active, [vec![2, 1, 1, 1, 0], vec![1, 1, 0, 0]]);
}

#[test]
fn settings_trim_months_and_small_cohorts() {
    let capped = CohortParams {
        max_months: Some(1),
        min_cohort_size: 1,
    };
    let report = run(&shop(MAR_02), capped).unwrap();
    assert_eq!(report.active, [vec![2, 1], vec![1, 1]]);
    assert_eq!(report.average_retention.len(), 2);
    let big = CohortParams {
        max_months: None,
        min_cohort_size: 2,
    };
    let report = run(&shop(MAR_02), big).unwrap();
    assert_eq!(report.labels, ["2010-12"]);
    assert_eq!(report.average_retention, [1.0, 0.5, 0.5, 0.5]);
    let huge = CohortParams {
        max_months: None,
        min_cohort_size: 3,
    };
    assert_eq!(
        run(&shop(MAR_02), huge),
        Err(CohortError::NoCohortLargeEnough {
            min_cohort_size: 3,
            largest: 2
        })
    );
}

#[test]
fn errors_are_plain() {
    let zero = CohortParams {
        max_months: None,
        min_cohort_size: 0,
    };
    assert_eq!(zero.check(), Err(CohortError::MinCohortSize));
    let empty = Ledger::default();
    let err = run(&empty, CohortParams::default()).unwrap_err();
    assert_eq!(err, CohortError::NoPurchases);
    assert!(err.to_string().starts_with("Cohorts need"));
}

#[test]
fn report_round_trips_through_json() {
    let report = run(&shop(MAR_02), CohortParams::default()).unwrap();
    let json = serde_json::to_string(&report).unwrap();
    assert_eq!(serde_json::from_str::<CohortReport>(&json).unwrap(), report);
    let params: CohortParams = serde_json::from_str("{}").unwrap();
    assert_eq!(params, CohortParams::default());
}
