//! The per-customer feature table as views over the cleaned lines, following
//! `crate::features`: the aggregates, each customer's modal weekday, hour and country,
//! the monthly spending series, and the 15 features in the core's customer order.

use super::{lines as l, Names, SqlParams, CUSTOMER_COLUMN};
use crate::columns::Feature;
use crate::features::Mode;

/// Customer ids in the core's order (`features::id_order`): numbers first, by value,
/// then text; ties by the text itself.
fn id_order(c: &str) -> String {
    let num = format!("try_cast({c} AS DOUBLE)");
    format!("({num} IS NULL), {num}, {c}")
}

/// polars' `n_unique` counts a missing value as one more value; SQL's `count(DISTINCT)`
/// does not.
fn n_unique(value: &str, when: &str) -> String {
    format!(
        "count(DISTINCT CASE WHEN {when} THEN {value} END) + max(CASE WHEN {when} AND {value} IS NULL THEN 1 ELSE 0 END)"
    )
}

pub(super) fn views(names: &Names, params: &SqlParams) -> Vec<(String, String)> {
    let v = |n: &str| names.view(n);
    let c = l::CUSTOMER_ID;
    let gaps = format!(
        "SELECT *, day - lag(day) OVER (PARTITION BY {c} ORDER BY {}) AS gap FROM {}",
        l::LINE_NO,
        v("clean")
    );
    let per = format!(
        "SELECT {c}, max(day) AS last_day, {} AS transactions, sum({}) AS quantity, \
         sum(spend) AS spend, {} AS products, avg(gap) AS gap, {} AS cancelled \
         FROM {} GROUP BY {c}",
        n_unique(l::INVOICE, "true"),
        l::QUANTITY,
        n_unique(l::STOCK_CODE, "true"),
        n_unique(l::INVOICE, "cancelled"),
        v("gaps")
    );
    let mut views = vec![(v("gaps"), gaps), (v("per"), per)];
    for column in ["weekday", "hour", l::COUNTRY] {
        views.push((v(&format!("modal_{column}")), modal(&v("clean"), column)));
    }
    views.push((
        v("main"),
        format!(
            "SELECT {cn} AS main_country FROM (SELECT {cn}, count(*) AS n FROM {} WHERE {cn} IS NOT NULL GROUP BY {cn}) q ORDER BY n DESC, {cn} LIMIT 1",
            v("modal_country"),
            cn = l::COUNTRY
        ),
    ));
    views.push((v("monthly"), monthly(&v("clean"))));
    views.push((v("joined"), joined(names)));
    if params.mode == Mode::Reference {
        views.push((
            v("ordered"),
            format!(
                "SELECT *, row_number() OVER (ORDER BY {}) AS pos FROM {}",
                id_order(c),
                v("joined")
            ),
        ));
        views.push((
            v("kept"),
            format!(
            "SELECT *, row_number() OVER (ORDER BY {}) AS kept_pos FROM {} WHERE gap IS NOT NULL",
            id_order(c),
            v("joined")
        ),
        ));
    }
    views
}

/// Each customer's most frequent value of `column` by line count, ties to the smallest.
fn modal(clean: &str, column: &str) -> String {
    let c = l::CUSTOMER_ID;
    format!(
        "SELECT {c}, {column} FROM (SELECT {c}, {column}, row_number() OVER (PARTITION BY {c} ORDER BY n DESC, {column}) AS r \
         FROM (SELECT {c}, {column}, count(*) AS n FROM {clean} GROUP BY {c}, {column}) q) m WHERE r = 1"
    )
}

/// Mean, sample standard deviation and least-squares slope of spend over each customer's
/// active calendar months, in month order (0 for a customer active in one month).
fn monthly(clean: &str) -> String {
    let c = l::CUSTOMER_ID;
    format!(
        "SELECT {c}, avg(s) AS m_mean, \
         CASE WHEN count(*) > 1 THEN stddev_samp(s) ELSE 0e0 END AS m_std, \
         CASE WHEN count(*) > 1 THEN regr_slope(s, i) ELSE 0e0 END AS m_slope \
         FROM (SELECT {c}, s, CAST(row_number() OVER (PARTITION BY {c} ORDER BY month) - 1 AS DOUBLE) AS i \
         FROM (SELECT {c}, month, sum(spend) AS s FROM {clean} GROUP BY {c}, month) q) m GROUP BY {c}"
    )
}

/// The aggregates beside the modal values, the monthly figures and the home flag.
fn joined(names: &Names) -> String {
    let v = |n: &str| names.view(n);
    let c = l::CUSTOMER_ID;
    format!(
        "SELECT p.*, w.weekday, h.hour, ct.{cn} AS {cn}, \
         CASE WHEN mc.main_country IS NOT NULL THEN 1e0 ELSE 0e0 END AS at_home, \
         mo.m_mean, mo.m_std, mo.m_slope \
         FROM {} p \
         LEFT JOIN {} w ON p.{c} = w.{c} \
         LEFT JOIN {} h ON p.{c} = h.{c} \
         LEFT JOIN {} ct ON p.{c} = ct.{c} \
         LEFT JOIN {} mc ON ct.{cn} = mc.main_country \
         LEFT JOIN {} mo ON p.{c} = mo.{c}",
        v("per"),
        v("modal_weekday"),
        v("modal_hour"),
        v("modal_country"),
        v("main"),
        v("monthly"),
        cn = l::COUNTRY
    )
}

/// One customer's 15 features (`crate::features::customer_row`); `o` is the customer's
/// row, `divisor` the transactions the cancellation rate divides by.
fn feature(f: Feature, divisor: &str) -> String {
    let d = |e: &str| format!("CAST({e} AS DOUBLE)");
    let safe =
        |a: &str, b: &str| format!("CASE WHEN {b} = 0 THEN 0e0 ELSE {} / {} END", d(a), d(b));
    let e = match f {
        Feature::DaysSinceLastPurchase => d("g.max_day - o.last_day"),
        Feature::TotalTransactions => d("o.transactions"),
        Feature::TotalProductsPurchased => d("o.quantity"),
        Feature::TotalSpend => d("o.spend"),
        Feature::AverageTransactionValue => safe("o.spend", "o.transactions"),
        Feature::UniqueProductsPurchased => d("o.products"),
        Feature::AverageDaysBetweenPurchases => d("coalesce(o.gap, 0e0)"),
        Feature::DayOfWeek => d("o.weekday"),
        Feature::Hour => d("o.hour"),
        Feature::IsUk => d("o.at_home"),
        Feature::CancellationFrequency => d("o.cancelled"),
        Feature::CancellationRate => safe("o.cancelled", &format!("coalesce({divisor}, 0)")),
        Feature::MonthlySpendingMean => d("coalesce(o.m_mean, 0e0)"),
        Feature::MonthlySpendingStd => d("coalesce(o.m_std, 0e0)"),
        Feature::SpendingTrend => d("coalesce(o.m_slope, 0e0)"),
    };
    format!("{e} AS {}", f.name())
}

/// The feature table: `CustomerID` and the 15 features (in no promised order: an engine
/// returns partitions; the reader sorts them as the core does).
/// Reference mode keeps customers with more than one line, and divides row r's
/// cancellations by the transactions of row r of the full table (the publication's quirk).
pub(super) fn table(names: &Names, mode: Mode) -> String {
    let v = |n: &str| names.view(n);
    let (from, divisor) = match mode {
        Mode::Corrected => (format!("{} o", v("joined")), "o.transactions"),
        Mode::Reference => (
            format!(
                "{} o LEFT JOIN {} r ON r.pos = o.kept_pos",
                v("kept"),
                v("ordered")
            ),
            "r.transactions",
        ),
    };
    let features: Vec<String> = Feature::ALL.iter().map(|&f| feature(f, divisor)).collect();
    format!(
        "SELECT o.{c} AS {CUSTOMER_COLUMN}, {} FROM {from} CROSS JOIN (SELECT max(day) AS max_day FROM {}) g",
        features.join(", "),
        v("clean"),
        c = l::CUSTOMER_ID
    )
}

/// Customers after cleaning, customers the table leaves out, and the main country.
pub(super) fn summary(names: &Names, mode: Mode) -> String {
    let v = |n: &str| names.view(n);
    let left_out = match mode {
        Mode::Corrected => "CAST(0 AS BIGINT)",
        Mode::Reference => {
            "CAST(coalesce(sum(CASE WHEN gap IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT)"
        }
    };
    format!(
        "SELECT c.customers, c.left_out, m.main_country FROM \
         (SELECT CAST(count(*) AS BIGINT) AS customers, {left_out} AS left_out FROM {}) c \
         LEFT JOIN {} m ON true",
        v("per"),
        v("main")
    )
}
