//! The analysis as named tables (sheets): what the workbook export writes one per sheet,
//! and what the command line writes one per CSV file. Each table is built once here, so
//! the workbook, the CSV files and the page's downloads agree cell for cell.

use crate::pipeline::Analysis;

mod customers;
mod insights;
mod recs;
pub use customers::ScoreColumn;
pub use recs::list_name;

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
    let found = a.insights.as_ref();
    let (header, rows) = match table {
        Table::Summary => customers::summary(a),
        Table::Customers => customers::customers(a),
        Table::Segments => customers::segments(a),
        Table::RfmSegments => insights::rfm_segments(found?)?,
        Table::Retention => insights::retention(found?, false)?,
        Table::RevenueRetention => insights::retention(found?, true)?,
        Table::Pairs => insights::pairs(found?)?,
        Table::Recommendations => recs::recommendations(a),
        Table::CustomerPicks => {
            recs::customer_picks(a.recs.as_ref()?.report()?, a.insights.as_ref()?)?
        }
        Table::Backtest => recs::backtest(a.recs.as_ref()?.report()?.backtest.as_ref().ok()?),
    };
    Some(Sheet {
        table,
        header,
        rows,
    })
}

pub(super) type Body = (Vec<String>, Vec<Vec<Cell>>);

pub(super) fn texts(header: &[&str]) -> Vec<String> {
    header.iter().map(|h| (*h).to_owned()).collect()
}

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
