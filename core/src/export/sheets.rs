//! The analysis as named tables (sheets): what the workbook export writes one per sheet,
//! and what the command line writes one per CSV file. Each table is built once here, so
//! the workbook, the CSV files and the page's downloads agree cell for cell.

use super::Column;
use crate::backtest::BacktestReport;
use crate::columns::{Feature, Field};
use crate::ledger::Names;
use crate::pipeline::{iso_day, Analysis, Insights, RecsReport};
use crate::recommend::List;

/// A cell: text, a number, a whole number, a fraction shown as a percentage, or nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Whole(i64),
    Percent(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Cell {
        Cell::Whole(n as i64)
    }
}

/// The tables of an export, each with its sheet name and its CSV file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Summary,
    Customers,
    Segments,
    RfmSegments,
    Retention,
    RevenueRetention,
    Pairs,
    Recommendations,
    CustomerPicks,
    Backtest,
}

impl Table {
    pub const ALL: [Table; 10] = [
        Table::Summary,
        Table::Customers,
        Table::Segments,
        Table::RfmSegments,
        Table::Retention,
        Table::RevenueRetention,
        Table::Pairs,
        Table::Recommendations,
        Table::CustomerPicks,
        Table::Backtest,
    ];

    /// The sheet's name (at most 31 characters, as Excel requires).
    pub fn sheet(self) -> &'static str {
        match self {
            Table::Summary => "Summary",
            Table::Customers => "Customers",
            Table::Segments => "Segments",
            Table::RfmSegments => "RFM segments",
            Table::Retention => "Cohort retention",
            Table::RevenueRetention => "Cohort revenue",
            Table::Pairs => "Bought together",
            Table::Recommendations => "Recommendations",
            Table::CustomerPicks => "Customer picks",
            Table::Backtest => "Backtest",
        }
    }

    /// The CSV file the command line writes it to.
    pub fn file(self) -> &'static str {
        match self {
            Table::Summary => "summary.csv",
            Table::Customers => "customer_scores.csv",
            Table::Segments => "segments.csv",
            Table::RfmSegments => "rfm_segments.csv",
            Table::Retention => "cohort_retention.csv",
            Table::RevenueRetention => "cohort_revenue.csv",
            Table::Pairs => "pairs.csv",
            Table::Recommendations => "recommendations_by_customer.csv",
            Table::CustomerPicks => "customer_picks.csv",
            Table::Backtest => "backtest.csv",
        }
    }
}

/// A named table.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub table: Table,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Every table of an analysis; the marketer's tables only when they were computed.
pub fn sheets(a: &Analysis) -> Vec<Sheet> {
    Table::ALL.iter().filter_map(|t| sheet(a, *t)).collect()
}

/// One table of an analysis; None when its analysis did not run.
pub fn sheet(a: &Analysis, table: Table) -> Option<Sheet> {
    let insights = a.insights.as_ref();
    let (header, rows) = match table {
        Table::Summary => summary(a),
        Table::Customers => customers(a),
        Table::Segments => segments(a),
        Table::RfmSegments => rfm_segments(insights?)?,
        Table::Retention => retention(insights?, false)?,
        Table::RevenueRetention => retention(insights?, true)?,
        Table::Pairs => pairs(insights?)?,
        Table::Recommendations => recommendations(a),
        Table::CustomerPicks => customer_picks(a.recs.as_ref()?.report()?, a.insights.as_ref()?)?,
        Table::Backtest => backtest(a.recs.as_ref()?.report()?.backtest.as_ref().ok()?),
    };
    Some(Sheet {
        table,
        header,
        rows,
    })
}

type Body = (Vec<String>, Vec<Vec<Cell>>);

fn texts(header: &[&str]) -> Vec<String> {
    header.iter().map(|h| (*h).to_owned()).collect()
}

fn summary(a: &Analysis) -> Body {
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

fn customers(a: &Analysis) -> Body {
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

fn segments(a: &Analysis) -> Body {
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

fn rfm_segments(i: &Insights) -> Option<Body> {
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

fn retention(i: &Insights, revenue: bool) -> Option<Body> {
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

fn pairs(i: &Insights) -> Option<Body> {
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

fn recommendations(a: &Analysis) -> Body {
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
fn customer_picks(r: &RecsReport, i: &Insights) -> Option<Body> {
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
fn backtest(b: &BacktestReport) -> Body {
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

/// A sheet as CSV text (percentages as fractions, so a spreadsheet can format them).
pub fn sheet_csv(sheet: &Sheet) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&sheet.header)?;
    for row in &sheet.rows {
        w.write_record(row.iter().map(|c| match c {
            Cell::Text(s) => s.clone(),
            Cell::Number(v) | Cell::Percent(v) => super::fmt(*v),
            Cell::Whole(n) => n.to_string(),
            Cell::Empty => String::new(),
        }))?;
    }
    super::finish(w)
}
