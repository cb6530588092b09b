//! The recommendation tables: the reference method's picks, every customer's measured
//! lists and the backtest.

use super::{texts, Body, Cell};
use crate::backtest::BacktestReport;
use crate::columns::Field;
use crate::export::Column;
use crate::pipeline::{Analysis, Insights, RecsReport};
use crate::recommend::List;

pub(super) fn recommendations(a: &Analysis) -> Body {
    let header = texts(&[
        Field::CustomerId.label(),
        Column::Segment.header(),
        Column::Rank.header(),
        Field::StockCode.label(),
        Field::Description.label(),
        Column::SegmentQuantity.header(),
        Column::SegmentBuyers.header(),
    ]);
    let r = &a.segmentation.recommendations;
    let mut rows = Vec::new();
    for c in &r.customers {
        let Some(seg) = r.segments.get(c.segment) else {
            continue;
        };
        let products = c.picks.iter().filter_map(|&p| seg.products.get(p));
        for (rank, p) in products.enumerate() {
            rows.push(vec![
                c.customer_id.as_str().into(),
                (c.segment + 1).into(),
                (rank + 1).into(),
                p.stock_code.as_str().into(),
                p.description.as_str().into(),
                Cell::Number(p.quantity),
                p.buyers.into(),
            ]);
        }
    }
    (header, rows)
}

/// Every customer's two measured lists, one row per pick, with the reason in words.
pub(super) fn customer_picks(r: &RecsReport, i: &Insights) -> Option<Body> {
    let header = texts(&[
        Field::CustomerId.label(),
        Column::List.header(),
        Column::Rank.header(),
        Field::StockCode.label(),
        Field::Description.label(),
        Column::Reason.header(),
    ]);
    let names = &i.names;
    let segment = |s: u32| format!("segment {}", s + 1);
    let mut rows = Vec::new();
    // Made here when the report has its fitted recommender and not yet every list.
    let all = r.with_all_lists();
    for (c, lists) in all.customers.iter().enumerate() {
        let id = names.customer(c as u32);
        for list in List::ALL {
            for (rank, p) in lists.of(list).iter().enumerate() {
                let (code, description) = names.product(p.product);
                rows.push(vec![
                    id.into(),
                    list_name(list).into(),
                    (rank + 1).into(),
                    code.into(),
                    description.into(),
                    p.reason.text(names, &segment).as_str().into(),
                ]);
            }
        }
    }
    Some((header, rows))
}

/// A list's name in the exports.
pub fn list_name(list: List) -> &'static str {
    match list {
        List::Discovery => "discovery",
        List::NextBasket => "next basket",
    }
}

/// The backtest: one row per method and list, the figures at 10 and at 3.
pub(super) fn backtest(b: &BacktestReport) -> Body {
    let header = texts(&[
        Column::Method.header(),
        Column::List.header(),
        "Users",
        "Hit@10",
        "Recall@10",
        "NDCG@10",
        "Hit@3",
        "Recall@3",
        "NDCG@3",
        "Coverage",
    ]);
    let mut rows = Vec::new();
    for list in List::ALL {
        for m in &b.methods {
            let Some(s) = m.of(list) else { continue };
            rows.push(vec![
                m.method.name().into(),
                list_name(list).into(),
                s.users.into(),
                Cell::Percent(s.at_10.hit_rate),
                Cell::Percent(s.at_10.recall),
                Cell::Number(s.at_10.ndcg),
                Cell::Percent(s.at_3.hit_rate),
                Cell::Percent(s.at_3.recall),
                Cell::Number(s.at_3.ndcg),
                Cell::Percent(s.coverage),
            ]);
        }
    }
    (header, rows)
}
