//! The marketer's tables: RFM segments, cohort retention and products bought together.

use super::{texts, Body, Cell};
use crate::pipeline::Insights;

pub(super) fn rfm_segments(i: &Insights) -> Option<Body> {
    let r = i.rfm.report()?;
    let header = texts(&[
        "RFM_Segment",
        "Rule",
        "Customers",
        "Customer_Share",
        "Revenue_Share",
        "Mean_Recency_Days",
        "Mean_Frequency",
        "Mean_Spend",
        "Suggested_Action",
    ]);
    let rows = r
        .segments
        .iter()
        .map(|s| {
            vec![
                s.segment.name().into(),
                s.segment.rule().into(),
                s.customers.into(),
                Cell::Percent(s.customer_share),
                Cell::Percent(s.revenue_share),
                Cell::Number(s.mean_recency_days),
                Cell::Number(s.mean_frequency),
                Cell::Number(s.mean_spend),
                s.segment.action().into(),
            ]
        })
        .collect();
    Some((header, rows))
}

fn cohort_header(width: usize) -> Vec<String> {
    let mut h = vec!["Cohort".to_owned(), "Customers".to_owned()];
    h.extend((0..width.saturating_sub(2)).map(|m| format!("Month_{m}")));
    h
}

pub(super) fn retention(i: &Insights, revenue: bool) -> Option<Body> {
    let c = i.cohorts.report()?;
    let table = if revenue {
        &c.revenue_retention
    } else {
        &c.retention
    };
    let width = table.iter().map(Vec::len).max().unwrap_or(0);
    let rows = c
        .labels
        .iter()
        .zip(&c.sizes)
        .zip(table)
        .map(|((label, size), values)| {
            let mut row: Vec<Cell> = vec![label.as_str().into(), (*size).into()];
            row.extend(values.iter().map(|v| Cell::Percent(*v)));
            row.resize(width + 2, Cell::Empty);
            row
        })
        .collect();
    Some((cohort_header(width + 2), rows))
}

pub(super) fn pairs(i: &Insights) -> Option<Body> {
    let b = i.baskets.report()?;
    let names = &i.names;
    let header = texts(&[
        "If_Bought_Code",
        "If_Bought",
        "Also_Bought_Code",
        "Also_Bought",
        "Orders_With_Both",
        "Support",
        "Confidence",
        "Lift",
    ]);
    let rows = b
        .overall
        .rules
        .iter()
        .map(|r| {
            let (a_code, a_desc) = names.product(r.antecedent);
            let (c_code, c_desc) = names.product(r.consequent);
            vec![
                a_code.into(),
                a_desc.into(),
                c_code.into(),
                c_desc.into(),
                r.orders.into(),
                Cell::Percent(r.support),
                Cell::Percent(r.confidence),
                Cell::Number(r.lift),
            ]
        })
        .collect();
    Some((header, rows))
}
