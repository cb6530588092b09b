//! Exports of an analysis as text: the customer table and the recommendations as CSV,
//! the whole analysis as JSON. The command line writes them to files, the app offers them
//! as downloads; both use these functions so the files are identical. Every header comes
//! from an enum: the input [`Field`]s, the [`Feature`]s and the export's own [`Column`]s.

use crate::columns::{Feature, Field};
use crate::pipeline::{Analysis, FeatureTable, ModelReport, Segmentation};

mod sheets;
mod xlsx;
pub use sheets::{list_name, sheet, sheet_csv, sheets, Cell, ScoreColumn, Sheet, Table};
pub use xlsx::{workbook, WorkbookError};

/// The export columns that are neither input fields nor features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Segment,
    IsOutlier,
    OutlierScore,
    Rank,
    SegmentQuantity,
    SegmentBuyers,
    Quantity,
    Revenue,
    Buyers,
    List,
    Reason,
    Method,
}

impl Column {
    pub fn header(self) -> &'static str {
        match self {
            Column::Segment => "Segment",
            Column::IsOutlier => "Is_Outlier",
            Column::OutlierScore => "Outlier_Score",
            Column::Rank => "Rank",
            Column::SegmentQuantity => "Segment_Quantity",
            Column::SegmentBuyers => "Segment_Buyers",
            Column::Quantity => "Quantity",
            Column::Revenue => "Revenue",
            Column::Buyers => "Buyers",
            Column::List => "List",
            Column::Reason => "Reason",
            Column::Method => "Method",
        }
    }
}

/// A header cell: an input field, a feature or an export column.
enum Header {
    Field(Field),
    Column(Column),
}

fn header_row(cells: &[Header]) -> Vec<String> {
    cells
        .iter()
        .map(|h| match h {
            Header::Field(f) => f.label().to_owned(),
            Header::Column(c) => c.header().to_owned(),
        })
        .collect()
}

/// One row per customer: id, the 15 features, segment (empty for outliers), outlier flag,
/// outlier score and the principal-component coordinates.
pub fn customers_csv(a: &Analysis) -> Result<String, csv::Error> {
    customers_table(&a.features, &a.model, &a.segmentation)
}

/// The customer table from its three layers.
pub fn customers_table(
    features: &FeatureTable,
    model: &ModelReport,
    segmentation: &Segmentation,
) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = header_row(&[Header::Field(Field::CustomerId)]);
    header.extend(Feature::ALL.iter().map(|f| f.name().to_owned()));
    header.extend(header_row(&[
        Header::Column(Column::Segment),
        Header::Column(Column::IsOutlier),
        Header::Column(Column::OutlierScore),
    ]));
    header.extend((1..=model.pca.kept).map(|i| format!("PC{i}")));
    w.write_record(&header)?;
    for (i, id) in features.ids.iter().enumerate() {
        let mut row: Vec<String> = vec![id.clone()];
        row.extend(features.features[i].iter().map(|v| fmt(*v)));
        row.push(
            segmentation.segment[i]
                .map(|s| (s + 1).to_string())
                .unwrap_or_default(),
        );
        row.push(u8::from(model.outlier[i]).to_string());
        row.push(fmt(model.outlier_score[i]));
        row.extend(model.coords[i].iter().map(|v| fmt(*v)));
        w.write_record(&row)?;
    }
    finish(w)
}

/// One row per recommended product per customer, best seller first.
pub fn recommendations_csv(s: &Segmentation) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header_row(&[
        Header::Field(Field::CustomerId),
        Header::Column(Column::Segment),
        Header::Column(Column::Rank),
        Header::Field(Field::StockCode),
        Header::Field(Field::Description),
        Header::Column(Column::SegmentQuantity),
        Header::Column(Column::SegmentBuyers),
    ]))?;
    let r = &s.recommendations;
    for c in &r.customers {
        let Some(seg) = r.segments.get(c.segment) else {
            continue;
        };
        let products = c.picks.iter().filter_map(|&p| seg.products.get(p));
        for (rank, product) in products.enumerate() {
            w.write_record([
                c.customer_id.clone(),
                (c.segment + 1).to_string(),
                (rank + 1).to_string(),
                product.stock_code.clone(),
                product.description.clone(),
                fmt(product.quantity),
                product.buyers.to_string(),
            ])?;
        }
    }
    finish(w)
}

/// Each segment's best sellers.
pub fn segment_products_csv(s: &Segmentation) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header_row(&[
        Header::Column(Column::Segment),
        Header::Column(Column::Rank),
        Header::Field(Field::StockCode),
        Header::Field(Field::Description),
        Header::Column(Column::Quantity),
        Header::Column(Column::Revenue),
        Header::Column(Column::Buyers),
    ]))?;
    for seg in &s.recommendations.segments {
        for (rank, p) in seg.products.iter().enumerate() {
            w.write_record([
                (seg.segment + 1).to_string(),
                (rank + 1).to_string(),
                p.stock_code.clone(),
                p.description.clone(),
                fmt(p.quantity),
                fmt(p.revenue),
                p.buyers.to_string(),
            ])?;
        }
    }
    finish(w)
}

pub fn report_json(a: &Analysis) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(a)
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<String, csv::Error> {
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Whole numbers without a fraction; others with up to 6 significant decimals.
fn fmt(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

#[cfg(test)]
mod tests;
