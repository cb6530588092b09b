//! The summary, customer and segment tables.

use super::{texts, Body, Cell};
use crate::columns::{Feature, Field};
use crate::export::Column;
use crate::ledger::Names;
use crate::pipeline::{iso_day, Analysis, Insights};

pub(super) fn summary(a: &Analysis) -> Body {
    let f = &a.file;
    let mut rows: Vec<Vec<Cell>> = vec![
        vec!["Rows read".into(), f.load.rows.into()],
        vec!["Customers".into(), f.customers_total.into()],
        vec!["Orders".into(), f.span.orders.into()],
        vec!["First day".into(), iso_day(f.span.first_day).into()],
        vec!["Last day".into(), iso_day(f.span.last_day).into()],
        vec!["Segments (K-Means)".into(), a.segmentation.k().into()],
    ];
    if let Some(i) = &a.insights {
        rows.extend(lifetime_summary(i));
    }
    (texts(&["Item", "Value"]), rows)
}

fn lifetime_summary(i: &Insights) -> Vec<Vec<Cell>> {
    match &i.lifetime.outcome {
        Ok(r) => r
            .notes
            .iter()
            .map(|n| vec!["Lifetime model".into(), n.as_str().into()])
            .collect(),
        Err(e) => vec![vec!["Lifetime model".into(), e.to_string().into()]],
    }
}

/// The customer table's header: id, features, segment, outlier, then the marketer's scores.
fn customer_header(a: &Analysis) -> Vec<String> {
    let mut h = vec![Field::CustomerId.label().to_owned()];
    h.extend(Feature::ALL.iter().map(|f| f.name().to_owned()));
    h.extend(
        [Column::Segment, Column::IsOutlier, Column::OutlierScore].map(|c| c.header().to_owned()),
    );
    if a.insights.is_some() {
        h.extend(ScoreColumn::ALL.iter().map(|c| c.header().to_owned()));
    }
    h
}

/// The marketer's per-customer scores in the customer table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreColumn {
    R,
    F,
    M,
    RfmSegment,
    ExpectedPurchases,
    PAlive,
    ChurnRisk,
    ExpectedOrderValue,
    Clv,
}

impl ScoreColumn {
    pub const ALL: [ScoreColumn; 9] = [
        ScoreColumn::R,
        ScoreColumn::F,
        ScoreColumn::M,
        ScoreColumn::RfmSegment,
        ScoreColumn::ExpectedPurchases,
        ScoreColumn::PAlive,
        ScoreColumn::ChurnRisk,
        ScoreColumn::ExpectedOrderValue,
        ScoreColumn::Clv,
    ];

    pub fn header(self) -> &'static str {
        match self {
            ScoreColumn::R => "R",
            ScoreColumn::F => "F",
            ScoreColumn::M => "M",
            ScoreColumn::RfmSegment => "RFM_Segment",
            ScoreColumn::ExpectedPurchases => "Expected_Purchases",
            ScoreColumn::PAlive => "P_Alive",
            ScoreColumn::ChurnRisk => "Churn_Risk",
            ScoreColumn::ExpectedOrderValue => "Expected_Order_Value",
            ScoreColumn::Clv => "CLV",
        }
    }
}

pub(super) fn customers(a: &Analysis) -> Body {
    let scores = a.insights.as_ref().map(Scores::of);
    let rows = a
        .features
        .ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let mut row: Vec<Cell> = vec![id.as_str().into()];
            row.extend(a.features.features[i].iter().map(|v| Cell::Number(*v)));
            row.push(a.segmentation.segment[i].map_or(Cell::Empty, |s| (s + 1).into()));
            row.push(Cell::Whole(i64::from(a.model.outlier[i])));
            row.push(Cell::Number(a.model.outlier_score[i]));
            if let Some(s) = &scores {
                row.extend(s.row(id));
            }
            row
        })
        .collect();
    (customer_header(a), rows)
}

/// The per-customer RFM and lifetime scores, found by customer id.
struct Scores<'a> {
    insights: &'a Insights,
}

impl<'a> Scores<'a> {
    fn of(insights: &'a Insights) -> Scores<'a> {
        Scores { insights }
    }

    fn row(&self, id: &str) -> Vec<Cell> {
        let names: &Names = &self.insights.names;
        let index = names
            .customers
            .binary_search_by(|c| c.as_str().cmp(id))
            .ok()
            .map(|i| i as u32);
        let rfm = self.insights.rfm.report().and_then(|r| {
            let i = index?;
            let at = r.customers.binary_search_by_key(&i, |c| c.customer).ok()?;
            r.customers.get(at)
        });
        let clv = self.insights.lifetime.report().and_then(|r| {
            let i = index?;
            let at = r.customers.binary_search_by_key(&i, |c| c.customer).ok()?;
            r.customers.get(at)
        });
        let mut row = match rfm {
            Some(c) => vec![
                Cell::Whole(c.r.into()),
                Cell::Whole(c.f.into()),
                Cell::Whole(c.m.into()),
                c.segment.name().into(),
            ],
            None => vec![Cell::Empty; 4],
        };
        row.extend(match clv {
            Some(c) => vec![
                Cell::Number(c.expected_purchases),
                Cell::Number(c.p_alive),
                Cell::Number(c.churn_risk),
                Cell::Number(c.expected_order_value),
                Cell::Number(c.clv),
            ],
            None => vec![Cell::Empty; 5],
        });
        row
    }
}

pub(super) fn segments(a: &Analysis) -> Body {
    let mut header = texts(&[Column::Segment.header(), "Customers"]);
    header.extend(Feature::ALL.iter().map(|f| f.name().to_owned()));
    let rows = a
        .segmentation
        .segments
        .iter()
        .map(|s| {
            let mut row: Vec<Cell> = vec![(s.id + 1).into(), s.size.into()];
            row.extend(s.means.iter().map(|v| Cell::Number(*v)));
            row
        })
        .collect();
    (header, rows)
}
