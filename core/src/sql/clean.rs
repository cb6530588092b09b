//! The cleaning chain as views: the input read into typed columns with its calendar
//! fields, then one view per rule (`k_…` marks what the rule keeps, `s_…` what passes
//! on), in the order and with the rules of `crate::clean`.

use super::{lines as l, text, Names, SqlParams};
use crate::clean::rules::{CANCELLED_STATUS, NOT_A_PRODUCT};
use crate::clean::CleanStepId;
use serde::{Deserialize, Serialize};

/// Columns of [`super::Plan::counts`], one row per step of the chain.
pub const COUNT_COLUMNS: [&str; 4] = ["step", "rows_in", "rows_out", "flagged"];

/// One row of the counts, read back: the figures of a [`crate::clean::CleanStep`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanCount {
    pub step: CleanStepId,
    pub rows_in: usize,
    pub rows_out: usize,
    pub flagged: usize,
}

/// The eight input fields two lines must share to be duplicates.
const EIGHT: [&str; 8] = [
    l::INVOICE,
    l::STOCK_CODE,
    l::DESCRIPTION,
    l::QUANTITY,
    l::INVOICE_DATE,
    l::UNIT_PRICE,
    l::CUSTOMER_ID,
    l::COUNTRY,
];

/// The calendar fields, derived once from the date.
const CALENDAR: [&str; 4] = ["day", "weekday", "hour", "month"];

/// Columns every line carries through the chain, comma-separated (the description
/// neither first nor last, so `finish` can find it between commas).
fn carried() -> String {
    let mut cols = vec![l::LINE_NO];
    cols.extend(EIGHT);
    cols.push(l::STATUS);
    cols.extend(CALENDAR);
    cols.join(", ")
}

pub(super) fn views(names: &Names, params: &SqlParams) -> Vec<(String, String)> {
    let mut views = vec![(names.view("lines"), typed(names, params))];
    let mut from = names.view("lines");
    let carried = carried();
    let filter = |views: &mut Vec<(String, String)>,
                  id: CleanStepId,
                  from: &mut String,
                  keep: String,
                  cols: &str| {
        let k = names.view(&format!("k_{}", slug(id)));
        let s = names.view(&format!("s_{}", slug(id)));
        views.push((
            k.clone(),
            format!("SELECT {cols}, {keep} AS keep FROM {from}"),
        ));
        let pass = if params.clean.off.contains(&id) {
            ""
        } else {
            " WHERE keep"
        };
        views.push((s.clone(), format!("SELECT {cols} FROM {k}{pass}")));
        *from = s;
    };
    let described = format!(
        "({} IS NOT NULL OR {})",
        l::DESCRIPTION,
        !params.input.has_products
    );
    let missing = format!("{} IS NOT NULL AND {described}", l::CUSTOMER_ID);
    filter(
        &mut views,
        CleanStepId::MissingValues,
        &mut from,
        missing,
        &carried,
    );
    let first = format!(
        "row_number() OVER (PARTITION BY {} ORDER BY {}) = 1",
        EIGHT.join(", "),
        l::LINE_NO
    );
    let dedupe = if params.input.has_invoice {
        first
    } else {
        "true".to_owned()
    };
    filter(
        &mut views,
        CleanStepId::Duplicates,
        &mut from,
        dedupe,
        &carried,
    );
    let flagged = names.view("s_returns");
    let cancelled = if params.clean.off.contains(&CleanStepId::Cancellations) {
        "false".to_owned()
    } else {
        "flag".to_owned()
    };
    views.push((
        names.view("k_returns"),
        format!(
            "SELECT {carried}, coalesce({}, false) AS flag FROM {from}",
            cancel_rule(params)
        ),
    ));
    views.push((
        flagged.clone(),
        format!(
            "SELECT {carried}, {cancelled} AS cancelled FROM {}",
            names.view("k_returns")
        ),
    ));
    from = flagged;
    let with_flag = format!("{carried}, cancelled");
    filter(
        &mut views,
        CleanStepId::StockCodes,
        &mut from,
        product_rule(params),
        &with_flag,
    );
    filter(
        &mut views,
        CleanStepId::ServiceDescriptions,
        &mut from,
        service_rule(params),
        &with_flag,
    );
    let price = format!("{} > 0e0", l::UNIT_PRICE);
    filter(
        &mut views,
        CleanStepId::Prices,
        &mut from,
        price,
        &with_flag,
    );
    views.push((names.view("clean"), finish(&from, params)));
    views
}

/// The input in typed columns, with day (since 1970-01-01), weekday (Monday 0), hour and
/// month (year × 12 + month − 1) as the loader derives them.
fn typed(names: &Names, params: &SqlParams) -> String {
    let s = |c: &str| format!("CAST({} AS STRING) AS {c}", text::ident(c));
    let d = |c: &str| format!("CAST({} AS DOUBLE) AS {c}", text::ident(c));
    let status = if params.input.has_status {
        s(l::STATUS)
    } else {
        format!("CAST(NULL AS STRING) AS {}", l::STATUS)
    };
    let ts = format!("CAST({} AS TIMESTAMP)", text::ident(l::INVOICE_DATE));
    let day = format!("datediff(to_date({ts}), DATE '1970-01-01')");
    let cols = [
        format!(
            "CAST({} AS BIGINT) AS {}",
            text::ident(l::LINE_NO),
            l::LINE_NO
        ),
        s(l::INVOICE),
        s(l::STOCK_CODE),
        s(l::DESCRIPTION),
        d(l::QUANTITY),
        format!("{ts} AS {}", l::INVOICE_DATE),
        d(l::UNIT_PRICE),
        s(l::CUSTOMER_ID),
        s(l::COUNTRY),
        status,
        format!("{day} AS day"),
        format!("pmod({day} + 3, 7) AS weekday"),
        format!("hour({ts}) AS hour"),
        format!("year({ts}) * 12 + month({ts}) - 1 AS month"),
    ];
    format!("SELECT {} FROM {}", cols.join(", "), names.input)
}

/// `crate::clean::Ctx::cancelled`.
fn cancel_rule(params: &SqlParams) -> String {
    if params.rules.c_prefix_cancels {
        return format!("{} LIKE 'C%'", l::INVOICE);
    }
    format!(
        "({} < 0e0 OR coalesce({} RLIKE {}, false))",
        l::QUANTITY,
        l::STATUS,
        text::string(CANCELLED_STATUS)
    )
}

/// `crate::clean::Ctx::a_product`.
fn product_rule(params: &SqlParams) -> String {
    if params.rules.stock_code_digits {
        return format!(
            "length(regexp_replace({}, '[^0-9]', '')) > 1",
            l::STOCK_CODE
        );
    }
    let named = |c: &str| format!("coalesce({c} RLIKE {}, false)", text::string(NOT_A_PRODUCT));
    format!(
        "NOT ({} OR {})",
        named(l::STOCK_CODE),
        named(l::DESCRIPTION)
    )
}

/// `crate::clean::Ctx::not_a_service`: a missing description is not a service line.
fn service_rule(params: &SqlParams) -> String {
    let mut rule = "true".to_owned();
    for s in &params.clean.service_descriptions {
        rule = format!(
            "{rule} AND NOT ({} <=> {})",
            l::DESCRIPTION,
            text::string(s)
        );
    }
    rule
}

/// `crate::clean::finish`: descriptions upper-cased, and each line's spend.
fn finish(from: &str, params: &SqlParams) -> String {
    let line = format!("{} * {}", l::QUANTITY, l::UNIT_PRICE);
    let spend = if params.rules.c_prefix_cancels {
        line
    } else {
        format!(
            "CASE WHEN cancelled AND {} > 0e0 THEN 0e0 ELSE {line} END",
            l::QUANTITY
        )
    };
    let cols = carried().replacen(
        &format!(", {}, ", l::DESCRIPTION),
        &format!(", upper({d}) AS {d}, ", d = l::DESCRIPTION),
        1,
    );
    format!("SELECT {cols}, cancelled, {spend} AS spend FROM {from}")
}

/// The view the rest of the run reads and the engine should keep: every line after the
/// duplicates' window, with its verdict. The counts of every later step, the feature
/// table and the summary all start from it.
pub(super) fn cached(names: &Names) -> String {
    names.view(&format!("k_{}", slug(CleanStepId::Duplicates)))
}

/// A step's name in the views and in the counts (its command-line name, as an
/// identifier).
fn slug(id: CleanStepId) -> String {
    id.slug().replace('-', "_")
}

/// One row per step, in the order of [`CleanStepId::ALL`].
pub(super) fn counts(names: &Names, params: &SqlParams) -> String {
    let n = "CAST(count(*) AS BIGINT)";
    let sum =
        |c: &str| format!("CAST(coalesce(sum(CASE WHEN {c} THEN 1 ELSE 0 END), 0) AS BIGINT)");
    let row = |id: CleanStepId, rows_out: &str, flagged: &str, from: String| {
        format!(
            "SELECT {} AS step, {n} AS rows_in, {rows_out} AS rows_out, {flagged} AS flagged FROM {from}",
            text::string(id.slug())
        )
    };
    let mut rows = vec![row(
        CleanStepId::Load,
        n,
        "CAST(0 AS BIGINT)",
        names.view("lines"),
    )];
    for id in CleanStepId::ALL.into_iter().skip(1) {
        let k = names.view(&format!("k_{}", slug(id)));
        let kept = sum("keep");
        rows.push(if id == CleanStepId::Cancellations {
            row(id, n, &sum("flag"), k)
        } else if params.clean.off.contains(&id) {
            // Switched off: every line passes; flagged is what the rule would drop.
            row(id, n, &format!("{n} - {kept}"), k)
        } else {
            row(id, &kept, "CAST(0 AS BIGINT)", k)
        });
    }
    rows.join("\nUNION ALL\n")
}
